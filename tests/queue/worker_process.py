"""A worker that stalls at a chosen point of its batch, so a test can kill it there.

``python -m tests.queue.worker_process URL DATA_DIR MARKER PHASE``: claims one batch
of 10, then at ``PHASE`` (``extracting``: inside ``extract_many``; ``committing``: after
every signal is written, before the commit) writes MARKER and sleeps.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.bootstrap import bootstrap
from chatsignals.domain.extraction import Extraction, ExtractionItem
from chatsignals.extraction.base import Extractor
from chatsignals.services.worker import WorkerConfig, run_once
from chatsignals.settings import Settings

LEASE_SECONDS = 30.0


def stall(marker: Path) -> None:
    marker.write_text("stalled")
    time.sleep(120)


class StallingExtractor(Extractor):
    def __init__(self, inner: Extractor, marker: Path) -> None:
        self.inner = inner
        self.marker = marker

    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        out = self.inner.extract_many(items)
        stall(self.marker)
        return out


class _StallAfterComplete:
    def __init__(self, queue: Any, marker: Path) -> None:
        self._queue = queue
        self._marker = marker

    def __getattr__(self, name: str) -> Any:
        return getattr(self._queue, name)

    def complete(self, ids: Sequence[str]) -> int:
        done: int = self._queue.complete(ids)
        stall(self._marker)  # signals, decisions and results written, not committed
        return done


def main(url: str, data_dir: str, marker: str, phase: str) -> None:
    settings = Settings(database_url=url, data_dir=Path(data_dir))
    container = bootstrap(settings, migrate=False)
    ctx = container.ctx
    if phase == "extracting":
        from dataclasses import replace

        ctx = replace(ctx, extractor=StallingExtractor(ctx.extractor, Path(marker)))
    else:
        engine = container.engine

        class StallingUnitOfWork(SqlUnitOfWork):
            def __enter__(self) -> Self:
                super().__enter__()
                self.queue = _StallAfterComplete(self.queue, Path(marker))  # type: ignore[assignment]
                return self

        from dataclasses import replace

        ctx = replace(ctx, uow=lambda: StallingUnitOfWork(engine))
    run_once(ctx, config=WorkerConfig("doomed", batch_size=10, lease_seconds=LEASE_SECONDS))


if __name__ == "__main__":
    main(*sys.argv[1:5])

"""Batch engines: where backfill's batches run.

A batch is one transaction that reads, decides and writes its messages
(``services/backfill.process_batch``). ``LocalEngine`` runs batches one after another
in this process; the Ray engine (``adapters/batch/ray_engine.py``) runs the same
function in Ray workers, each with its own store connection and extractor. Both must
pass ``tests/backfill/test_engines.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import Self

from chatsignals.services.context import ServiceContext
from chatsignals.services.queue_ports import BatchDone, BatchRange


class BatchEngine(ABC):
    """Runs backfill batches; ``run_batches`` yields each batch's record in input order and
    may work ahead on later batches while the caller records earlier ones."""

    name: str = "base"
    workers: int = 1
    # Batches it runs or holds queued at once. The plan makes the last batches smaller
    # so that they end together: with n batches in flight, the engine may otherwise
    # finish with one worker still busy for up to n / workers whole batches and the
    # others idle.
    in_flight: int = 1

    @abstractmethod
    def run_batches(self, run_id: str, batches: Iterable[BatchRange]) -> Iterator[BatchDone]: ...

    def close(self) -> None:  # noqa: B027 - most engines hold nothing
        """Release workers (idempotent)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class LocalEngine(BatchEngine):
    """In this process, one batch at a time: for small stores and for measuring the
    single-core rate the distributed engine is compared with."""

    name = "local"

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx

    def run_batches(self, run_id: str, batches: Iterable[BatchRange]) -> Iterator[BatchDone]:
        from chatsignals.services.backfill import process_batch

        for batch in batches:
            yield process_batch(self._ctx, run_id, batch)

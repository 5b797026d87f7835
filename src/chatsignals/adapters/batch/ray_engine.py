"""Backfill on Ray: the same ``process_batch`` in long-lived Ray actors.

Each actor opens its own store connection and builds its extractor once (from the
settings), then reads, decides (``extract_many``) and writes whole batches, each in one
transaction. The driver only plans batches and keeps a bounded number in flight, getting
their records back in plan order so that it can advance the run's cursor.
Local Ray by default; ``address`` joins an existing cluster (``ray://host:10001`` or
``auto``), whose workers need chatsignals installed.

Ray is an optional extra (``pip install 'chatsignals[ray]'``), imported only here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from chatsignals.services.batch_engine import BatchEngine
from chatsignals.services.queue_ports import BatchDone, BatchRange
from chatsignals.settings import Settings


class _BatchWorker:
    """A Ray actor's body: its own store connection, policy and extractor, built once."""

    def __init__(self, settings: Settings) -> None:
        from chatsignals.bootstrap import bootstrap

        self._container = bootstrap(settings, migrate=False)

    def ready(self) -> bool:
        return True

    def run(self, run_id: str, batch: BatchRange) -> BatchDone:
        from chatsignals.services.backfill import process_batch

        return process_batch(self._container.ctx, run_id, batch)


class RayEngine(BatchEngine):
    name = "ray"

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int = 2,
        address: str | None = None,
        in_flight_per_worker: int = 2,
    ) -> None:
        try:
            import ray  # type: ignore[import-not-found, unused-ignore]  # optional extra
        except ImportError:
            raise RuntimeError(
                "the ray engine needs Ray: pip install 'chatsignals[ray]' (or use --engine local)"
            ) from None
        self._ray: Any = ray
        self.workers = workers
        self._in_flight = max(1, workers * in_flight_per_worker)
        self._started_ray = False
        if not ray.is_initialized():
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(
                    num_cpus=workers,
                    include_dashboard=False,
                    log_to_driver=False,
                    configure_logging=False,
                )
            self._started_ray = True
        # Workers may start in another directory: give them absolute paths.
        settings = replace(settings, data_dir=settings.data_dir.resolve())
        settings = replace(settings, database_url=settings.effective_database_url)
        actor: Any = ray.remote(num_cpus=1)(_BatchWorker)
        self._actors: list[Any] = [actor.remote(settings) for _ in range(workers)]
        ray.get([a.ready.remote() for a in self._actors])  # fail early, not mid-run

    def run_batches(self, run_id: str, batches: Iterable[BatchRange]) -> Iterator[BatchDone]:
        ray = self._ray
        pending: deque[Any] = deque()
        for turn, batch in enumerate(batches):
            pending.append(self._actors[turn % len(self._actors)].run.remote(run_id, batch))
            if len(pending) >= self._in_flight:
                yield ray.get(pending.popleft())
        while pending:
            yield ray.get(pending.popleft())

    def close(self) -> None:
        ray = self._ray
        for a in self._actors:
            ray.kill(a)
        self._actors = []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False

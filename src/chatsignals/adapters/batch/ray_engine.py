"""Backfill on Ray: the same ``process_batch`` in long-lived Ray actors.

Each actor opens its own store connection and builds its extractor once (from the
settings), keeps its collector's pauses short (``gc_pauses.py``), then reads, decides
(``extract_many``) and writes whole batches, each in one transaction. The driver only
plans batches and hands each to the first actor with room (two batches queued per
actor, so none waits on the driver between batches), and gives their records back in
plan order so that it can advance the run's cursor; it works at most a few batches
ahead of the oldest unfinished one.
Local Ray by default; ``address`` joins an existing cluster (``ray://host:10001`` or
``auto``), whose workers need chatsignals installed.

Ray is an optional extra (``pip install 'chatsignals[ray]'``), imported only here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from chatsignals.domain.extraction import ExtractionItem
from chatsignals.services.batch_engine import BatchEngine
from chatsignals.services.queue_ports import BatchDone, BatchRange
from chatsignals.settings import Settings

_WARM_UP = "Any tips for a weekend hike near the coast? I also want to try a new pasta recipe."


class _BatchWorker:
    """A Ray actor's body: its own store connection, policy and extractor, built once."""

    def __init__(self, settings: Settings) -> None:
        from chatsignals.bootstrap import bootstrap
        from chatsignals.gc_pauses import GcPauses
        from chatsignals.services import backfill

        self._container = bootstrap(settings, migrate=False)
        self._process_batch = backfill.process_batch
        GcPauses().start()  # the process is this actor's alone

    def ready(self) -> bool:
        """Reach the store and run the extractor once, so that a worker that cannot fails
        before the run starts, and the first batch finds the connection open and the code
        paths warm (a fresh worker's first batch took 20-40 ms longer than the rest)."""
        ctx = self._container.ctx
        with ctx.reading() as uow:
            uow.backfills.keys_after(None, 1)
        ctx.extractor.extract_many([ExtractionItem.from_text("ready", _WARM_UP)])
        return True

    def run(self, run_id: str, batch: BatchRange) -> BatchDone:
        return self._process_batch(self._container.ctx, run_id, batch)


class RayEngine(BatchEngine):
    name = "ray"

    def __init__(
        self,
        settings: Settings,
        *,
        workers: int = 2,
        address: str | None = None,
        in_flight_per_worker: int = 2,
        ahead_per_worker: int = 4,
    ) -> None:
        try:
            import ray  # type: ignore[import-not-found, unused-ignore]  # optional extra
        except ImportError:
            raise RuntimeError(
                "the ray engine needs Ray: pip install 'chatsignals[ray]' (or use --engine local)"
            ) from None
        self._ray: Any = ray
        self.workers = workers
        self._per_actor = max(1, in_flight_per_worker)
        self.in_flight = workers * self._per_actor
        self._ahead = max(workers * self._per_actor, workers * ahead_per_worker)
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
        # Round robin would tie each actor to every other batch: one slow batch would
        # leave the other actors idle once their share of the window was done. Instead a
        # batch goes to whichever actor has room, and records wait here for their turn.
        ray = self._ray
        plan = iter(batches)
        slots: deque[Any] = deque(a for _ in range(self._per_actor) for a in self._actors)
        running: dict[Any, tuple[int, Any]] = {}  # task -> (plan index, its actor)
        finished: dict[int, BatchDone] = {}
        planned = given = 0
        exhausted = False
        while True:
            while slots and not exhausted and planned - given < self._ahead:
                batch = next(plan, None)
                if batch is None:
                    exhausted = True
                    break
                actor = slots.popleft()
                running[actor.run.remote(run_id, batch)] = (planned, actor)
                planned += 1
            if not running:
                return
            ready, _ = ray.wait(list(running), num_returns=1)
            for task in ready:
                index, actor = running.pop(task)
                finished[index] = ray.get(task)
                slots.append(actor)
            while given in finished:
                yield finished.pop(given)
                given += 1

    def close(self) -> None:
        ray = self._ray
        for a in self._actors:
            ray.kill(a)
        self._actors = []
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False

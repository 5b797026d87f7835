"""Backfill on Ray: the same ``decide_many`` in long-lived Ray actors.

Each actor builds its own extractor once (from the settings) and decides whole batches
with ``extract_many``. The driver keeps a bounded number of batches in flight and gets
results back in input order, so it can write and checkpoint each batch as it arrives.
Local Ray by default; ``address`` joins an existing cluster (``ray://host:10001`` or
``auto``), whose workers need chatsignals installed.

Ray is an optional extra (``pip install 'chatsignals[ray]'``), imported only here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from chatsignals.services.batch_engine import BatchEngine
from chatsignals.services.processing import Decided, MessageInput
from chatsignals.settings import Settings


class _Decider:
    """A Ray actor's body: policy, taxonomy and extractor built once per worker."""

    def __init__(self, settings: Settings) -> None:
        from chatsignals.bootstrap import build_extractor
        from chatsignals.domain.policy import get_preset
        from chatsignals.domain.taxonomy import load_taxonomy

        self._preset = get_preset(settings.policy)
        self._taxonomy = load_taxonomy()
        self._extractor = build_extractor(settings)

    def ready(self) -> bool:
        return True

    def decide(self, inputs: Sequence[MessageInput]) -> list[Decided]:
        from chatsignals.services.processing import decide_many

        return decide_many(self._preset, self._taxonomy, self._extractor, inputs)


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
        actor: Any = ray.remote(num_cpus=1)(_Decider)
        self._actors: list[Any] = [actor.remote(settings) for _ in range(workers)]
        ray.get([a.ready.remote() for a in self._actors])  # fail early, not mid-run

    def decide_batches(self, batches: Iterable[Sequence[MessageInput]]) -> Iterator[list[Decided]]:
        ray = self._ray
        pending: deque[Any] = deque()
        for turn, batch in enumerate(batches):
            pending.append(self._actors[turn % len(self._actors)].decide.remote(list(batch)))
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

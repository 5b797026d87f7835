"""Batch engines: where backfill's pure decision step runs.

The driver reads each batch's inputs and writes its decisions; an engine only turns
input batches into decided batches, in order. ``LocalEngine`` runs in this process;
the Ray engine (``adapters/batch/ray_engine.py``) runs the same ``decide_many`` on Ray
workers. Both must pass ``tests/backfill/test_engine_contract.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import Self

from chatsignals.domain.policy import PolicyPreset
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor
from chatsignals.services.processing import Decided, MessageInput, decide_many


class BatchEngine(ABC):
    """Decides batches of messages; ``decide_batches`` yields results in input order and
    may work ahead on later batches while the caller writes earlier ones."""

    name: str = "base"
    workers: int = 1

    @abstractmethod
    def decide_batches(
        self, batches: Iterable[Sequence[MessageInput]]
    ) -> Iterator[list[Decided]]: ...

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

    def __init__(self, preset: PolicyPreset, taxonomy: Taxonomy, extractor: Extractor) -> None:
        self._preset = preset
        self._taxonomy = taxonomy
        self._extractor = extractor

    def decide_batches(self, batches: Iterable[Sequence[MessageInput]]) -> Iterator[list[Decided]]:
        for batch in batches:
            yield decide_many(self._preset, self._taxonomy, self._extractor, batch)

"""Ports for the extraction queue and for backfill runs.

The queue is durable and at-least-once: a claim is a lease, and a message whose lease
runs out (its worker died) is claimed again. Processing is idempotent, so a message
handled twice ends the same as one handled once.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ports imports this module for the unit of work's attributes
    from chatsignals.services.ports import StoredInteraction


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    interaction_id: str
    attempts: int  # including this claim
    enqueued_at: datetime


@dataclass(frozen=True, slots=True)
class QueueStats:
    depth: int  # messages waiting or claimed (dead letters excluded)
    oldest_enqueued_at: datetime | None
    dead_letters: int

    def lag_seconds(self, now: datetime) -> float:
        """How long the oldest waiting message has waited; 0 for an empty queue."""
        if self.oldest_enqueued_at is None:
            return 0.0
        return max(0.0, (now - self.oldest_enqueued_at).total_seconds())


class QueueRepository(ABC):
    @abstractmethod
    def enqueue(self, interaction_id: str, at: datetime) -> None: ...

    @abstractmethod
    def enqueue_many(self, interaction_ids: Sequence[str], at: datetime) -> None:
        """``enqueue`` each of the messages, in one go."""

    @abstractmethod
    def claim(
        self, worker_id: str, limit: int, now: datetime, lease_until: datetime
    ) -> list[ClaimedJob]:
        """Lease up to ``limit`` due, unleased jobs (oldest first) to ``worker_id``.

        Concurrent claimers never get the same job while its lease holds (PostgreSQL:
        ``FOR UPDATE SKIP LOCKED``; SQLite: the write lock taken at BEGIN)."""

    @abstractmethod
    def interactions(self, interaction_ids: Sequence[str]) -> list[StoredInteraction]:
        """The stored messages with these ids that still exist, in the order given."""

    @abstractmethod
    def complete(self, interaction_ids: Sequence[str]) -> int:
        """Remove done jobs; returns how many were still queued (a job whose lease ran out
        and that another worker completed first is simply gone)."""

    @abstractmethod
    def retry(self, interaction_id: str, at: datetime, error: str) -> None:
        """Release the lease; the job is due again at ``at``."""

    @abstractmethod
    def bury(self, interaction_id: str, error: str, now: datetime) -> None:
        """Move the job to the dead letters."""

    @abstractmethod
    def requeue_dead(self, now: datetime) -> int:
        """Put every dead letter back in the queue with a fresh attempt count."""

    @abstractmethod
    def stats(self) -> QueueStats: ...

    @abstractmethod
    def dead_letters(self, limit: int) -> list[tuple[str, int, str]]:
        """(interaction id, attempts, last error), oldest failure first."""


# A stored message's place in a backfill's plan: (account id, message id). In this order
# an account's messages come together, so a batch rewrites each of its accounts' signals
# once, and batches that run at the same time rarely share an account.
MessageKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class BackfillRun:
    id: str
    status: str  # running | done
    engine: str
    extractor: str
    policy: str
    batch_size: int
    total: int
    cursor: str | None  # last message id of the batches done so far, in plan order
    processed: int
    changed: int
    signals_added: int
    signals_removed: int
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    cursor_account: str | None = None  # the account of ``cursor``

    @property
    def cursor_key(self) -> MessageKey | None:
        if self.cursor is None or self.cursor_account is None:
            return None
        return (self.cursor_account, self.cursor)


@dataclass(frozen=True, slots=True)
class BatchRange:
    """Stored messages with keys from ``first`` to ``last`` (both included), in
    (account id, message id) order."""

    first_account: str
    first_id: str
    last_account: str
    last_id: str

    @property
    def first(self) -> MessageKey:
        return (self.first_account, self.first_id)

    @property
    def last(self) -> MessageKey:
        return (self.last_account, self.last_id)


@dataclass(frozen=True, slots=True)
class BatchDone:
    """One backfill batch, applied: what it covered and what it changed."""

    first_id: str
    last_id: str
    processed: int
    changed: int
    signals_added: int
    signals_removed: int
    first_account: str | None = None
    last_account: str | None = None


class BackfillRepository(ABC):
    @abstractmethod
    def add(self, run: BackfillRun) -> None: ...

    @abstractmethod
    def get(self, run_id: str) -> BackfillRun | None: ...

    @abstractmethod
    def latest_unfinished(self) -> BackfillRun | None: ...

    @abstractmethod
    def save(self, run: BackfillRun) -> None:
        """Write the run's cursor, counters and status."""

    @abstractmethod
    def keys_after(self, cursor: MessageKey | None, limit: int) -> list[MessageKey]:
        """Up to ``limit`` stored messages' keys after ``cursor``, in key order."""

    @abstractmethod
    def stored_between(self, first: MessageKey, last: MessageKey) -> list[StoredInteraction]:
        """The stored messages with keys in [first, last], in key order."""

    @abstractmethod
    def ids_between(self, first: MessageKey, last: MessageKey) -> set[str]:
        """The ids of the stored messages with keys in [first, last]: one range of the
        (account, id) index, where looking up each id a batch read cost PostgreSQL 512
        probes."""

    @abstractmethod
    def batch_done(self, run_id: str, last_id: str) -> BatchDone | None: ...

    @abstractmethod
    def add_batch(self, run_id: str, done: BatchDone, at: datetime) -> None:
        """Record a batch as applied (in the transaction that applied it)."""

    @abstractmethod
    def count_interactions(self) -> int: ...

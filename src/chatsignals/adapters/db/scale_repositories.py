"""SQL adapters for the extraction queue and backfill runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, tuple_, update

from chatsignals.adapters.db import schema as s
from chatsignals.adapters.db.repositories import _interaction_from_row
from chatsignals.adapters.db.sets import chunks, one_of
from chatsignals.services.ports import StoredInteraction
from chatsignals.services.queue_ports import (
    BackfillRepository,
    BackfillRun,
    BatchDone,
    ClaimedJob,
    MessageKey,
    QueueRepository,
    QueueStats,
)

_Q = s.extraction_queue
_DEAD = s.extraction_dead_letters
_RUNS = s.backfill_runs
_BATCHES = s.backfill_batches


class SqlQueue(QueueRepository):
    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def enqueue(self, interaction_id: str, at: datetime) -> None:
        self.enqueue_many([interaction_id], at)

    def enqueue_many(self, interaction_ids: Sequence[str], at: datetime) -> None:
        if not interaction_ids:
            return
        self._c.execute(
            insert(_Q),
            [
                {
                    "interaction_id": interaction_id,
                    "enqueued_at": at,
                    "attempts": 0,
                    "next_attempt_at": at,
                    "locked_until": None,
                    "claimed_by": None,
                    "last_error": None,
                }
                for interaction_id in interaction_ids
            ],
        )

    def claim(
        self, worker_id: str, limit: int, now: datetime, lease_until: datetime
    ) -> list[ClaimedJob]:
        due = and_(
            _Q.c.next_attempt_at <= now,
            or_(_Q.c.locked_until.is_(None), _Q.c.locked_until <= now),
        )
        # SKIP LOCKED lets concurrent PostgreSQL workers pass over each other's rows;
        # SQLite ignores it, and its BEGIN IMMEDIATE already serializes claimers.
        rows = self._c.execute(
            select(_Q.c.interaction_id, _Q.c.attempts, _Q.c.enqueued_at)
            .where(due)
            .order_by(_Q.c.next_attempt_at, _Q.c.interaction_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        if not rows:
            return []
        ids = [r.interaction_id for r in rows]
        self._c.execute(
            update(_Q)
            .where(one_of(self._c, _Q.c.interaction_id, ids))
            .values(attempts=_Q.c.attempts + 1, locked_until=lease_until, claimed_by=worker_id)
        )
        return [ClaimedJob(r.interaction_id, r.attempts + 1, r.enqueued_at) for r in rows]

    def interactions(self, interaction_ids: Sequence[str]) -> list[StoredInteraction]:
        found: dict[str, StoredInteraction] = {}
        t = s.interactions
        for chunk in chunks(self._c, interaction_ids):
            for row in self._c.execute(select(t).where(one_of(self._c, t.c.id, chunk))):
                found[row.id] = _interaction_from_row(row)
        return [found[i] for i in interaction_ids if i in found]

    def complete(self, interaction_ids: Sequence[str]) -> int:
        done = 0
        for chunk in chunks(self._c, interaction_ids):
            gone = delete(_Q).where(one_of(self._c, _Q.c.interaction_id, chunk))
            done += int(self._c.execute(gone).rowcount)
        return done

    def retry(self, interaction_id: str, at: datetime, error: str) -> None:
        self._c.execute(
            update(_Q)
            .where(_Q.c.interaction_id == interaction_id)
            .values(next_attempt_at=at, locked_until=None, claimed_by=None, last_error=error)
        )

    def bury(self, interaction_id: str, error: str, now: datetime) -> None:
        row = self._c.execute(
            select(_Q.c.enqueued_at, _Q.c.attempts).where(_Q.c.interaction_id == interaction_id)
        ).first()
        if row is None:
            return
        self._c.execute(
            insert(_DEAD).values(
                interaction_id=interaction_id,
                enqueued_at=row.enqueued_at,
                attempts=row.attempts,
                last_error=error,
                failed_at=now,
            )
        )
        self._c.execute(delete(_Q).where(_Q.c.interaction_id == interaction_id))

    def requeue_dead(self, now: datetime) -> int:
        rows = self._c.execute(select(_DEAD.c.interaction_id)).all()
        self.enqueue_many([r.interaction_id for r in rows], now)
        self._c.execute(delete(_DEAD))
        return len(rows)

    def stats(self) -> QueueStats:
        depth, oldest = self._c.execute(select(func.count(), func.min(_Q.c.enqueued_at))).one()
        dead = self._c.execute(select(func.count()).select_from(_DEAD)).scalar_one()
        return QueueStats(int(depth), oldest, int(dead))

    def dead_letters(self, limit: int) -> list[tuple[str, int, str]]:
        rows = self._c.execute(
            select(_DEAD.c.interaction_id, _DEAD.c.attempts, _DEAD.c.last_error)
            .order_by(_DEAD.c.failed_at, _DEAD.c.interaction_id)
            .limit(limit)
        )
        return [(r.interaction_id, int(r.attempts), r.last_error) for r in rows]


class SqlBackfills(BackfillRepository):
    def __init__(self, conn: Connection) -> None:
        self._c = conn

    def add(self, run: BackfillRun) -> None:
        self._c.execute(insert(_RUNS).values(**asdict(run)))

    def get(self, run_id: str) -> BackfillRun | None:
        row = self._c.execute(select(_RUNS).where(_RUNS.c.id == run_id)).first()
        return None if row is None else BackfillRun(**row._asdict())

    def latest_unfinished(self) -> BackfillRun | None:
        row = self._c.execute(
            select(_RUNS)
            .where(_RUNS.c.status == "running")
            .order_by(_RUNS.c.started_at.desc(), _RUNS.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else BackfillRun(**row._asdict())

    def save(self, run: BackfillRun) -> None:
        values = asdict(run)
        del values["id"]
        self._c.execute(update(_RUNS).where(_RUNS.c.id == run.id).values(**values))

    def keys_after(self, cursor: MessageKey | None, limit: int) -> list[MessageKey]:
        t = s.interactions
        query = select(t.c.account_id, t.c.id).order_by(t.c.account_id, t.c.id).limit(limit)
        if cursor is not None:
            query = query.where(tuple_(t.c.account_id, t.c.id) > tuple_(*cursor))
        return [(r.account_id, r.id) for r in self._c.execute(query)]

    def stored_between(self, first: MessageKey, last: MessageKey) -> list[StoredInteraction]:
        t = s.interactions
        key = tuple_(t.c.account_id, t.c.id)
        rows = self._c.execute(
            select(t)
            .where(and_(key >= tuple_(*first), key <= tuple_(*last)))
            .order_by(t.c.account_id, t.c.id)
        )
        return [_interaction_from_row(r) for r in rows]

    def ids_between(self, first: MessageKey, last: MessageKey) -> set[str]:
        t = s.interactions
        key = tuple_(t.c.account_id, t.c.id)
        rows = self._c.execute(
            select(t.c.id).where(and_(key >= tuple_(*first), key <= tuple_(*last)))
        )
        return {r.id for r in rows}

    def batch_done(self, run_id: str, last_id: str) -> BatchDone | None:
        b = _BATCHES
        row = self._c.execute(
            select(b).where(and_(b.c.run_id == run_id, b.c.last_id == last_id))
        ).first()
        if row is None:
            return None
        return BatchDone(
            row.first_id,
            row.last_id,
            row.processed,
            row.changed,
            row.signals_added,
            row.signals_removed,
            row.first_account,
            row.last_account,
        )

    def add_batch(self, run_id: str, done: BatchDone, at: datetime) -> None:
        self._c.execute(insert(_BATCHES).values(run_id=run_id, done_at=at, **asdict(done)))

    def count_interactions(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(s.interactions)).scalar_one())

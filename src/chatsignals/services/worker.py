"""Queue workers: extraction for messages that ingest stored without processing.

``run_once`` is one claim-process-commit cycle:

1. claim a batch in its own short transaction: each job gets a lease and one more
   attempt, so a worker killed at any point gives its jobs back when the lease ends;
2. process the batch through ``process_stored`` (one ``extract_many`` call) and delete
   the jobs in the same transaction: a message's signals and its job's removal commit
   together, and re-processing a message replaces its signals (at-least-once delivery,
   applied once);
3. if the batch fails, each message is tried alone so one bad message cannot hold the
   others back; a failing message is retried with exponential backoff and, after
   ``max_attempts``, moved to the dead letters.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from chatsignals.services.context import ServiceContext
from chatsignals.services.processing import MessageReport, process_stored
from chatsignals.services.queue_ports import ClaimedJob, QueueStats


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass(frozen=True)
class WorkerConfig:
    worker_id: str = field(default_factory=default_worker_id)
    batch_size: int = 256  # a batch costs a dozen statements, whatever its size
    lease_seconds: float = 60.0  # longer than a batch ever takes
    max_attempts: int = 5
    backoff_base_seconds: float = 2.0
    backoff_max_seconds: float = 300.0

    def backoff(self, attempts: int) -> timedelta:
        """Delay before the next try after ``attempts`` failed ones: 2 s, 4 s, 8 s, …"""
        seconds = self.backoff_base_seconds * 2 ** max(0, attempts - 1)
        return timedelta(seconds=min(self.backoff_max_seconds, seconds))


@dataclass(frozen=True)
class BatchOutcome:
    claimed: int = 0
    processed: int = 0
    retried: int = 0
    dead: int = 0
    reports: tuple[MessageReport, ...] = ()


def _process(ctx: ServiceContext, jobs: Sequence[ClaimedJob]) -> list[MessageReport]:
    ids = [j.interaction_id for j in jobs]
    with ctx.uow() as uow:
        stored = uow.queue.interactions(ids)  # a message deleted meanwhile is simply gone
        reports = process_stored(ctx, uow, stored)
        uow.queue.complete(ids)
        uow.commit()
    return reports


def _fail(ctx: ServiceContext, config: WorkerConfig, job: ClaimedJob, exc: Exception) -> bool:
    """Schedule a retry or bury the job; True when it went to the dead letters."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    now = ctx.clock.now()
    with ctx.uow() as uow:
        dead = job.attempts >= config.max_attempts
        if dead:
            uow.queue.bury(job.interaction_id, error, now)
        else:
            uow.queue.retry(job.interaction_id, now + config.backoff(job.attempts), error)
        uow.commit()
    return dead


def run_once(
    ctx: ServiceContext, batch_size: int | None = None, config: WorkerConfig | None = None
) -> BatchOutcome:
    """Claim up to ``batch_size`` due jobs, process them, and commit. Safe to run from
    any number of processes at once."""
    config = config or WorkerConfig()
    now = ctx.clock.now()
    with ctx.uow() as uow:
        jobs = uow.queue.claim(
            config.worker_id,
            batch_size or config.batch_size,
            now,
            now + timedelta(seconds=config.lease_seconds),
        )
        uow.commit()
    if not jobs:
        return BatchOutcome()
    try:
        reports = _process(ctx, jobs)
        return BatchOutcome(len(jobs), len(reports), reports=tuple(reports))
    except Exception as exc:
        if len(jobs) == 1:
            buried = _fail(ctx, config, jobs[0], exc)
            return BatchOutcome(1, 0, retried=int(not buried), dead=int(buried))
    # The batch failed: find the culprit(s) by trying each message alone.
    processed: list[MessageReport] = []
    retried = dead = 0
    for job in jobs:
        try:
            processed.extend(_process(ctx, [job]))
        except Exception as exc:
            if _fail(ctx, config, job, exc):
                dead += 1
            else:
                retried += 1
    return BatchOutcome(len(jobs), len(processed), retried, dead, tuple(processed))


def queue_stats(ctx: ServiceContext) -> QueueStats:
    with ctx.reading() as uow:
        return uow.queue.stats()


def requeue_dead_letters(ctx: ServiceContext) -> int:
    """Give every dead letter a fresh start (after the cause was fixed)."""
    with ctx.uow() as uow:
        count = uow.queue.requeue_dead(ctx.clock.now())
        uow.commit()
        return count

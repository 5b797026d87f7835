"""The extraction queue: ingest acknowledges once stored, workers extract at least once,
failures back off and end in the dead letters, and results equal inline processing."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from chatsignals.bootstrap import Container
from chatsignals.domain.extraction import Extraction, ExtractionItem
from chatsignals.extraction.base import Extractor
from chatsignals.services import forget
from chatsignals.services.clock import ManualClock
from chatsignals.services.worker import (
    WorkerConfig,
    queue_stats,
    requeue_dead_letters,
    run_once,
)
from tests.queue.store import T0, count, make_container, seed, signal_rows


def drain(container: Container, config: WorkerConfig | None = None) -> int:
    done = 0
    while (outcome := run_once(container.ctx, config=config)).claimed:
        done += outcome.processed
    return done


class Flaky(Extractor):
    """Fails for every item whose text contains ``poison``; counts the calls."""

    name = "flaky"

    def __init__(self, inner: Extractor, poison: str = "asthma") -> None:
        self.inner = inner
        self.poison = poison
        self.calls = 0

    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        self.calls += 1
        if any(self.poison in i.user_text for i in items):
            raise RuntimeError("model server unavailable")
        return self.inner.extract_many(items)


def test_queued_messages_are_acknowledged_pending_and_extracted_by_a_worker(
    db_url: str, tmp_path: Path
) -> None:
    c = make_container(db_url, tmp_path)
    ids = seed(c, 30)
    with c.ctx.uow() as uow:
        stored = uow.interactions.get(ids[1])
        assert stored is not None and stored.status == "pending"
    stats = queue_stats(c.ctx)
    assert stats.depth == 30 and stats.lag_seconds(T0 + timedelta(seconds=5)) == 5.0
    assert count(c.engine, "SELECT COUNT(*) FROM signal_buckets") == 0
    assert drain(c, WorkerConfig(batch_size=7)) == 30
    assert queue_stats(c.ctx).depth == 0
    assert count(c.engine, "SELECT COUNT(*) FROM interactions WHERE status = 'pending'") == 0
    c.close()


def test_the_queue_gives_the_same_signals_as_inline_processing(db_url: str, tmp_path: Path) -> None:
    queued = make_container(db_url, tmp_path / "q")
    seed(queued, 40)
    drain(queued, WorkerConfig(batch_size=16))
    inline = make_container(f"sqlite:///{tmp_path / 'inline.sqlite'}", tmp_path, mode="inline")
    seed(inline, 40)
    assert signal_rows(queued.engine) == signal_rows(inline.engine) != []
    queued.close()
    inline.close()


def test_a_leased_job_is_not_claimed_twice_until_its_lease_ends(
    db_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(T0 + timedelta(minutes=1))
    c = make_container(db_url, tmp_path, clock=clock)
    seed(c, 3)
    now = clock.now()
    with c.ctx.uow() as uow:
        first = uow.queue.claim("w1", 10, now, now + timedelta(seconds=30))
        uow.commit()
    with c.ctx.uow() as uow:
        assert uow.queue.claim("w2", 10, now + timedelta(seconds=29), now) == []
        again = uow.queue.claim("w2", 10, now + timedelta(seconds=31), now + timedelta(minutes=1))
    assert len(first) == 3 and [j.attempts for j in again] == [2, 2, 2]
    c.close()


def test_a_failing_message_backs_off_then_goes_to_the_dead_letters(
    db_url: str, tmp_path: Path
) -> None:
    clock = ManualClock(T0 + timedelta(minutes=1))
    c = make_container(db_url, tmp_path, clock=clock)
    flaky = Flaky(c.ctx.extractor)
    from dataclasses import replace

    c = replace(c, ctx=replace(c.ctx, extractor=flaky))
    seed(c, 8)  # m00003 is about asthma
    config = WorkerConfig(batch_size=8, max_attempts=3, backoff_base_seconds=10)
    first = run_once(c.ctx, config=config)
    assert (first.claimed, first.processed, first.retried) == (8, 7, 1)
    assert run_once(c.ctx, config=config).claimed == 0  # backing off: due in 10 s
    clock.set(clock.now() + timedelta(seconds=11))
    assert run_once(c.ctx, config=config).retried == 1  # second failure: due in 20 s
    clock.set(clock.now() + timedelta(seconds=15))
    assert run_once(c.ctx, config=config).claimed == 0
    clock.set(clock.now() + timedelta(seconds=10))
    third = run_once(c.ctx, config=config)
    assert third.dead == 1
    stats = queue_stats(c.ctx)
    assert (stats.depth, stats.dead_letters) == (0, 1)
    with c.ctx.uow() as uow:
        [(mid, attempts, error)] = uow.queue.dead_letters(10)
    assert (mid, attempts) == ("m00003", 3) and "model server unavailable" in error
    flaky.poison = "no longer poisonous"
    assert requeue_dead_letters(c.ctx) == 1
    assert drain(c, config) == 1 and queue_stats(c.ctx).dead_letters == 0
    c.close()


def test_deleting_a_queued_message_removes_its_job(db_url: str, tmp_path: Path) -> None:
    c = make_container(db_url, tmp_path)
    seed(c, 4)
    forget.delete_interaction(c.ctx, "m00001")
    assert queue_stats(c.ctx).depth == 3
    assert drain(c) == 3
    c.close()


def test_concurrent_workers_share_the_queue_without_overlap(db_url: str, tmp_path: Path) -> None:
    c = make_container(db_url, tmp_path)
    seed(c, 60)
    claimed: dict[str, list[str]] = {}
    now = c.ctx.clock.now()

    def claim(worker: str) -> None:
        got: list[str] = []
        while True:
            with c.ctx.uow() as uow:
                jobs = uow.queue.claim(worker, 5, now, now + timedelta(minutes=5))
                uow.commit()
            if not jobs:
                break
            got.extend(j.interaction_id for j in jobs)
        claimed[worker] = got

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    everything = [mid for got in claimed.values() for mid in got]
    assert sorted(everything) == sorted(set(everything)) and len(everything) == 60
    c.close()

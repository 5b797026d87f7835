"""Backfill: re-deciding stored messages after a policy or model change, resumably."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from chatsignals.bootstrap import Container
from chatsignals.domain.accounts import Purpose
from chatsignals.domain.extraction import Extraction, ExtractionItem
from chatsignals.extraction.base import Extractor
from chatsignals.services import accounts, backfill, forget
from chatsignals.services.backfill import (
    BackfillOptions,
    find_run,
    plan_batches,
    run_backfill,
    start_run,
    summary,
)
from chatsignals.services.batch_engine import BatchEngine, LocalEngine
from chatsignals.services.clock import ManualClock
from chatsignals.services.context import ServiceContext
from chatsignals.services.interests import read_interests
from chatsignals.services.queue_ports import BackfillRun, BatchDone, BatchRange
from tests.queue.store import count, make_container, seed, signal_rows

MESSAGES = 40


def store(path: Path, policy: str = "meta-2025") -> Container:
    c = make_container(f"sqlite:///{path / 'store.sqlite'}", path, mode="inline", policy=policy)
    return c


def seeded(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    c = store(path)
    seed(c, MESSAGES)
    accounts.record_consent(c.ctx, "fb:3", Purpose.ADS, True)
    c.close()


def local(c: Container) -> LocalEngine:
    return LocalEngine(c.ctx)


class CrashingEngine(BatchEngine):
    """Applies ``good`` batches, then dies as a killed driver would (the batch after them
    may be applied too: a driver dies while its workers work ahead)."""

    def __init__(self, inner: BatchEngine, good: int) -> None:
        self.inner = inner
        self.good = good

    def run_batches(self, run_id: str, batches: Iterable[BatchRange]) -> Iterator[BatchDone]:
        for n, done in enumerate(self.inner.run_batches(run_id, batches)):
            if n == self.good:
                raise RuntimeError("killed")
            yield done


def whole_and_halves(
    tmp_path: Path,
) -> tuple[Container, BackfillRun, Container, BackfillRun]:
    """Two copies of the seeded store under the consent policy: one backfilled in one
    go (the store, its finished run; batches of 7), and one with the same run started,
    for a test to interrupt (the store, the run)."""
    seeded(tmp_path / "a")
    seeded(tmp_path / "b")
    whole = store(tmp_path / "a", policy="consent")
    done_whole = run_backfill(
        whole.ctx, start_run(whole.ctx, "local", BackfillOptions(7)), local(whole)
    )
    halves = store(tmp_path / "b", policy="consent")
    return whole, done_whole, halves, start_run(halves.ctx, "local", BackfillOptions(7))


def profiles(c: Container) -> list[object]:
    return [read_interests(c.ctx, f"fb:{p}") for p in range(5)]


def test_a_policy_change_backfill_rewrites_signals_and_says_what_changed(
    tmp_path: Path,
) -> None:
    seeded(tmp_path)
    before = len(signal_rows(store(tmp_path).engine))
    c = store(tmp_path, policy="consent")  # opt-in only: fb:3 consented to ads
    run = start_run(c.ctx, "local", BackfillOptions(batch_size=8))
    done = run_backfill(c.ctx, run, local(c))
    after = signal_rows(c.engine)
    assert done.status == "done" and done.processed == MESSAGES == done.total
    assert {purpose for _, purpose, _, _ in after} == {"ads"}
    assert {source for source, *_ in after} <= {f"m{i:05d}" for i in range(3, MESSAGES, 5)}
    assert done.signals_removed - done.signals_added == before - len(after) > 0
    assert done.changed == MESSAGES  # every message now names the consent rule
    assert count(c.engine, "SELECT COUNT(*) FROM decisions WHERE rule = 'consent'") > 0
    assert summary(done)["decisions_changed"] == done.changed
    again = run_backfill(c.ctx, start_run(c.ctx, "local", BackfillOptions(8)), local(c))
    assert (again.changed, again.signals_added, again.signals_removed) == (0, 0, 0)


def test_a_backfill_that_changes_nothing_writes_no_decision_result_or_audit_entry(
    tmp_path: Path,
) -> None:
    seeded(tmp_path)
    c = store(tmp_path, policy="consent")
    first = run_backfill(c.ctx, start_run(c.ctx, "local", BackfillOptions(8)), local(c))
    assert first.changed == MESSAGES

    def written() -> tuple[object, ...]:
        with c.engine.connect() as conn:
            decisions = conn.exec_driver_sql(
                "SELECT source_id, purpose, rule, reason, at FROM decisions ORDER BY 1, 2, 3"
            ).all()
            results = conn.exec_driver_sql("SELECT id, status, result FROM interactions").all()
        denials = count(c.engine, "SELECT COUNT(*) FROM audit_log WHERE action = 'policy.deny'")
        return sorted(decisions), sorted(results), denials, signal_rows(c.engine)

    before = written()
    assert before[2] > 0  # the consent policy denied, and the audit log says so
    clock = c.ctx.clock
    assert isinstance(clock, ManualClock)
    clock.set(clock.now() + timedelta(hours=1))
    again = run_backfill(c.ctx, start_run(c.ctx, "local", BackfillOptions(8)), local(c))
    assert again.processed == MESSAGES and again.changed == 0
    assert written() == before  # same decision rows, stamped when they were first made

    # A message whose stored outcome differs (as an older model's would) is rewritten.
    with c.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM decisions WHERE source_id = 'm00003'")
        conn.exec_driver_sql("UPDATE interactions SET result = NULL WHERE id = 'm00003'")
    fixed = run_backfill(c.ctx, start_run(c.ctx, "local", BackfillOptions(8)), local(c))
    assert fixed.changed == 1
    after = written()
    assert [row for row in after[0] if row[0] == "m00003"]  # its decisions again, new stamp
    assert [row for row in after[0] if row[0] != "m00003"] == [
        row for row in before[0] if row[0] != "m00003"
    ]
    assert after[1] == before[1] and after[3] == before[3]


def test_a_driver_killed_before_it_saved_its_progress_resumes_without_redoing_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole, done_whole, halves, run = whole_and_halves(tmp_path)
    with monkeypatch.context() as m:  # the process dies before any save of the run
        m.setattr(backfill, "_save", lambda ctx, run: run)
        with pytest.raises(RuntimeError, match="killed"):
            run_backfill(halves.ctx, run, CrashingEngine(local(halves), good=3))
    interrupted = find_run(halves.ctx, None)
    assert interrupted is not None and (interrupted.processed, interrupted.cursor) == (0, None)
    assert count(halves.engine, "SELECT COUNT(*) FROM backfill_batches") >= 3

    applied: list[BatchRange] = []
    real = backfill.process_batch

    def counting(ctx: ServiceContext, run_id: str, batch: BatchRange) -> BatchDone:
        with ctx.uow() as uow:
            if uow.backfills.batch_done(run_id, batch.last_id) is None:
                applied.append(batch)
        return real(ctx, run_id, batch)

    monkeypatch.setattr(backfill, "process_batch", counting)
    done = run_backfill(halves.ctx, interrupted, local(halves))
    assert done.status == "done" and done.processed == MESSAGES
    assert len(applied) == len(list(plan_batches(halves.ctx, None, 7))) - 4  # 3 + the one ahead
    assert signal_rows(halves.engine) == signal_rows(whole.engine)
    counters = ("processed", "changed", "signals_added", "signals_removed")
    assert [getattr(done, k) for k in counters] == [getattr(done_whole, k) for k in counters]


@pytest.mark.parametrize("how", ["crash", "max_batches"])
def test_an_interrupted_backfill_resumes_and_ends_like_an_uninterrupted_one(
    tmp_path: Path, how: str
) -> None:
    whole, done_whole, halves, run = whole_and_halves(tmp_path)
    if how == "crash":
        with pytest.raises(RuntimeError, match="killed"):
            run_backfill(halves.ctx, run, CrashingEngine(local(halves), good=3))
    else:
        stopped = run_backfill(halves.ctx, run, local(halves), max_batches=3)
        assert stopped.status == "running"
    interrupted = find_run(halves.ctx, None)
    assert interrupted is not None and interrupted.id == run.id
    # The plan runs in (account, message id) order; three batches of 7 end at the 21st.
    with halves.engine.connect() as conn:
        key = conn.exec_driver_sql(
            "SELECT account_id, id FROM interactions ORDER BY account_id, id LIMIT 1 OFFSET 20"
        ).one()
    assert interrupted.processed == 21 and interrupted.cursor_key == tuple(key)
    done_halves = run_backfill(halves.ctx, interrupted, local(halves))

    assert done_halves.status == "done" and done_halves.processed == MESSAGES
    assert signal_rows(halves.engine) == signal_rows(whole.engine)
    assert profiles(halves) == profiles(whole)
    counters = ("processed", "changed", "signals_added", "signals_removed")
    assert [getattr(done_halves, k) for k in counters] == [getattr(done_whole, k) for k in counters]


def test_batches_end_where_an_account_ends_unless_that_leaves_them_half_empty(
    tmp_path: Path,
) -> None:
    seeded(tmp_path)  # 5 accounts, 8 messages each
    c = store(tmp_path)
    whole = list(plan_batches(c.ctx, None, 10))
    assert [(b.first_account, b.last_account) for b in whole] == [
        (f"fb:{n}", f"fb:{n}") for n in range(5)
    ]
    # Accounts bigger than a batch are split: fb:0's 8 messages over three batches.
    split = list(plan_batches(c.ctx, None, 3))
    assert [(b.first_account, b.last_account) for b in split][:3] == [("fb:0", "fb:0")] * 3
    assert (split[2].last_account, split[3].first_account) == ("fb:0", "fb:1")
    for size in (3, 10):
        done = run_backfill(c.ctx, start_run(c.ctx, "local", BackfillOptions(size)), local(c))
        assert done.processed == MESSAGES


class SpreadEngine(LocalEngine):
    """Runs batches here, but says it holds four at once, as a Ray engine with two
    workers does: the plan shrinks its last batches for it."""

    in_flight = 4


def test_the_last_batches_shrink_so_that_parallel_workers_end_together(tmp_path: Path) -> None:
    seeded(tmp_path)  # 5 accounts, 8 messages each
    c = store(tmp_path)
    plain = [count_between(c, b) for b in plan_batches(c.ctx, None, 16)]
    guided = [
        count_between(c, b) for b in plan_batches(c.ctx, None, 16, remaining=MESSAGES, in_flight=4)
    ]
    assert plain == [16, 16, 8]
    # Each asks for a quarter of what is left (10 of 40 first), and never for under an
    # eighth of the batch size (2); as before, a batch stops at an account's end when
    # that leaves it half full (fb:0's 8 of the 10; later a 1 of 2).
    assert guided == [8, 8, 6, 2, 4, 3, 1, 2, 2, 2, 2]
    # A policy change backfilled in shrinking batches ends as in whole ones.
    whole, done_whole, other, run = whole_and_halves(tmp_path / "policy")
    spread = run_backfill(other.ctx, run, SpreadEngine(other.ctx))
    assert done_whole.changed > 0
    counters = ("processed", "changed", "signals_added", "signals_removed")
    assert [getattr(spread, k) for k in counters] == [getattr(done_whole, k) for k in counters]
    assert signal_rows(other.engine) == signal_rows(whole.engine)


def count_between(c: Container, batch: BatchRange) -> int:
    with c.ctx.uow() as uow:
        return len(uow.backfills.ids_between(batch.first, batch.last))


class DeletingExtractor(Extractor):
    """Extracts, but first the person deletes one of the messages being extracted."""

    name = "deleting"

    def __init__(self, inner: Extractor, ctx: ServiceContext, message_id: str) -> None:
        self.inner, self.ctx, self.message_id = inner, ctx, message_id

    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        if any(i.id == self.message_id for i in items):
            forget.delete_interaction(self.ctx, self.message_id)
        return self.inner.extract_many(items)


def test_a_message_deleted_while_its_batch_is_extracted_stays_deleted(tmp_path: Path) -> None:
    seeded(tmp_path)
    c = store(tmp_path)
    assert "m00004" in {source for source, *_ in signal_rows(c.engine)}
    ctx = replace(c.ctx, extractor=DeletingExtractor(c.ctx.extractor, c.ctx, "m00004"))
    done = run_backfill(ctx, start_run(ctx, "local", BackfillOptions(10)), LocalEngine(ctx))
    assert done.processed == MESSAGES - 1
    assert "m00004" not in {source for source, *_ in signal_rows(c.engine)}
    assert count(c.engine, "SELECT COUNT(*) FROM decisions WHERE source_id = 'm00004'") == 0

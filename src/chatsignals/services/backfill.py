"""Backfill: re-extract stored messages after a model or policy change.

The driver cuts the stored messages, in (account id, message id) order, into batches
of ``batch_size`` and hands them to an engine: an account's messages come together, so
a batch rewrites each of its accounts' signals once, and batches running side by side
rarely share an account (in message id order a batch named as many accounts as
messages, and every account was rewritten once per message). Each batch is one
transaction, wherever the engine runs it: read the batch's inputs (``load_inputs``),
decide (``decide_many``: the same gate, extraction and signal rules as ingest), write
(``write_decided``), and record the batch as done with what it changed. A batch
already recorded is never applied twice, so a run stopped at any point resumes where
it was and ends with the same signals as a run that was never stopped; the driver
keeps the run's cursor at the end of the batches done so far, in order.

The summary says what changed: messages re-extracted, signals added and removed, and
messages whose decision (used for, rules, interests, sensitive categories) changed.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from chatsignals.services.batch_engine import BatchEngine
from chatsignals.services.context import ServiceContext
from chatsignals.services.processing import decide_many, load_inputs, write_decided
from chatsignals.services.queue_ports import BackfillRun, BatchDone, BatchRange, MessageKey

Progress = Callable[[BackfillRun], None]
# The run's cursor and counts are saved at most this often (and when it stops, however
# it stops): a transaction per batch cost the driver a commit each. A process killed
# in between resumes from the last save, and the batches done since are recognised by
# their records and not applied again.
SAVE_EVERY_S = 1.0
# The plan reads the keys of this many batches in one statement (a read per batch was
# most of the driver's time on the store).
KEYS_READ_AHEAD = 4


@dataclass(frozen=True)
class BackfillOptions:
    batch_size: int = 512


def start_run(ctx: ServiceContext, engine: str, options: BackfillOptions) -> BackfillRun:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        run = BackfillRun(
            id=uuid.uuid4().hex[:16],
            status="running",
            engine=engine,
            extractor=ctx.extractor.name,
            policy=ctx.preset.name,
            batch_size=options.batch_size,
            total=uow.backfills.count_interactions(),
            cursor=None,
            processed=0,
            changed=0,
            signals_added=0,
            signals_removed=0,
            started_at=now,
            updated_at=now,
            finished_at=None,
        )
        uow.backfills.add(run)
        uow.commit()
    return run


def find_run(ctx: ServiceContext, run_id: str | None) -> BackfillRun | None:
    """The run ``run_id``, or the latest unfinished one."""
    with ctx.reading() as uow:
        return uow.backfills.get(run_id) if run_id else uow.backfills.latest_unfinished()


def process_batch(ctx: ServiceContext, run_id: str, batch: BatchRange) -> BatchDone:
    """Re-decide the stored messages in ``batch`` and record the batch; a batch already
    recorded for the run is not applied again (its record is returned).

    Reading and writing are two short transactions with the extraction between them, so
    that parallel workers do not hold the store (SQLite locks it for any transaction)
    while they compute; a message deleted in between is not written back.
    """
    with ctx.reading() as uow:
        done = uow.backfills.batch_done(run_id, batch.last_id)
        if done is not None:
            return done
        stored = uow.backfills.stored_between(batch.first, batch.last)
        as_read = {s.interaction.id: s for s in stored}
        inputs = load_inputs(ctx, uow, stored)
    decided = decide_many(ctx.preset, ctx.taxonomy, ctx.extractor, inputs)
    with ctx.uow() as uow:
        done = uow.backfills.batch_done(run_id, batch.last_id)
        if done is not None:
            return done
        still_stored = uow.backfills.ids_between(batch.first, batch.last)
        decided = [d for d in decided if d.interaction.id in still_stored]
        written = write_decided(ctx, uow, decided, as_read)  # only what changed
        before: dict[str, set[tuple[str, str]]] = {}
        for sig in written.replaced:  # read once, while rewriting
            before.setdefault(sig.source_id, set()).add((sig.purpose.value, sig.topic))
        added = removed = 0
        for d in decided:
            old = before.get(d.interaction.id, set())
            new = {(s.purpose.value, s.topic) for s in d.signals}
            added += len(new - old)
            removed += len(old - new)
        done = BatchDone(
            batch.first_id,
            batch.last_id,
            len(decided),
            len(written.rewritten),  # messages whose decision or result changed
            added,
            removed,
            batch.first_account,
            batch.last_account,
        )
        uow.backfills.add_batch(run_id, done, ctx.clock.now())
        uow.commit()
        return done


def plan_batches(
    ctx: ServiceContext,
    cursor: MessageKey | None,
    batch_size: int,
    limit: int | None = None,
    *,
    remaining: int | None = None,
    in_flight: int = 1,
) -> Iterator[BatchRange]:
    """Consecutive key ranges of up to ``batch_size`` stored messages after ``cursor``.

    A batch ends at the end of an account's messages (one that would end inside an
    account stops before it, if that leaves it at least half full), so two batches
    running side by side do not wait for each other's lock on an account they share;
    only accounts with more messages than half a batch may be split.

    ``remaining`` (the messages left to plan, where known) and ``in_flight`` (batches an
    engine runs or holds at once) shrink the last batches, as guided self-scheduling
    does: a batch takes at most 1/``in_flight`` of what is left, and never under an
    eighth of ``batch_size``, so that the engine's workers run out of work at about the
    same moment instead of one finishing the last whole batches while the rest wait."""
    made = 0
    smallest = max(1, batch_size // 8)
    keys: deque[MessageKey] = deque()  # read ahead, KEYS_READ_AHEAD batches at a time
    read_to, read_all = cursor, False
    while limit is None or made < limit:
        size = batch_size
        if remaining is not None and in_flight > 1:
            size = min(batch_size, max(smallest, -(-remaining // in_flight)))
        if len(keys) <= size and not read_all:
            with ctx.reading() as uow:
                more = uow.backfills.keys_after(read_to, KEYS_READ_AHEAD * batch_size + 1)
            keys.extend(more)
            read_all = len(more) <= KEYS_READ_AHEAD * batch_size
            read_to = keys[-1] if keys else read_to
        if not keys:
            return
        batch = [keys.popleft() for _ in range(min(size, len(keys)))]
        if keys:  # keys[0]: the next batch's first, unless it continues this one
            whole = [k for k in batch if k[0] != keys[0][0]]
            if len(whole) >= max(1, size // 2):
                keys.extendleft(reversed(batch[len(whole) :]))
                batch = whole
        (first_account, first_id), (last_account, last_id) = batch[0], batch[-1]
        yield BatchRange(first_account, first_id, last_account, last_id)
        made += 1
        if remaining is not None:
            remaining = max(0, remaining - len(batch))


def run_backfill(
    ctx: ServiceContext,
    run: BackfillRun,
    engine: BatchEngine,
    *,
    max_batches: int | None = None,
    progress: Progress | None = None,
) -> BackfillRun:
    """Process ``run`` from its cursor to the end (or for ``max_batches`` batches)."""
    if run.status == "done":
        return run
    if run.policy != ctx.preset.name:
        raise ValueError(
            f"run {run.id} was started under policy {run.policy!r}, not {ctx.preset.name!r}"
        )
    planned = 0

    def batches() -> Iterator[BatchRange]:
        nonlocal planned
        for batch in plan_batches(
            ctx,
            run.cursor_key,
            run.batch_size,
            max_batches,
            remaining=run.total - run.processed,
            in_flight=engine.in_flight,
        ):
            planned += 1
            yield batch

    saved = run
    last_save = time.monotonic()
    try:
        for done in engine.run_batches(run.id, batches()):  # in plan order
            run = _advance(run, done)
            if time.monotonic() - last_save >= SAVE_EVERY_S:
                saved, last_save = _save(ctx, run), time.monotonic()
            if progress is not None:
                progress(run)
    finally:
        if run is not saved:  # also when a batch failed: what was done before it holds
            run = _save(ctx, run)
    if max_batches is None or planned < max_batches:
        run = _save(ctx, replace(run, status="done", finished_at=ctx.clock.now()))
        if progress is not None:
            progress(run)
    return run


def _advance(run: BackfillRun, done: BatchDone) -> BackfillRun:
    return replace(
        run,
        cursor=done.last_id,
        cursor_account=done.last_account,
        processed=run.processed + done.processed,
        changed=run.changed + done.changed,
        signals_added=run.signals_added + done.signals_added,
        signals_removed=run.signals_removed + done.signals_removed,
    )


def _save(ctx: ServiceContext, run: BackfillRun) -> BackfillRun:
    run = replace(run, updated_at=ctx.clock.now())
    with ctx.uow() as uow:
        uow.backfills.save(run)
        uow.commit()
    return run


def summary(run: BackfillRun) -> dict[str, object]:
    return {
        "run": run.id,
        "status": run.status,
        "engine": run.engine,
        "extractor": run.extractor,
        "policy": run.policy,
        "messages": run.processed,
        "of": run.total,
        "decisions_changed": run.changed,
        "signals_added": run.signals_added,
        "signals_removed": run.signals_removed,
    }

"""Backfill: re-extract stored messages after a model or policy change.

Messages are taken in id order, ``batch_size`` at a time. For each batch the driver
reads the inputs (``load_inputs``), an engine decides them (``decide_many``, here or on
Ray workers), and the driver writes the decisions (``write_decided``) together with the
run's cursor in one transaction. A run stopped at any point resumes after its last
written batch, and ends with the same signals as a run that was never stopped.

The summary says what changed: messages re-extracted, signals added and removed, and
messages whose decision (used for, rules, interests, sensitive categories) changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from chatsignals.services.batch_engine import BatchEngine
from chatsignals.services.context import ServiceContext
from chatsignals.services.processing import Decided, MessageInput, load_inputs, write_decided
from chatsignals.services.queue_ports import BackfillRun

Progress = Callable[[BackfillRun], None]


@dataclass(frozen=True)
class BackfillOptions:
    batch_size: int = 256
    extractor: str = ""  # recorded on the run, to refuse resuming with another model
    max_batches: int | None = None  # stop after this many batches (the run stays resumable)


def start_run(ctx: ServiceContext, engine: str, options: BackfillOptions) -> BackfillRun:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        run = BackfillRun(
            id=uuid.uuid4().hex[:16],
            status="running",
            engine=engine,
            extractor=options.extractor or ctx.extractor.name,
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
    with ctx.uow() as uow:
        return uow.backfills.get(run_id) if run_id else uow.backfills.latest_unfinished()


def _decision(result: object) -> object:
    if not isinstance(result, dict):
        return None
    keys = ("used_for", "rules", "interests", "sensitive", "purchase_intent")
    return {k: result.get(k) for k in keys}


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
    read_batches = 0
    previous: dict[str, object] = {}

    def inputs() -> Iterator[Sequence[MessageInput]]:
        nonlocal read_batches
        # Reads run ahead of writes by the engine's in-flight window; each read is its
        # own short transaction, and the cursor for reading is separate from the run's.
        cursor = run.cursor
        while max_batches is None or read_batches < max_batches:
            with ctx.uow() as uow:
                batch = uow.backfills.stored_after(cursor, run.batch_size)
                if not batch:
                    return
                for stored in batch:
                    previous[stored.interaction.id] = _decision(stored.result)
                loaded = load_inputs(ctx, uow, batch)
            cursor = batch[-1].interaction.id
            read_batches += 1
            yield loaded

    for decided in engine.decide_batches(inputs()):
        run = _write_batch(ctx, run, decided, previous)
        if progress is not None:
            progress(run)
    if max_batches is None or read_batches < max_batches:
        run = _finish(ctx, run)
        if progress is not None:
            progress(run)
    return run


def _write_batch(
    ctx: ServiceContext, run: BackfillRun, decided: Sequence[Decided], previous: dict[str, object]
) -> BackfillRun:
    ids = [d.interaction.id for d in decided]
    with ctx.uow() as uow:
        before = uow.backfills.chat_signal_keys(ids)
        write_decided(ctx, uow, decided)
        added = removed = changed = 0
        for d in decided:
            old = before.get(d.interaction.id, set())
            new = {(s.purpose.value, s.topic) for s in d.signals}
            added += len(new - old)
            removed += len(old - new)
            changed += previous.pop(d.interaction.id, None) != _decision(d.report.to_json())
        run = replace(
            run,
            cursor=ids[-1] if ids else run.cursor,
            processed=run.processed + len(decided),
            changed=run.changed + changed,
            signals_added=run.signals_added + added,
            signals_removed=run.signals_removed + removed,
            updated_at=ctx.clock.now(),
        )
        uow.backfills.save(run)
        uow.commit()
    return run


def _finish(ctx: ServiceContext, run: BackfillRun) -> BackfillRun:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        run = replace(run, status="done", finished_at=now, updated_at=now)
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

"""Every batch engine decides like ``decide_many`` in this process, in input order; a Ray
backfill ends with the same signals and summary as a local one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatsignals.bootstrap import build_batch_engine
from chatsignals.services.backfill import BackfillOptions, run_backfill, start_run
from chatsignals.services.batch_engine import BatchEngine
from chatsignals.services.processing import decide_many, load_inputs
from chatsignals.settings import Settings
from tests.backfill.test_backfill import seeded, store
from tests.queue.store import signal_rows


@pytest.fixture(scope="module")
def ray_engine() -> Iterator[BatchEngine]:
    pytest.importorskip("ray", reason="Ray is an optional extra: pip install '.[ray]'")
    from chatsignals.adapters.batch.ray_engine import RayEngine

    with RayEngine(Settings(policy="consent"), workers=2) as engine:
        yield engine


@pytest.fixture(params=["local", "ray"])
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def engine_for(name: str, c: object, request: pytest.FixtureRequest) -> BatchEngine:
    if name == "ray":
        engine: BatchEngine = request.getfixturevalue("ray_engine")
        return engine
    ctx = c.ctx  # type: ignore[attr-defined]
    return build_batch_engine("local", ctx, Settings(), workers=1, address=None)


def test_an_engine_decides_batches_in_order_like_decide_many(
    tmp_path: Path, engine_name: str, request: pytest.FixtureRequest
) -> None:
    seeded(tmp_path)
    c = store(tmp_path, policy="consent")
    with c.ctx.uow() as uow:
        stored = uow.backfills.stored_after(None, 40)
        inputs = load_inputs(c.ctx, uow, stored)
    batches = [inputs[i : i + 6] for i in range(0, len(inputs), 6)]
    engine = engine_for(engine_name, c, request)
    got = list(engine.decide_batches(iter(batches)))
    want = [decide_many(c.ctx.preset, c.ctx.taxonomy, c.ctx.extractor, b) for b in batches]
    assert [[d.report for d in b] for b in got] == [[d.report for d in b] for b in want]
    assert [[d.signals for d in b] for b in got] == [[d.signals for d in b] for b in want]


def test_a_ray_backfill_ends_like_a_local_one(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ray_engine = request.getfixturevalue("ray_engine")
    runs = {}
    for name in ("local", "ray"):
        seeded(tmp_path / name)
        c = store(tmp_path / name, policy="consent")
        engine = ray_engine if name == "ray" else engine_for("local", c, request)
        runs[name] = (run_backfill(c.ctx, start_run(c.ctx, name, BackfillOptions(9)), engine), c)
    (local_run, local_c), (ray_run, ray_c) = runs["local"], runs["ray"]
    assert signal_rows(ray_c.engine) == signal_rows(local_c.engine)
    assert (ray_run.processed, ray_run.changed, ray_run.signals_removed) == (
        local_run.processed,
        local_run.changed,
        local_run.signals_removed,
    )

"""Every batch engine applies batches like ``process_batch`` in this process and yields
their records in plan order; a Ray backfill ends with the same signals and summary as a
local one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from chatsignals.adapters.batch.ray_engine import RayEngine
from chatsignals.bootstrap import Container
from chatsignals.services.backfill import BackfillOptions, plan_batches, run_backfill, start_run
from chatsignals.services.batch_engine import BatchEngine, LocalEngine
from tests.backfill.test_backfill import seeded, store
from tests.queue.store import signal_rows


@pytest.fixture(scope="module")
def ray_started() -> Iterator[None]:
    """Ray itself, started once for the module (each test gets fresh actors)."""
    ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install '.[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def engine_for(name: str, c: Container, request: pytest.FixtureRequest) -> BatchEngine:
    if name == "ray":
        request.getfixturevalue("ray_started")
        return RayEngine(c.settings, workers=2)
    return LocalEngine(c.ctx)


@pytest.mark.parametrize("name", ["local", "ray"])
def test_an_engine_applies_batches_and_yields_them_in_order(
    tmp_path: Path, name: str, request: pytest.FixtureRequest
) -> None:
    seeded(tmp_path)
    c = store(tmp_path, policy="consent")
    run = start_run(c.ctx, name, BackfillOptions(6))
    batches = list(plan_batches(c.ctx, None, 6))
    with engine_for(name, c, request) as engine:
        done = list(engine.run_batches(run.id, iter(batches)))
        again = list(engine.run_batches(run.id, iter(batches[:2])))
    assert [(d.first_id, d.last_id) for d in done] == [(b.first_id, b.last_id) for b in batches]
    assert sum(d.processed for d in done) == 40 and again == done[:2]  # recorded, not redone


def test_a_ray_backfill_ends_like_a_local_one(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    runs = {}
    for name in ("local", "ray"):
        seeded(tmp_path / name)
        c = store(tmp_path / name, policy="consent")
        with engine_for(name, c, request) as engine:
            run = run_backfill(c.ctx, start_run(c.ctx, name, BackfillOptions(9)), engine)
        runs[name] = (run, signal_rows(c.engine))
    (local_run, local_rows), (ray_run, ray_rows) = runs["local"], runs["ray"]
    assert ray_rows == local_rows
    counters = ("processed", "changed", "signals_added", "signals_removed")
    assert [getattr(ray_run, k) for k in counters] == [getattr(local_run, k) for k in counters]


def _frozen_objects(_worker: object) -> int:
    import gc

    return gc.get_freeze_count()


def test_each_ray_worker_keeps_what_it_built_out_of_full_collections(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Full collections walking the model, the taxonomy and Ray's own objects took 8-9 %
    of a worker's time (gc_pauses.py)."""
    import ray

    seeded(tmp_path)
    c = store(tmp_path, policy="consent")
    with engine_for("ray", c, request) as engine:
        assert isinstance(engine, RayEngine)
        frozen = ray.get([a.__ray_call__.remote(_frozen_objects) for a in engine._actors])
    assert len(frozen) == 2 and min(frozen) > 10_000


def _extractions_cached(worker: object) -> int:
    return len(worker._container.ctx.extractor._cache)  # type: ignore[attr-defined]


def test_each_ray_worker_has_run_its_extractor_before_the_first_batch(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A worker whose extractor cannot run fails at start, not mid-run; and the first batch
    no longer pays for the extractor's first call (20-40 ms on a fresh worker)."""
    import ray

    seeded(tmp_path)
    c = store(tmp_path, policy="consent")
    with engine_for("ray", c, request) as engine:
        assert isinstance(engine, RayEngine)
        cached = ray.get([a.__ray_call__.remote(_extractions_cached) for a in engine._actors])
    assert cached == [1, 1]

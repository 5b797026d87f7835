"""A worker killed with SIGKILL mid-batch loses nothing and applies nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chatsignals.services.clock import ManualClock
from chatsignals.services.worker import WorkerConfig, queue_stats, run_once
from tests.queue.store import count, make_container, seed, signal_rows
from tests.queue.worker_process import LEASE_SECONDS

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 30


def kill_mid_batch(url: str, data_dir: Path, phase: str) -> None:
    marker = data_dir / "stalled"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.queue.worker_process",
            url,
            str(data_dir),
            str(marker),
            phase,
        ],
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the worker exited before stalling"
            assert time.monotonic() < deadline, "the worker never reached its stall point"
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("phase", ["extracting", "committing"])
def test_a_worker_killed_mid_batch_loses_nothing_and_applies_nothing_twice(
    db_url: str, tmp_path: Path, phase: str
) -> None:
    c = make_container(db_url, tmp_path)
    seed(c, MESSAGES)
    kill_mid_batch(db_url, tmp_path, phase)

    # Its claims are still leased, and nothing of its batch was applied.
    assert queue_stats(c.ctx).depth == MESSAGES
    assert count(c.engine, "SELECT COUNT(*) FROM extraction_queue WHERE claimed_by = 'doomed'")
    assert count(c.engine, "SELECT COUNT(*) FROM signal_buckets") == 0
    assert count(c.engine, "SELECT COUNT(*) FROM decisions") == 0

    # Once the lease has run out, another worker takes the batch over.
    after_lease = datetime.now(UTC) + timedelta(seconds=LEASE_SECONDS + 1)
    c2 = make_container(db_url, tmp_path, clock=ManualClock(after_lease))
    while run_once(c2.ctx, config=WorkerConfig("rescuer", batch_size=8)).claimed:
        pass
    assert queue_stats(c2.ctx).depth == 0
    assert count(c.engine, "SELECT COUNT(*) FROM interactions WHERE status <> 'processed'") == 0

    reference = make_container(f"sqlite:///{tmp_path / 'ref.sqlite'}", tmp_path, mode="inline")
    seed(reference, MESSAGES)
    assert signal_rows(c.engine) == signal_rows(reference.engine)
    per_message = "SELECT source_id, COUNT(*) FROM decisions GROUP BY source_id ORDER BY 1"
    with c.engine.connect() as a, reference.engine.connect() as b:
        assert a.exec_driver_sql(per_message).all() == b.exec_driver_sql(per_message).all()
    for container in (c, c2, reference):
        container.close()

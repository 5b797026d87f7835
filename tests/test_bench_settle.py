"""The HTTP benchmark charges each turn with the work it leaves behind (bench/http_load.py)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from bench.http_load import settle

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="settle reads Linux's /proc"
)

BUSY_THEN_IDLE = """
import threading, time
def burn():
    end = time.perf_counter() + 0.6
    while time.perf_counter() < end:
        pass
threading.Thread(target=burn).start()  # a thread, as a server's write-behind is
time.sleep(30)
"""


def test_settle_waits_while_a_thread_of_the_process_works_and_returns_how_long() -> None:
    child = subprocess.Popen([sys.executable, "-c", BUSY_THEN_IDLE])
    try:
        time.sleep(0.1)  # started, burning
        busy_for = settle(child.pid)
        assert 0.25 <= busy_for <= 5.0
        assert settle(child.pid) < 0.2  # idle now: nothing more to wait for
    finally:
        child.kill()
        child.wait()


def test_settle_counts_the_work_of_child_processes() -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import subprocess, sys, time\n"
            f"subprocess.Popen([sys.executable, '-c', {BUSY_THEN_IDLE!r}])\n"
            f"time.sleep(30)",
        ]
    )
    try:
        time.sleep(0.2)
        assert settle(parent.pid) >= 0.2
    finally:
        subprocess.run(["pkill", "-P", str(parent.pid)], check=False)
        parent.kill()
        parent.wait()

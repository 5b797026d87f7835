"""A bounded HTTP load generator and a server launcher, loopback only.

The same generator drives the bare ``/healthz`` and the ads endpoint: ``threads`` clients
with keep-alive connections send requests back to back for ``seconds`` (and never more
than ``max_requests``), then stop.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    ready_s: float
    process: subprocess.Popen[bytes]


@contextmanager
def serve(url: str, data_dir: Path, **env: str) -> Iterator[Server]:
    """``chatsignals serve`` in a subprocess; ``ready_s``: process start to /healthz 200."""
    port = free_port()
    environ = {
        **os.environ,
        "CHATSIGNALS_DATA_DIR": str(data_dir),
        "CHATSIGNALS_RATE_LIMIT_RPS": "0",
        **env,
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "chatsignals", "serve", "--database-url", url, "--port", str(port)],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = started + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"chatsignals serve exited with {process.returncode}")
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() > deadline:
                raise RuntimeError("chatsignals serve did not answer /healthz within 60 s")
            time.sleep(0.01)
        yield Server(base, time.perf_counter() - started, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        xs = sorted(self.latencies_ms)
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def load(
    base_url: str,
    path_for: Callable[[int], str],
    *,
    seconds: float,
    threads: int = 4,
    headers: dict[str, str] | None = None,
    max_requests: int = 200_000,
) -> LoadResult:
    lock = threading.Lock()
    latencies: list[float] = []
    errors = 0
    counter = 0
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors, counter
        with httpx.Client(base_url=base_url, headers=headers, timeout=10) as http:
            while time.perf_counter() < stop_at:
                with lock:
                    if counter >= max_requests:
                        return
                    n = counter
                    counter += 1
                t = time.perf_counter()
                try:
                    ok = http.get(path_for(n)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    latencies.append(ms)
                    errors += not ok

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return LoadResult(len(latencies), errors, time.perf_counter() - started, latencies)

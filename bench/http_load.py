"""An HTTP load generator and a server launcher, loopback only.

The generator is a lean asyncio HTTP/1.1 client over keep-alive connections (a few
tens of microseconds of CPU per request, so on a small machine it leaves the cores to
the server it measures). Two ways to load:

- :func:`load` (closed loop): ``connections`` clients send requests back to back for
  ``seconds``: the most the server answers, the throughput figure;
- :func:`load_at_rate` (open loop): requests start on a fixed schedule, ``rate`` per
  second, whatever the answers; each latency runs from the request's scheduled start,
  so time spent queued behind a slow answer counts (no coordinated omission). This is
  the latency figure "p99 at 500 requests/s".
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
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
    log: Path  # its standard error: a JSON line per request

    def slowest_answers_ms(self, since: datetime) -> tuple[int, float]:
        """How many requests the server logged from ``since`` on, and the longest it took
        over one (from reading it to its answer's end, as the server timed it)."""
        count, longest = 0, 0.0
        with self.log.open("rb") as lines:
            for line in lines:
                if not line.startswith(b"{"):
                    continue
                entry = json.loads(line)
                if "duration_ms" not in entry or datetime.fromisoformat(entry["ts"]) < since:
                    continue
                count += 1
                longest = max(longest, float(entry["duration_ms"]))
        return count, longest


@contextmanager
def serve(url: str, data_dir: Path, *, workers: int = 1, **env: str) -> Iterator[Server]:
    """``chatsignals serve`` in a subprocess; ``ready_s``: process start to /healthz 200.
    Its standard error (a JSON line per request) goes to ``data_dir/serve-<port>.log``."""
    port = free_port()
    environ = {
        **os.environ,
        "CHATSIGNALS_DATA_DIR": str(data_dir),
        "CHATSIGNALS_RATE_LIMIT_RPS": "0",
        **env,
    }
    args = ["serve", "--database-url", url, "--port", str(port), "--workers", str(workers)]
    started = time.perf_counter()
    log_path = data_dir / f"serve-{port}.log"
    with log_path.open("wb") as log:  # its JSON lines, for a look after
        process = subprocess.Popen(
            [sys.executable, "-m", "chatsignals", *args],
            cwd=ROOT,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=log,
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
        yield Server(base, time.perf_counter() - started, process, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def quantile(xs: list[float], q: float) -> float:
    """The ``q`` quantile of ``xs`` (the value ranked at ``q`` of the way up; nan if none)."""
    ys = sorted(xs)
    return ys[min(len(ys) - 1, int(q * len(ys)))] if ys else float("nan")


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    counted: int = 0  # occurrences of the load's ``count`` in the answers' bodies
    # Open loop only, one per request in the order of ``latencies_ms``: when it was due
    # (seconds from the run's start), and how late the generator itself sent it (ms).
    due_s: list[float] = field(default_factory=list, repr=False)
    sent_late_ms: list[float] = field(default_factory=list, repr=False)

    @property
    def counted_per_request(self) -> float:
        return self.counted / self.requests if self.requests else 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        return quantile(self.latencies_ms, q)

    def by_second(self) -> list[tuple[int, int, float, float]]:
        """Open loop: ``(second, requests, p99 ms, most the generator sent late, ms)`` for
        each second of the run, by when the requests were due. A slow spell shows when
        it came, and whether the generator was late too (then the machine stalled both,
        not the server alone)."""
        seconds: dict[int, tuple[list[float], list[float]]] = {}
        for due, latency, late in zip(
            self.due_s, self.latencies_ms, self.sent_late_ms, strict=True
        ):
            latencies, lates = seconds.setdefault(int(due), ([], []))
            latencies.append(latency)
            lates.append(late)
        return [
            (second, len(latencies), quantile(latencies, 0.99), max(lates))
            for second, (latencies, lates) in sorted(seconds.items())
        ]

    def __add__(self, other: LoadResult) -> LoadResult:
        return LoadResult(
            self.requests + other.requests,
            self.errors + other.errors,
            self.seconds + other.seconds,
            self.latencies_ms + other.latencies_ms,
            self.counted + other.counted,
            self.due_s + other.due_s,
            self.sent_late_ms + other.sent_late_ms,
        )


def alternating(
    runs: dict[str, Callable[..., LoadResult]],
    seconds: float,
    rounds: int,
    *,
    server: subprocess.Popen[bytes] | None = None,
) -> dict[str, LoadResult]:
    """Each load for ``seconds`` in all, in ``rounds`` turns taken one after the other
    (a, b, a, b, ...), and each load's turns added up: a slow spell of a shared machine
    then falls on every load alike, not on whichever ran during it.

    With ``server``, each turn lasts until the server is idle again (:func:`settle`), and
    that time counts in the turn: work a load leaves behind (a write-behind thread that
    fell behind while the requests held the interpreter) is then charged to it, not to
    the turn after it. Without this, each ads turn's write-behind ran in the bare turn
    that followed, and the ads/bare ratio read 0.66-0.75 where it was 0.60-0.62."""
    totals: dict[str, LoadResult] = {}
    if server is not None:
        settle(server.pid)  # what came before (a warm-up) is not charged to the first turn
    for _ in range(rounds):
        for name, run in runs.items():
            result = run(seconds=seconds / rounds)
            if server is not None:
                result.seconds += settle(server.pid)
            totals[name] = totals[name] + result if name in totals else result
    return totals


def settle(pid: int, *, step_s: float = 0.02, busy: float = 0.1, limit_s: float = 10.0) -> float:
    """Wait until process ``pid`` and its children run less than ``busy`` of a core for
    ``step_s``; returns the seconds they were still busy (the last, quiet step is not
    counted). Reads Linux's per-thread run times (``/proc``); elsewhere returns 0."""
    if not Path(f"/proc/{pid}/task").exists():
        return 0.0
    started = time.perf_counter()
    before = _run_ns(pid)
    while time.perf_counter() - started < limit_s:
        time.sleep(step_s)
        now = _run_ns(pid)
        if now - before < busy * step_s * 1e9:
            break
        before = now
    return max(0.0, time.perf_counter() - started - step_s)


def _run_ns(pid: int) -> int:
    """Nanoseconds on a CPU of every thread of ``pid`` and of its child processes."""
    total = 0
    tasks = Path(f"/proc/{pid}/task")
    for task in tasks.iterdir() if tasks.exists() else ():
        try:
            total += int((task / "schedstat").read_text().split()[0])
            children = (task / "children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += sum(_run_ns(int(child)) for child in children)
    return total


class _Connection:
    """One keep-alive HTTP/1.1 connection: GET, read the status and the body."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port = host, port
        self.extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            sock = self.writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        assert self.reader is not None and self.writer is not None
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{self.extra}\r\n"
        self.writer.write(request.encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        close = False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self.reader.readexactly(length) if length else b""
        if close:
            self.close()
        return status, body

    async def get_ok(self, path: str) -> bytes | None:
        """The body of a 200, else None; a broken connection is closed (reopened by the
        next GET). A kept-alive connection the server closed while it sat idle (uvicorn
        closes them after 5 s) is reopened and the GET sent again, once, as HTTP clients
        do: the open-loop load keeps spare connections idle for longer than that."""
        reused = self.writer is not None
        try:
            status, body = await self.get(path)
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.close()
            closed_idle = isinstance(exc, ConnectionResetError | BrokenPipeError) or (
                isinstance(exc, asyncio.IncompleteReadError) and not exc.partial
            )
            if reused and closed_idle:
                return await self.get_ok(path)  # on a new connection: once at most
            return None
        return body if status == 200 else None

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@contextmanager
def _no_gc_pauses() -> Iterator[None]:
    """The generator must not stall: a full garbage collection of this process's heap
    (the bench built 100,000 campaigns in it just before) paused it for tens of
    milliseconds, and every request scheduled meanwhile counted the pause as latency.
    What exists before the run is frozen out of the collector's reach for its length."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _split(base_url: str) -> tuple[str, int]:
    url = httpx.URL(base_url)
    return url.host, url.port or 80


def load(
    base_url: str,
    path_for: Callable[[int], str],
    *,
    seconds: float,
    connections: int = 8,
    headers: dict[str, str] | None = None,
    count: bytes | None = None,
    requests: int | None = None,
) -> LoadResult:
    """Closed loop: ``connections`` clients, each sending its next request as soon as
    the previous one is answered, for ``seconds`` (or until ``requests`` were sent).
    ``count``: bytes to count in the answers (say, one per ad served), so a figure
    shows what the requests did."""
    host, port = _split(base_url)

    async def run() -> LoadResult:
        latencies: list[float] = []
        errors = counted = 0
        counter = 0
        stop_at = time.perf_counter() + seconds

        async def client() -> None:
            nonlocal errors, counter, counted
            conn = _Connection(host, port, headers or {})
            try:
                while time.perf_counter() < stop_at and (requests is None or counter < requests):
                    n = counter
                    counter += 1
                    t = time.perf_counter()
                    body = await conn.get_ok(path_for(n))
                    latencies.append((time.perf_counter() - t) * 1000)
                    errors += body is None
                    if count and body:
                        counted += body.count(count)
            finally:
                conn.close()

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(connections)))
        elapsed = time.perf_counter() - started
        return LoadResult(len(latencies), errors, elapsed, latencies, counted)

    with _no_gc_pauses():
        return asyncio.run(run())


def load_at_rate(
    base_url: str,
    path_for: Callable[[int], str],
    *,
    rate: float,
    seconds: float,
    headers: dict[str, str] | None = None,
    max_connections: int = 256,
) -> LoadResult:
    """Open loop: request ``n`` starts at ``n / rate`` seconds, on an idle connection
    (a new one when all are busy, up to ``max_connections``); its latency is measured
    from that scheduled start."""
    host, port = _split(base_url)
    total = int(rate * seconds)

    async def run() -> LoadResult:
        idle: list[_Connection] = []
        opened = 0
        latencies: list[float] = []
        due: list[float] = []
        late: list[float] = []
        errors = 0
        slots = asyncio.Semaphore(max_connections)

        async def one(n: int, scheduled: float) -> None:
            nonlocal errors, opened
            sent_late = (time.perf_counter() - scheduled) * 1000
            async with slots:
                if idle:
                    conn = idle.pop()
                else:
                    conn = _Connection(host, port, headers or {})
                    opened += 1
                body = await conn.get_ok(path_for(n))
                latencies.append((time.perf_counter() - scheduled) * 1000)
                due.append(scheduled - started)
                late.append(sent_late)
                errors += body is None
                idle.append(conn)

        tasks = []
        started = time.perf_counter()
        for n in range(total):
            scheduled = started + n / rate
            delay = scheduled - time.perf_counter()
            await asyncio.sleep(max(0.0, delay))  # also lets answers in when behind
            tasks.append(asyncio.create_task(one(n, scheduled)))
        await asyncio.gather(*tasks)
        elapsed = time.perf_counter() - started
        for conn in idle:
            conn.close()
        return LoadResult(len(latencies), errors, elapsed, latencies, 0, due, late)

    with _no_gc_pauses():
        return asyncio.run(run())

"""``chatsignals serve`` writes one JSON line per request on standard error (route
template, status, duration), and none with ``--no-access-log``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_and_log(tmp_path: Path, *flags: str) -> list[dict[str, Any]]:
    """Serve, make three requests, stop; the JSON lines it wrote to standard error."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATSIGNALS_")}
    env["CHATSIGNALS_DATA_DIR"] = str(tmp_path)
    cmd = [sys.executable, "-m", "chatsignals", "serve", "--port", str(port), *flags]
    cmd += ["--database-url", f"sqlite:///{tmp_path / 'store.sqlite'}"]
    err = tmp_path / "stderr.txt"
    with err.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=out)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 60
        while True:
            assert proc.poll() is None, err.read_text()[-2000:]
            try:
                httpx.get(base + "/healthz", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "serve did not come up"
                time.sleep(0.05)
        assert httpx.get(base + "/healthz").status_code == 200
        assert httpx.get(base + "/v1/accounts/fb:someone/ads").status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    lines = [line for line in err.read_text().splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines]


def test_serve_logs_each_request_as_a_json_line(tmp_path: Path) -> None:
    requests = [r for r in _serve_and_log(tmp_path) if r["event"] == "request"]
    assert len(requests) >= 3  # the start-up probes, then the two above
    healthz, ads = requests[-2:]
    assert healthz["route"] == "/healthz" and healthz["status"] == 200
    assert ads["route"] == "/v1/accounts/{account_id}/ads" and ads["status"] == 401
    assert ads["logger"] == "chatsignals.access" and ads["duration_ms"] >= 0
    assert "fb:someone" not in json.dumps(requests)  # route templates, not paths


def test_no_access_log_leaves_requests_out(tmp_path: Path) -> None:
    logged = _serve_and_log(tmp_path, "--no-access-log")
    assert [r for r in logged if r["event"] == "request"] == []

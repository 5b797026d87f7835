"""Acknowledged means stored: the server is killed with SIGKILL in the middle of
concurrent ingest, restarted, and every message it acknowledged is there exactly once,
readable, and a retry of it answers 200 with the first answer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from chatsignals.adapters.crypto.keyring import encode_key, generate_key
from chatsignals.bootstrap import bootstrap
from chatsignals.domain.access import Role
from chatsignals.services import person_tokens
from chatsignals.services.api_keys import create_api_key
from chatsignals.settings import Settings
from tests.stored_signals import stored_signals

THREADS = 4
KILL_AFTER_ACKS = 80
ACCOUNT = "fb:crash"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, env: dict[str, str], db_url: str, log: Path) -> None:
        self.env, self.db_url, self.log = env, db_url, log
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        cmd = [sys.executable, "-c", "from chatsignals.cli import main; main()", "serve"]
        cmd += ["--port", str(self.port), "--database-url", self.db_url]
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                cmd, env=self.env, stdout=out, stderr=out, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("server did not come up")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Settings, dict[str, str]]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATSIGNALS_")}
    env |= {"CHATSIGNALS_DATA_DIR": str(tmp_path), "CHATSIGNALS_RATE_LIMIT_RPS": "0"}
    if request.param == "sqlite":
        settings = Settings(data_dir=tmp_path)
    else:
        url = request.getfixturevalue("private_postgres_url")
        key = encode_key(generate_key())
        settings = Settings(data_dir=tmp_path, database_url=url, master_key=key)
        env["CHATSIGNALS_MASTER_KEY"] = key
    yield settings, env


def _body(mid: str) -> dict[str, Any]:
    text_ = f"need new hiking boots, pair {mid}"
    at = "2025-12-20T10:00:00Z"  # clients send the time the message was sent: retries match
    return {"id": mid, "account": ACCOUNT, "conversation": f"c-{mid[:3]}", "text": text_, "at": at}


@pytest.mark.slow
def test_every_acknowledged_message_survives_a_sigkill_exactly_once(
    backend: tuple[Settings, dict[str, str]], tmp_path: Path
) -> None:
    settings, env = backend
    setup = bootstrap(settings)
    platform = create_api_key(setup.ctx, Role.PLATFORM)[1]
    setup.close()
    headers = {"Authorization": f"Bearer {platform}"}
    server = Server(env, settings.effective_database_url, tmp_path / "server.log")
    server.start()
    acked: dict[str, dict[str, Any]] = {}
    attempted: set[str] = set()
    lock = threading.Lock()
    try:
        account = {"id": ACCOUNT, "app": "facebook", "country": "US", "birth_date": "1990-01-01"}
        assert httpx.post(f"{server.base}/v1/accounts", json=account, headers=headers).is_success
        notice = {"at": "2025-12-01T00:00:00Z"}
        httpx.post(
            f"{server.base}/v1/accounts/{ACCOUNT}/notice-deliveries", json=notice, headers=headers
        )

        def worker(n: int) -> None:
            with httpx.Client(base_url=server.base, headers=headers, timeout=10) as client:
                for i in range(10_000):
                    mid = f"t{n}-{i:05d}"
                    with lock:
                        attempted.add(mid)
                    try:
                        r = client.post("/v1/interactions", json=_body(mid))
                    except httpx.HTTPError:
                        return  # the server is gone
                    assert r.status_code == 202, r.text
                    with lock:
                        acked[mid] = r.json()

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acked) < KILL_AFTER_ACKS and time.monotonic() < deadline:
            time.sleep(0.005)
        server.kill()  # mid-flight: requests are in progress on every thread
        for t in threads:
            t.join(timeout=30)
        assert len(acked) >= KILL_AFTER_ACKS
        server.start()
        with httpx.Client(base_url=server.base, headers=headers, timeout=10) as client:
            for mid, first in acked.items():
                got = client.get(f"/v1/interactions/{mid}")
                assert got.status_code == 200 and got.json()["status"] == "processed", mid
                retry = client.post("/v1/interactions", json=_body(mid))
                assert retry.status_code == 200 and retry.json() == first, mid
            in_flight = attempted - set(acked)
            for mid in in_flight:  # the client never heard back: retrying is safe
                assert client.post("/v1/interactions", json=_body(mid)).status_code in (200, 202)
            minting = bootstrap(settings, migrate=False)
            token, _ = person_tokens.mint(minting.ctx, ACCOUNT)
            minting.close()
            export = client.get("/v1/me/export", headers={"Authorization": f"Bearer {token}"})
        stored = {m["id"]: m["text"] for m in export.json()["data"]["interactions"]}
        assert set(stored) == attempted
        assert all(stored[mid] == _body(mid)["text"] for mid in acked)  # still decrypts
    finally:
        server.kill()
    check = bootstrap(settings, migrate=False)
    with check.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, COUNT(*) FROM interactions GROUP BY id")).all()
    per_message = Counter((s.source_id, s.purpose, s.topic) for s in stored_signals(check.engine))
    check.close()
    assert {r[0] for r in rows} == attempted and all(r[1] == 1 for r in rows)
    assert set(per_message.values()) <= {1}

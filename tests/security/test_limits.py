"""Rate limits per caller, and a wall-clock limit per request."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.api.rate_limit import RateLimiter
from chatsignals.api.timeouts import RequestTimeout
from chatsignals.bootstrap import bootstrap
from chatsignals.domain.access import Role
from chatsignals.services.api_keys import create_api_key
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.security.conftest import as_


def test_token_buckets_allow_bursts_then_refill_at_the_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=3, monotonic=lambda: now[0])
    assert [limiter.acquire("k") for _ in range(3)] == [None, None, None]
    wait = limiter.acquire("k")
    assert wait is not None and 0 < wait <= 0.5
    assert limiter.acquire("other") is None  # buckets are per caller
    now[0] += 0.5
    assert limiter.acquire("k") is None
    assert RateLimiter(rate=0, burst=1).acquire("k") is None  # off


def test_a_key_over_its_rate_gets_429_with_retry_after(clock: ManualClock) -> None:
    c = bootstrap(
        Settings(database_url="sqlite://", rate_limit_rps=0.5, rate_limit_burst=3), clock=clock
    )
    first = create_api_key(c.ctx, Role.AUDITOR)[1]
    second = create_api_key(c.ctx, Role.AUDITOR)[1]
    client = TestClient(create_app(c))
    codes = [client.get("/v1/policy", headers=as_(first)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = client.get("/v1/policy", headers=as_(first))
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert "rate limit" in r.json()["detail"]
    assert client.get("/v1/policy", headers=as_(second)).status_code == 200
    # guessing keys is throttled per client address too
    bad = [client.get("/v1/policy", headers=as_("cs_x")).status_code for _ in range(4)]
    assert bad == [401, 401, 401, 429]
    c.close()


async def _slow_app(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
    await asyncio.sleep(5)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"late"})


def test_a_request_over_the_time_limit_gets_503_with_retry_after() -> None:
    client = TestClient(RequestTimeout(_slow_app, seconds=0.2))  # type: ignore[arg-type]
    r = client.get("/anything")
    assert r.status_code == 503 and r.headers["retry-after"] == "1"
    assert "longer than 0.2 s" in r.json()["detail"]

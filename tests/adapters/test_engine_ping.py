"""PostgreSQL connections are checked before use only after sitting idle in the pool."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, text

from chatsignals.adapters.db.engine import make_engine


@pytest.fixture
def pings() -> list[float]:
    return []


def _engine(url: str, after_s: float, pings: list[float]) -> Engine:
    engine = make_engine(url, pool_size=1, ping_after_idle_s=after_s)
    real = engine.dialect.do_ping

    def counted(dbapi_conn: Any) -> bool:
        pings.append(time.monotonic())
        return real(dbapi_conn)

    engine.dialect.do_ping = counted  # type: ignore[method-assign]
    return engine


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


@pytest.fixture
def idle_engine(postgres_url: str, pings: list[float]) -> Iterator[Engine]:
    engine = _engine(postgres_url, 0.2, pings)
    yield engine
    engine.dispose()


def test_a_connection_in_use_a_moment_ago_is_not_pinged(
    idle_engine: Engine, pings: list[float]
) -> None:
    first = _backend_pid(idle_engine)  # opened now: nothing to check
    for _ in range(5):
        assert _backend_pid(idle_engine) == first
    assert pings == []


def test_an_idle_connection_is_pinged_once_before_use(
    idle_engine: Engine, pings: list[float]
) -> None:
    first = _backend_pid(idle_engine)
    time.sleep(0.3)
    assert _backend_pid(idle_engine) == first
    assert len(pings) == 1
    assert _backend_pid(idle_engine) == first  # used just now: not again
    assert len(pings) == 1


def test_an_idle_connection_the_server_dropped_is_replaced(
    idle_engine: Engine, pings: list[float], postgres_url: str
) -> None:
    dropped = _backend_pid(idle_engine)
    other = make_engine(postgres_url, pool_size=1)
    with other.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dropped})
    other.dispose()
    time.sleep(0.3)
    # No error reaches the caller: the ping fails and the pool opens a new connection.
    assert _backend_pid(idle_engine) != dropped
    assert len(pings) == 1

"""Shared fixtures: an in-memory store, the API client, the simulator, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.bootstrap import Container, bootstrap, build_simulator
from chatsignals.services.clock import ManualClock
from chatsignals.services.scenario import parse_scenario
from chatsignals.settings import Settings

POSTGRES_URL = os.environ.get(
    "CHATSIGNALS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
T0 = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)


def postgres_unavailable_reason() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(dsn, connect_timeout=3):
            return None
    except Exception as exc:
        return f"no PostgreSQL server at {POSTGRES_URL} ({type(exc).__name__}: {exc})"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh schema on the local PostgreSQL, dropped afterwards; skips with the reason."""
    reason = postgres_unavailable_reason()
    if reason is not None:
        if os.environ.get("CHATSIGNALS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required here but unavailable: {reason}")
        pytest.skip(reason)
    import psycopg

    schema = f"cs_test_{uuid.uuid4().hex[:10]}"
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def container(clock: ManualClock) -> Iterator[Container]:
    c = bootstrap(Settings(database_url="sqlite://"), clock=clock)
    yield c
    c.close()


@pytest.fixture
def client(container: Container) -> TestClient:
    return TestClient(create_app(container))


@pytest.fixture
def simulate() -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    simulator = build_simulator(Settings())

    def run(scenario: dict[str, Any]) -> list[dict[str, Any]]:
        return simulator.run(parse_scenario(scenario))

    return run

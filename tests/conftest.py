"""Shared fixtures: an in-memory store, the API client, the simulator, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.bootstrap import Container, bootstrap, build_extractor, build_simulator
from chatsignals.services.clock import ManualClock
from chatsignals.services.context import ServiceContext
from chatsignals.services.scenario import parse_scenario
from chatsignals.services.simulator import Simulator
from chatsignals.settings import Settings

POSTGRES_URL = os.environ.get(
    "CHATSIGNALS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
T0 = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)
# The store behind the ``container``, ``client`` and ``simulate`` fixtures: sqlite (in
# memory, the default) or postgres (one migrated schema per session, emptied before each
# test), so the storage-touching suites run unchanged against either.
TEST_DATABASE = os.environ.get("CHATSIGNALS_TEST_DATABASE", "sqlite")


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
    with fresh_postgres_schema() as url:
        yield url


@contextmanager
def fresh_postgres_schema() -> Iterator[str]:
    """A URL for a new, empty schema on the local PostgreSQL, dropped afterwards; skips
    (or fails where CHATSIGNALS_REQUIRE_POSTGRES=1) without a server."""
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
    try:
        yield f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(scope="session")
def migrated_postgres_url() -> Iterator[str]:
    """One schema migrated once per session; ``empty_postgres`` clears it per test."""
    from chatsignals.adapters.db.engine import make_engine
    from chatsignals.adapters.db.migrate import upgrade

    with fresh_postgres_schema() as url:
        engine = make_engine(url, pool_size=1)
        upgrade(engine)
        engine.dispose()
        yield url


def empty_postgres(url: str) -> None:
    """Truncate every table but Alembic's (triggers off, so append-only logs go too)."""
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename <> 'alembic_version'"
            )
        ]
        conn.execute("SET session_replication_role = replica")
        quoted = ", ".join(f'"{t}"' for t in tables)
        conn.execute(f"TRUNCATE {quoted}")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def container(
    clock: ManualClock, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Container]:
    if TEST_DATABASE == "postgres":
        url = request.getfixturevalue("migrated_postgres_url")
        empty_postgres(url)
        settings = Settings(database_url=url, data_dir=tmp_path)
        c = bootstrap(settings, clock=clock, migrate=False)
    else:
        c = bootstrap(Settings(database_url="sqlite://"), clock=clock)
    yield c
    c.close()


def admin_client(container: Container) -> TestClient:
    """The API with auth on, called with an admin key (admin passes every key-role check;
    ``tests/security`` covers each role and the person tokens)."""
    from chatsignals.domain.access import Role
    from chatsignals.services.api_keys import create_api_key

    _, token = create_api_key(container.ctx, Role.ADMIN, label="tests")
    test_client = TestClient(create_app(container))
    test_client.headers["Authorization"] = f"Bearer {token}"
    return test_client


@pytest.fixture
def client(container: Container) -> TestClient:
    return admin_client(container)


def postgres_simulator(url: str, data_dir: Path) -> tuple[Simulator, Callable[[], None]]:
    """A simulator whose every run starts from the emptied PostgreSQL test schema, and
    the function that closes its last run's store."""
    shared = build_extractor(Settings())
    previous: list[Container] = []

    def make_context(
        policy: str, start: datetime
    ) -> tuple[ServiceContext, Callable[[datetime], None]]:
        while previous:
            previous.pop().close()
        empty_postgres(url)
        run_clock = ManualClock(start)
        settings = Settings(database_url=url, data_dir=data_dir, policy=policy)
        container = bootstrap(settings, clock=run_clock, extractor=shared, migrate=False)
        previous.append(container)
        return container.ctx, run_clock.set

    def close() -> None:
        while previous:
            previous.pop().close()

    return Simulator(make_context), close


@pytest.fixture
def simulate(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Callable[[dict[str, Any]], list[dict[str, Any]]]:
    if TEST_DATABASE == "postgres":
        url = request.getfixturevalue("migrated_postgres_url")
        simulator, close = postgres_simulator(url, tmp_path)
        request.addfinalizer(close)
    else:
        simulator = build_simulator(Settings())

    def run(scenario: dict[str, Any]) -> list[dict[str, Any]]:
        return simulator.run(parse_scenario(scenario))

    return run

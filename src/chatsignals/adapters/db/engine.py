"""Engines for the supported databases, with the settings each needs to be safe."""

from __future__ import annotations

import time
from sqlite3 import sqlite_version
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, StaticPool

# A pooled PostgreSQL connection idle for longer than this is pinged before it is handed
# out, and replaced if the server no longer answers (a restart, an idle timeout, a proxy
# that dropped it). One used more recently is handed out as it is: pinging every
# checkout cost a backfill batch two of its nineteen round trips, and a request one of
# its few, while a server cannot go away and come back within a second.
PING_AFTER_IDLE_S = 1.0


def in_memory_url(url: str) -> bool:
    """True for an in-memory SQLite store: one connection, gone with the process."""
    return url in ("sqlite://", "sqlite:///:memory:")


def make_engine(
    url: str, *, pool_size: int = 10, ping_after_idle_s: float = PING_AFTER_IDLE_S
) -> Engine:
    """An engine for ``url`` (``sqlite:///path``, ``sqlite://`` in memory, ``postgresql+psycopg://``).

    SQLite gets WAL, ``synchronous=FULL`` (an acknowledged write survives power loss),
    foreign keys and write transactions that take the lock at BEGIN, so two writers
    never deadlock on a lock upgrade. PostgreSQL connections idle in the pool for
    ``ping_after_idle_s`` or more are checked before use (0: every checkout).
    """
    if url.startswith("sqlite"):
        in_memory = in_memory_url(url)
        kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
        if in_memory:
            kwargs["poolclass"] = StaticPool
        else:  # connections kept for the request threads and the background ones: a new
            # one (file open, pragmas, schema read) cost a cold ad request ~3 % of its time
            kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        engine = create_engine(url, json_serializer=json_text, **kwargs)
        _configure_sqlite(engine, in_memory=in_memory)
        return engine
    if url.startswith("postgresql"):
        engine = create_engine(
            url, pool_size=pool_size, max_overflow=pool_size, json_serializer=json_text
        )
        _ping_when_idle(engine, ping_after_idle_s)
        return engine
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:/// or postgresql+psycopg://")


def json_text(value: Any) -> str:
    """JSON columns' text, by pydantic's encoder: the same JSON as ``json.dumps`` without
    its spaces, five times faster (an ad impression stores two such values, its "why"
    and its CTR features, and the writer encodes thousands a second)."""
    return to_json(value).decode()


def _ping_when_idle(engine: Engine, after_s: float) -> None:
    """SQLAlchemy's pessimistic disconnect handling, for idle connections only: a
    connection that fails its ping is discarded and the checkout retried with a new one."""

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(
        dbapi_conn: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        idle_since = record.info.pop("idle_since", None)
        if idle_since is None or time.monotonic() - idle_since < after_s:
            return  # just opened, or in use a moment ago
        try:
            engine.dialect.do_ping(dbapi_conn)
        except Exception as error:  # the server is gone: the pool opens a new connection
            raise exc.DisconnectionError(str(error)) from error


def _configure_sqlite(engine: Engine, *, in_memory: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left
        cursor.execute("PRAGMA busy_timeout=30000")
        try:  # the delivery log's cap recount reads its counts as JSON
            cursor.execute("SELECT json_array()")
        except Exception as exc:
            raise RuntimeError(
                f"this SQLite ({sqlite_version}) lacks its JSON functions, built in since "
                "3.38 and compiled in by nearly every earlier build: use a Python whose "
                "sqlite3 has them, or PostgreSQL"
            ) from exc
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Reads may begin deferred (WAL readers take no lock); writes lock at BEGIN.
        deferred = conn.get_execution_options().get("sqlite_begin") == "DEFERRED"
        conn.exec_driver_sql("BEGIN DEFERRED" if deferred else "BEGIN IMMEDIATE")

"""A read-only unit of work reads as any other, cannot keep a write, and on PostgreSQL
leaves the driver's prepared statements in place (a rollback would drop them all)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, text

from chatsignals.adapters.db.engine import make_engine
from chatsignals.adapters.db.migrate import upgrade
from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.domain.accounts import Account

T = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)


def _reading(engine: Engine, *, one_statement: bool = False) -> SqlUnitOfWork:
    uow = SqlUnitOfWork(engine)
    uow.read_only = True
    uow.one_statement = one_statement
    return uow


@contextmanager
def _one_connection(postgres_url: str, *accounts: str) -> Iterator[Engine]:
    """A migrated PostgreSQL store behind a single pooled connection; ``accounts`` are
    deleted afterwards (the schema is shared with other tests)."""
    engine = make_engine(postgres_url, pool_size=1)
    try:
        upgrade(engine)
        yield engine
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM accounts WHERE id = ANY(:ids)"), {"ids": list(accounts)})
        engine.dispose()


def _add_account(engine: Engine, account_id: str) -> None:
    with SqlUnitOfWork(engine) as u:
        u.accounts.add(Account(account_id, "facebook", "US", date(1990, 4, 2), T))
        u.commit()


def test_a_read_only_unit_reads_what_was_committed(engine: Engine) -> None:
    _add_account(engine, "fb:a")
    with _reading(engine) as u:
        assert set(u.accounts.get_many(["fb:a", "fb:b"])) == {"fb:a"}


def test_a_write_in_a_read_only_unit_is_never_kept(engine: Engine) -> None:
    try:
        with _reading(engine) as u:
            u.accounts.add(Account("fb:w", "facebook", "US", date(1990, 4, 2), T))
    except Exception:  # PostgreSQL refuses it at once (a read-only transaction)
        if engine.dialect.name != "postgresql":
            raise
    else:
        assert engine.dialect.name == "sqlite"  # SQLite takes it, then rolls it back
    with _reading(engine) as u:
        assert u.accounts.get_many(["fb:w"]) == {}


def test_reads_keep_their_prepared_statements_on_postgresql(postgres_url: str) -> None:
    """psycopg prepares a query once it has run five times on a connection."""
    with _one_connection(postgres_url, "fb:prep") as engine:
        _add_account(engine, "fb:prep")
        for _ in range(8):
            with _reading(engine) as u:
                assert "fb:prep" in u.accounts.get_many(["fb:prep"])
        with _reading(engine) as u:
            prepared = u.connection.execute(
                text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :p"),
                {"p": "%accounts%"},
            ).scalar_one()
        assert prepared >= 1


def test_a_read_only_unit_that_failed_rolls_back(engine: Engine) -> None:
    _add_account(engine, "fb:a")
    with pytest.raises(RuntimeError), _reading(engine) as u:
        u.accounts.get_many(["fb:a"])
        raise RuntimeError("the caller failed")
    with _reading(engine) as u:  # the connection came back clean
        assert set(u.accounts.get_many(["fb:a"])) == {"fb:a"}


def test_a_one_statement_read_runs_without_a_transaction_on_postgresql_and_leaves_none(
    postgres_url: str,
) -> None:
    """In autocommit (no BEGIN, no COMMIT), and the pooled connection is handed to the
    next unit of work as a transaction again: a write it does not commit is not kept."""
    with _one_connection(postgres_url, "fb:one", "fb:uncommitted") as engine:
        _add_account(engine, "fb:one")
        with _reading(engine, one_statement=True) as u:
            assert u.connection.connection.driver_connection.autocommit  # type: ignore[union-attr]
            assert set(u.accounts.get_many(["fb:one", "fb:none"])) == {"fb:one"}
        with SqlUnitOfWork(engine) as u:  # the same (only) connection, not committed
            assert not u.connection.connection.driver_connection.autocommit  # type: ignore[union-attr]
            u.accounts.add(Account("fb:uncommitted", "facebook", "US", date(1990, 4, 2), T))
        with _reading(engine) as u:
            assert u.accounts.get_many(["fb:uncommitted"]) == {}


def test_a_one_statement_read_reads_what_was_committed(engine: Engine) -> None:
    _add_account(engine, "fb:a")
    with _reading(engine, one_statement=True) as u:
        assert set(u.accounts.get_many(["fb:a", "fb:b"])) == {"fb:a"}

"""A SQLite without its JSON functions is refused at connect, with a reason."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

from chatsignals.adapters.db.engine import _configure_sqlite, make_engine


class _NoJsonCursor(sqlite3.Cursor):
    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if "json" in sql.lower():
            raise sqlite3.OperationalError("no such function: json_array")
        return super().execute(sql, *args)


class _NoJson(sqlite3.Connection):
    def cursor(self, factory: Any = _NoJsonCursor) -> sqlite3.Cursor:
        return super().cursor(factory)


def test_a_sqlite_without_json_functions_is_refused_with_a_clear_reason() -> None:
    engine = create_engine(
        "sqlite://",
        connect_args={"factory": _NoJson, "check_same_thread": False},
        poolclass=StaticPool,
    )
    _configure_sqlite(engine, in_memory=True)
    with pytest.raises(RuntimeError, match="lacks its JSON functions"):
        engine.connect()


def test_this_sqlite_has_them() -> None:
    with make_engine("sqlite://").connect() as conn:
        assert conn.execute(text("SELECT json_array(1, 'a')")).scalar_one() == '[1,"a"]'

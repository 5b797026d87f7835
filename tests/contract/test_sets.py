"""``one_of`` and ``chunks``: the same rows on every store, whatever the list's length
(PostgreSQL binds it as one array, SQLite as an IN list)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select

from chatsignals.adapters.db import schema as s
from chatsignals.adapters.db.sets import ARRAY_CHUNK, IN_CHUNK, chunks, one_of


@pytest.mark.parametrize("wanted", [0, 1, 3, 700])
def test_one_of_finds_the_listed_rows(engine: Engine, wanted: int) -> None:
    at = datetime(2025, 12, 17, tzinfo=UTC)
    rows = [
        {
            "id": f"fb:{n:04d}",
            "app": "facebook",
            "country": "US",
            "birth_date": date(1990, 1, 1),
            "created_at": at,
        }
        for n in range(1500)
    ]
    with engine.begin() as conn:
        conn.execute(s.accounts.insert(), rows)
        ids = [f"fb:{n:04d}" for n in range(0, 2 * wanted, 2)] + ["fb:none"]
        found: set[str] = set()
        for chunk in chunks(conn, ids):
            query = select(s.accounts.c.id).where(one_of(conn, s.accounts.c.id, chunk))
            found.update(conn.execute(query).scalars())
        assert found == set(ids[:-1])
        size = ARRAY_CHUNK if conn.dialect.name == "postgresql" else IN_CHUNK
        assert max(map(len, chunks(conn, ids))) == min(size, len(ids))
        conn.execute(s.accounts.delete())

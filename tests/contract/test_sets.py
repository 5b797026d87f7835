"""``one_of``, ``chunks`` and ``KeyedQuery``: the same rows on every store, whatever the
list's length (PostgreSQL binds it as one array, SQLite as an IN list)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, Engine, bindparam, select

from chatsignals.adapters.db import schema as s
from chatsignals.adapters.db.sets import ARRAY_CHUNK, IN_CHUNK, KeyedQuery, chunks, one_of

AT = datetime(2025, 12, 17, tzinfo=UTC)


def _accounts(conn: Connection, n: int) -> None:
    """fb:0000 ... ; the even ones from the UK, the odd ones from the US."""
    rows = [
        {
            "id": f"fb:{k:04d}",
            "app": "facebook",
            "country": "GB" if k % 2 == 0 else "US",
            "birth_date": date(1990, 1, 1),
            "created_at": AT,
        }
        for k in range(n)
    ]
    conn.execute(s.accounts.insert(), rows)


@pytest.mark.parametrize("wanted", [0, 1, 3, 700])
def test_one_of_finds_the_listed_rows(engine: Engine, wanted: int) -> None:
    with engine.begin() as conn:
        _accounts(conn, 1500)
        ids = [f"fb:{n:04d}" for n in range(0, 2 * wanted, 2)] + ["fb:none"]
        found: set[str] = set()
        for chunk in chunks(conn, ids):
            query = select(s.accounts.c.id).where(one_of(conn, s.accounts.c.id, chunk))
            found.update(conn.execute(query).scalars())
        assert found == set(ids[:-1])
        size = ARRAY_CHUNK if conn.dialect.name == "postgresql" else IN_CHUNK
        assert max(map(len, chunks(conn, ids))) == min(size, len(ids))
        conn.execute(s.accounts.delete())


# Built once, used for every shape on every store below: a statement may not depend on
# the first keys it was bound to.
_FROM = KeyedQuery(
    lambda match: (
        select(s.accounts.c.id)
        .where(match(s.accounts.c.id), s.accounts.c.country == bindparam("country"))
        .order_by(s.accounts.c.id)
    )
)


def test_a_keyed_query_binds_one_key_a_list_or_none_and_its_other_parameters(
    engine: Engine,
) -> None:
    with engine.begin() as conn:
        _accounts(conn, 1200)

        def found(keys: list[str], country: str) -> list[str]:
            return list(conn.execute(*_FROM.bind(conn, keys, country=country)).scalars())

        assert found(["fb:0002"], "GB") == ["fb:0002"]
        assert found(["fb:0002"], "US") == []  # the other parameter is bound too
        assert found(["fb:0003", "fb:0002", "fb:none"], "US") == ["fb:0003"]
        assert found([], "US") == []
        assert found(["fb:0001"], "US") == ["fb:0001"]  # one key again, once lists were bound
        every = [f"fb:{k:04d}" for k in range(1200)]
        for chunk in chunks(conn, every):
            assert found(chunk, "GB") == [key for key in chunk if int(key[3:]) % 2 == 0]
        conn.execute(s.accounts.delete())

"""The store every contract test runs against: SQLite and PostgreSQL, freshly migrated."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from chatsignals.adapters.db.engine import make_engine
from chatsignals.adapters.db.migrate import upgrade
from chatsignals.adapters.db.schema import metadata

APPEND_ONLY = frozenset({"audit_log"})  # refuses DELETE by design; contract tests never write it


@pytest.fixture(params=["sqlite", "postgres"])
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'contract.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    eng = make_engine(url)
    upgrade(eng)
    yield eng
    with eng.begin() as conn:  # leave the shared PostgreSQL schema empty for the next test
        for table in reversed(metadata.sorted_tables):
            if table.name not in APPEND_ONLY:
                conn.execute(table.delete())
    eng.dispose()

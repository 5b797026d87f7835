"""The migrations build the schema module's tables, and revision 0005 moves stored signals
into packed weekly buckets and back, losing none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from chatsignals.adapters.db.engine import make_engine
from chatsignals.adapters.db.migrate import alembic_config, current_revision, upgrade
from chatsignals.adapters.db.schema import metadata
from chatsignals.adapters.db.signal_buckets import SqlSignals
from chatsignals.domain.accounts import Purpose
from chatsignals.domain.profile import Signal, SourceKind
from tests.conftest import fresh_postgres_schema

T = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)
ROWS = [  # account, purpose, topic, score, kind, source, days after T
    ("fb:a", "ads", "159", 0.8, "chat", "m1", 0),
    ("fb:a", "content", "159", 0.8, "chat", "m1", 0),
    ("fb:a", "ads", "483", 0.25, "chat", "m2", 9),
    ("fb:a", "content", "227", 0.5, "engagement", "e1", 30),
    ("fb:b", "ads", "1", 1.0, "chat", "mb", 1),
]


@pytest.fixture(params=["sqlite", "postgres"])
def bare(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'migrate.sqlite'}")
        yield eng
        eng.dispose()
        return
    with fresh_postgres_schema() as url:
        eng = make_engine(url, pool_size=1)
        yield eng
        eng.dispose()


def test_the_migrated_store_is_the_schema_module(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def _expected() -> list[Signal]:
    return [
        Signal(a, Purpose(p), topic, score, SourceKind(k), src, T + timedelta(days=d))
        for a, p, topic, score, k, src, d in ROWS
    ]


def test_signals_survive_the_move_to_buckets_and_back(bare: Engine) -> None:
    upgrade(bare, "0004")
    with bare.begin() as conn:
        for acct in ("fb:a", "fb:b"):
            conn.execute(
                text(
                    "INSERT INTO accounts (id, app, country, birth_date, created_at) "
                    "VALUES (:id, 'facebook', 'US', '1990-04-02', :at)"
                ),
                {"id": acct, "at": T.replace(tzinfo=None)},
            )
        for a, p, topic, score, k, src, d in ROWS:
            conn.execute(
                text(
                    "INSERT INTO signals (account_id, purpose, topic, score, source_kind, "
                    "source_id, at) VALUES (:a, :p, :t, :s, :k, :src, :at)"
                ),
                {
                    "a": a,
                    "p": p,
                    "t": topic,
                    "s": score,
                    "k": k,
                    "src": src,
                    "at": T + timedelta(days=d),
                },
            )
    upgrade(bare)
    assert (
        current_revision(bare)
        == ScriptDirectory.from_config(alembic_config(bare)).get_current_head()
    )
    with bare.connect() as conn:
        got = SqlSignals(conn).for_accounts(["fb:a", "fb:b"])
    assert sorted(got, key=repr) == sorted(_expected(), key=repr)

    _downgrade(bare, "0004")
    with bare.connect() as conn:
        rows = conn.execute(
            text("SELECT account_id, purpose, topic, score, source_kind, source_id FROM signals")
        ).all()
    assert sorted(tuple(r) for r in rows) == sorted(r[:6] for r in ROWS)


def test_an_unfinished_backfill_starts_over_in_the_new_order_and_a_finished_one_stays(
    bare: Engine,
) -> None:
    upgrade(bare, "0006")
    at = T.replace(tzinfo=None)
    with bare.begin() as conn:
        for run_id, status in (("old", "running"), ("done", "done")):
            conn.execute(
                text(
                    "INSERT INTO backfill_runs (id, status, engine, extractor, policy, "
                    "batch_size, total, cursor, processed, changed, signals_added, "
                    "signals_removed, started_at, updated_at) VALUES (:id, :status, 'local', "
                    "'embedded', 'meta-2025', 2, 4, 'm2', 2, 1, 3, 1, :at, :at)"
                ),
                {"id": run_id, "status": status, "at": at},
            )
            conn.execute(
                text(
                    "INSERT INTO backfill_batches (run_id, last_id, first_id, processed, "
                    "changed, signals_added, signals_removed, done_at) "
                    "VALUES (:id, 'm2', 'm1', 2, 1, 3, 1, :at)"
                ),
                {"id": run_id, "at": at},
            )
    upgrade(bare)

    def state(run_id: str) -> tuple[object, ...]:
        with bare.connect() as conn:
            run = conn.execute(
                text(
                    "SELECT cursor, cursor_account, processed, changed, signals_added "
                    "FROM backfill_runs WHERE id = :id"
                ),
                {"id": run_id},
            ).one()
            batches = conn.execute(
                text("SELECT COUNT(*) FROM backfill_batches WHERE run_id = :id"), {"id": run_id}
            ).scalar_one()
        return (*run, batches)

    # Its message-id cursor means nothing in (account, message id) order: from the start.
    assert state("old") == (None, None, 0, 0, 0, 0)
    assert state("done") == ("m2", None, 2, 1, 3, 1)


def test_the_context_window_index_built_beforehand_is_kept_by_the_migration(
    bare: Engine,
) -> None:
    """As an operator does on a large PostgreSQL store (CONCURRENTLY, without holding up
    writes): built before migration 0010, which then only drops the old index."""
    upgrade(bare, "0009")
    with bare.begin() as conn:
        conn.exec_driver_sql(
            "CREATE INDEX ix_interactions_conversation_account_at"
            " ON interactions (conversation_id, account_id, at)"
        )
    upgrade(bare)
    assert current_revision(bare) == "0010"
    with bare.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []

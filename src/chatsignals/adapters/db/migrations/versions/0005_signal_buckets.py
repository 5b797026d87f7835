"""signals packed per account and week (signal_buckets replaces signals)

A row per signal cost about 2.7 KB per profile on PostgreSQL (tuple headers and three
indexes per row); a packed row per account and week keeps a profile well under 1 KB.
Existing signals are copied over, a thousand accounts at a time.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sqlalchemy as sa
from alembic import op

from chatsignals.adapters.db.packed_signals import decode, pack_buckets
from chatsignals.adapters.db.types import UTCDateTime
from chatsignals.domain.accounts import Purpose
from chatsignals.domain.profile import Signal, SourceKind

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_ACCOUNTS_PER_STEP = 1000

_signals = sa.table(
    "signals",
    sa.column("id", sa.Integer()),
    sa.column("account_id", sa.String()),
    sa.column("purpose", sa.String()),
    sa.column("topic", sa.String()),
    sa.column("score", sa.Float()),
    sa.column("source_kind", sa.String()),
    sa.column("source_id", sa.String()),
    sa.column("at", UTCDateTime(timezone=True)),
)
_buckets = sa.table(
    "signal_buckets",
    sa.column("account_id", sa.String()),
    sa.column("bucket", sa.Integer()),
    sa.column("packed", sa.LargeBinary()),
)


def _account_steps(conn: sa.Connection, table: sa.TableClause) -> Iterator[list[str]]:
    """The account ids that have rows in ``table``, a step at a time, in order."""
    last: str | None = None
    while True:
        query = sa.select(table.c.account_id).distinct().order_by(table.c.account_id)
        if last is not None:
            query = query.where(table.c.account_id > last)
        ids = [r[0] for r in conn.execute(query.limit(_ACCOUNTS_PER_STEP))]
        if not ids:
            return
        yield ids
        last = ids[-1]


def upgrade() -> None:
    op.create_table(
        "signal_buckets",
        sa.Column("account_id", sa.String(length=128), nullable=False),
        sa.Column("bucket", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("packed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_signal_buckets_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "bucket", name=op.f("pk_signal_buckets")),
    )
    conn = op.get_bind()
    t = _signals
    for ids in _account_steps(conn, t):
        by_account: dict[str, list[Signal]] = {}
        rows = conn.execute(sa.select(t).where(t.c.account_id.in_(ids)).order_by(t.c.id))
        for r in rows:
            by_account.setdefault(r.account_id, []).append(
                Signal(
                    r.account_id,
                    Purpose(r.purpose),
                    r.topic,
                    r.score,
                    SourceKind(r.source_kind),
                    r.source_id,
                    r.at,
                )
            )
        _insert_buckets(conn, by_account)
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.drop_index("ix_signals_account_purpose")
    op.drop_table("signals")


def _insert_buckets(conn: sa.Connection, by_account: dict[str, list[Signal]]) -> None:
    rows = [
        {"account_id": account_id, "bucket": bucket, "packed": packed}
        for account_id, signals in by_account.items()
        for bucket, packed in pack_buckets(signals).items()
    ]
    if rows:
        conn.execute(sa.insert(_buckets), rows)


def downgrade() -> None:
    op.create_table(
        "signals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(length=128), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=128), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_signals_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signals")),
        sa.UniqueConstraint(
            "source_kind",
            "source_id",
            "purpose",
            "topic",
            name=op.f("uq_signals_source_kind_source_id_purpose_topic"),
        ),
    )
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index("ix_signals_account_purpose", ["account_id", "purpose"], unique=False)
    conn = op.get_bind()
    b = _buckets
    for ids in _account_steps(conn, b):
        rows = conn.execute(
            sa.select(b).where(b.c.account_id.in_(ids)).order_by(b.c.account_id, b.c.bucket)
        )
        _insert_signals(conn, [s for r in rows for s in decode(r.packed, r.account_id)])
    op.drop_table("signal_buckets")


def _insert_signals(conn: sa.Connection, signals: Sequence[Signal]) -> None:
    if signals:
        conn.execute(
            sa.insert(_signals),
            [
                {
                    "account_id": s.account_id,
                    "purpose": s.purpose.value,
                    "topic": s.topic,
                    "score": s.score,
                    "source_kind": s.source_kind.value,
                    "source_id": s.source_id,
                    "at": s.at,
                }
                for s in signals
            ],
        )

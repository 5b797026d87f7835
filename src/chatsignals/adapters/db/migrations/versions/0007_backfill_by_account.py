"""backfill in (account, message id) order: a batch holds few accounts, whole

In message id order a batch of 256 messages named ~256 accounts, so every account's
packed signals were decoded and rewritten once per message of it, and two workers
wrote the same accounts at once (each waiting on the other's advisory lock). In
account order an account's messages come together. The plan's keys become (account
id, message id): ``backfill_runs.cursor_account`` and the batch records'
``first_account``/``last_account``, with an index to page through them.

A run left unfinished by an earlier version cannot continue in the new order: it
starts again from the beginning (re-deciding a message is idempotent).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_runs = sa.table(
    "backfill_runs",
    sa.column("id", sa.String()),
    sa.column("status", sa.String()),
    sa.column("cursor", sa.String()),
    sa.column("processed", sa.Integer()),
    sa.column("changed", sa.Integer()),
    sa.column("signals_added", sa.Integer()),
    sa.column("signals_removed", sa.Integer()),
)
_batches = sa.table("backfill_batches", sa.column("run_id", sa.String()))


def _restart_unfinished_runs() -> None:
    """Unfinished runs start over: their cursor and batch records are in the other order."""
    unfinished = sa.select(_runs.c.id).where(_runs.c.status == "running")
    op.execute(sa.delete(_batches).where(_batches.c.run_id.in_(unfinished)))
    op.execute(
        sa.update(_runs)
        .where(_runs.c.status == "running")
        .values(cursor=None, processed=0, changed=0, signals_added=0, signals_removed=0)
    )


def upgrade() -> None:
    op.create_index(op.f("ix_interactions_account_id_id"), "interactions", ["account_id", "id"])
    with op.batch_alter_table("backfill_runs") as batch:
        batch.add_column(sa.Column("cursor_account", sa.String(length=128), nullable=True))
    with op.batch_alter_table("backfill_batches") as batch:
        batch.add_column(sa.Column("first_account", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("last_account", sa.String(length=128), nullable=True))
    _restart_unfinished_runs()


def downgrade() -> None:
    _restart_unfinished_runs()
    with op.batch_alter_table("backfill_batches") as batch:
        batch.drop_column("last_account")
        batch.drop_column("first_account")
    with op.batch_alter_table("backfill_runs") as batch:
        batch.drop_column("cursor_account")
    op.drop_index(op.f("ix_interactions_account_id_id"), table_name="interactions")

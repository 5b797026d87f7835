"""production scale (extraction queue, dead letters, backfill runs)

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from chatsignals.adapters.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extraction_queue",
        sa.Column("interaction_id", sa.String(length=128), nullable=False),
        sa.Column("enqueued_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("locked_until", UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_extraction_queue_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", name=op.f("pk_extraction_queue")),
    )
    with op.batch_alter_table("extraction_queue", schema=None) as batch_op:
        batch_op.create_index(
            "ix_extraction_queue_next_attempt_at", ["next_attempt_at"], unique=False
        )
        batch_op.create_index("ix_extraction_queue_enqueued_at", ["enqueued_at"], unique=False)

    op.create_table(
        "extraction_dead_letters",
        sa.Column("interaction_id", sa.String(length=128), nullable=False),
        sa.Column("enqueued_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("failed_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_extraction_dead_letters_interaction_id_interactions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("interaction_id", name=op.f("pk_extraction_dead_letters")),
    )
    op.create_table(
        "backfill_runs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("extractor", sa.String(length=64), nullable=False),
        sa.Column("policy", sa.String(length=32), nullable=False),
        sa.Column("batch_size", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("cursor", sa.String(length=128), nullable=True),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("signals_added", sa.Integer(), nullable=False),
        sa.Column("signals_removed", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_backfill_runs")),
    )
    op.create_table(
        "backfill_batches",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("last_id", sa.String(length=128), nullable=False),
        sa.Column("first_id", sa.String(length=128), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("signals_added", sa.Integer(), nullable=False),
        sa.Column("signals_removed", sa.Integer(), nullable=False),
        sa.Column("done_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["backfill_runs.id"],
            name=op.f("fk_backfill_batches_run_id_backfill_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "last_id", name=op.f("pk_backfill_batches")),
    )
    # Foreign keys that deletion cascades through, unindexed until now.
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index("ix_decisions_account_id", ["account_id"], unique=False)
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.create_index("ix_engagements_item_id", ["item_id"], unique=False)
    # Redundant: the unique (source_kind, source_id, purpose, topic) index serves it.
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.drop_index("ix_signals_source")


def downgrade() -> None:
    with op.batch_alter_table("signals", schema=None) as batch_op:
        batch_op.create_index("ix_signals_source", ["source_kind", "source_id"], unique=False)
    with op.batch_alter_table("engagements", schema=None) as batch_op:
        batch_op.drop_index("ix_engagements_item_id")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_decisions_account_id")
    op.drop_table("backfill_batches")
    op.drop_table("backfill_runs")
    op.drop_table("extraction_dead_letters")
    with op.batch_alter_table("extraction_queue", schema=None) as batch_op:
        batch_op.drop_index("ix_extraction_queue_enqueued_at")
        batch_op.drop_index("ix_extraction_queue_next_attempt_at")
    op.drop_table("extraction_queue")

"""profile_changes: which accounts' profile inputs changed, for other processes' caches

Serving processes keep each person's ads profile in memory and poll this table to drop
exactly the profiles another process changed, instead of re-reading every profile every
second.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from chatsignals.adapters.db.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile_changes",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True),
        sa.Column("account_key", sa.String(length=64), nullable=False),
        sa.Column("at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_profile_changes")),
    )
    op.create_index(op.f("ix_profile_changes_at"), "profile_changes", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_profile_changes_at"), table_name="profile_changes")
    op.drop_table("profile_changes")

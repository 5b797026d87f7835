"""impressions.request_id loses its index: nothing reads impressions by it

An impression's id starts with its request id (``<request>.<position>``), and no query
looks impressions up by ``request_id``. Its index cost every impression written a
B-tree insert at a random page (request ids were random): a fifth of the writer's
time per row on SQLite.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_impressions_request_id", table_name="impressions")


def downgrade() -> None:
    op.create_index("ix_impressions_request_id", "impressions", ["request_id"])

"""Context windows are read within one account: the index leads with the conversation,
then the account, then the time

A message's context (the assistant turns before it) and the assistant's history are
read from its own account's turns of the conversation only; before, any account that
posted under the same conversation id lent its turns to another's windows.

Building the index takes a lock that holds up writes to ``interactions`` while it
lasts. On a large PostgreSQL store, build it first without that lock, then migrate
(which finds it and only drops the old index):

    CREATE INDEX CONCURRENTLY ix_interactions_conversation_account_at
        ON interactions (conversation_id, account_id, at);

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_interactions_conversation_account_at",
        "interactions",
        ["conversation_id", "account_id", "at"],
        if_not_exists=True,  # built beforehand, concurrently (see above)
    )
    op.drop_index("ix_interactions_conversation_at", table_name="interactions")


def downgrade() -> None:
    op.create_index("ix_interactions_conversation_at", "interactions", ["conversation_id", "at"])
    op.drop_index("ix_interactions_conversation_account_at", table_name="interactions")

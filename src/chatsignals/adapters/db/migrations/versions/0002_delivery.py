"""ads delivery (campaigns, creatives, spend, impressions, clicks, CTR model)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import chatsignals.adapters.db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = chatsignals.adapters.db.types.UTCDateTime(timezone=True)
    op.create_table(
        "advertisers",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advertisers")),
    )
    op.create_table(
        "campaigns",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("advertiser_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("bid_type", sa.String(length=8), nullable=False),
        sa.Column("bid", sa.Float(), nullable=False),
        sa.Column("daily_budget", sa.Float(), nullable=False),
        sa.Column("total_budget", sa.Float(), nullable=False),
        sa.Column("start_at", utc, nullable=False),
        sa.Column("end_at", utc, nullable=True),
        sa.Column("frequency_cap", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pacing", sa.String(length=8), nullable=False),
        sa.Column("targeting", sa.JSON(), nullable=False),
        sa.Column("spent_total", sa.Float(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["advertiser_id"],
            ["advertisers.id"],
            name=op.f("fk_campaigns_advertiser_id_advertisers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_index("ix_campaigns_advertiser_id", "campaigns", ["advertiser_id"])
    op.create_index("ix_campaigns_updated_at", "campaigns", ["updated_at"])
    op.create_table(
        "creatives",
        sa.Column("campaign_id", sa.String(length=128), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("image_url", sa.Text(), nullable=True),
        sa.Column("landing_url", sa.Text(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_creatives_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "id", name=op.f("pk_creatives")),
    )
    op.create_table(
        "campaign_spend",
        sa.Column("campaign_id", sa.String(length=128), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("spent", sa.Float(), nullable=False),
        sa.Column("impressions", sa.Integer(), nullable=False),
        sa.Column("clicks", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_spend_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign_id", "day", name=op.f("pk_campaign_spend")),
    )
    op.create_table(
        "impressions",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("request_id", sa.String(length=128), nullable=False),
        sa.Column("account_id", sa.String(length=128), nullable=False),
        sa.Column("person", sa.String(length=128), nullable=False),
        sa.Column("app", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("advertiser_id", sa.String(length=128), nullable=True),
        sa.Column("campaign_id", sa.String(length=128), nullable=True),
        sa.Column("creative_id", sa.String(length=128), nullable=True),
        sa.Column("item_id", sa.String(length=128), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("bid_type", sa.String(length=8), nullable=True),
        sa.Column("price", sa.Float(), nullable=True),
        sa.Column("cost", sa.Float(), nullable=False),
        sa.Column("click_cost", sa.Float(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=True),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("clicked_at", utc, nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_impressions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_impressions")),
    )
    op.create_index("ix_impressions_person_day", "impressions", ["person", "day"])
    op.create_index("ix_impressions_advertiser_id_day", "impressions", ["advertiser_id", "day"])
    op.create_index("ix_impressions_account_id", "impressions", ["account_id"])
    op.create_index("ix_impressions_request_id", "impressions", ["request_id"])
    op.create_table(
        "ctr_models",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_ctr_models")),
    )


def downgrade() -> None:
    op.drop_table("ctr_models")
    op.drop_index("ix_impressions_request_id", table_name="impressions")
    op.drop_index("ix_impressions_account_id", table_name="impressions")
    op.drop_index("ix_impressions_advertiser_id_day", table_name="impressions")
    op.drop_index("ix_impressions_person_day", table_name="impressions")
    op.drop_table("impressions")
    op.drop_table("campaign_spend")
    op.drop_table("creatives")
    op.drop_index("ix_campaigns_updated_at", table_name="campaigns")
    op.drop_index("ix_campaigns_advertiser_id", table_name="campaigns")
    op.drop_table("campaigns")
    op.drop_table("advertisers")

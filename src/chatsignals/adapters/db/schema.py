"""The one schema, written once in SQLAlchemy Core, for SQLite and PostgreSQL.

Alembic migrations (``adapters/db/migrations``) create it; keep the two in step.
Message text is stored only as the bytes the cipher gives back (``text_sealed``),
so encryption at rest is a matter of the cipher, not of the schema.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from chatsignals.adapters.db.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = 128  # longest client-given id

accounts = Table(
    "accounts",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("app", String(64), nullable=False),
    Column("country", String(2), nullable=False),
    Column("birth_date", Date, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
)

center_links = Table(
    "center_links",
    metadata,
    Column(
        "account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("center_id", String(ID), nullable=False, index=True),
    Column("linked_at", UTCDateTime, nullable=False),
)

notice_deliveries = Table(
    "notice_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("delivered_at", UTCDateTime, nullable=False),
    Index("ix_notice_deliveries_account_at", "account_id", "delivered_at"),
)

consents = Table(
    "consents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("purpose", String(16), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_consents_account_purpose_at", "account_id", "purpose", "at"),
)

hidden_topics = Table(
    "hidden_topics",
    metadata,
    Column(
        "account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("purpose", String(16), primary_key=True),
    Column("topic", String(16), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
)

interactions = Table(
    "interactions",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("app", String(64), nullable=False),
    Column("conversation_id", String(ID), nullable=False),
    Column("role", String(16), nullable=False),
    Column("modality", String(16), nullable=False),
    Column("encrypted", Boolean, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("received_at", UTCDateTime, nullable=False),
    Column("text_sealed", LargeBinary, nullable=True),  # None: never stored (E2EE) or purged
    Column("status", String(16), nullable=False),  # pending | processed
    Column("result", JSON, nullable=True),  # the decision record: used_for, rules, interests
    # Context windows: an account's conversation, by time (0010); and a conversation's ids.
    Index("ix_interactions_conversation_account_at", "conversation_id", "account_id", "at"),
    Index("ix_interactions_account_at", "account_id", "at"),
    Index("ix_interactions_account_id_id", "account_id", "id"),  # backfill's plan (0007)
    Index("ix_interactions_status", "status"),
)

content_items = Table(
    "content_items",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=True),
    Column("author", String(ID), nullable=True),
    Column("app", String(64), nullable=True),
    Column("categories", JSON, nullable=False),
    Column("created_at", UTCDateTime, nullable=True),
)

engagements = Table(
    "engagements",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column(
        "item_id", String(ID), ForeignKey("content_items.id", ondelete="CASCADE"), nullable=False
    ),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_engagements_account_at", "account_id", "at"),
)

# A person's signals of one week (days since 1970-01-01 // 7), packed by
# ``packed_signals``: one row per active week keeps a profile to a few hundred bytes.
signal_buckets = Table(
    "signal_buckets",
    metadata,
    Column(
        "account_id",
        String(ID),
        ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("bucket", Integer, primary_key=True, autoincrement=False),
    Column("packed", LargeBinary, nullable=False),
)

# Which accounts' profile inputs (signals, hidden topics, links, erasure) changed, for
# other processes to drop what they cached (migration 0006). Accounts appear only as the
# deployment's keyed pseudonyms; rows are pruned after minutes.
profile_changes = Table(
    "profile_changes",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("account_key", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False, index=True),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source_kind", String(16), nullable=False),
    Column("source_id", String(ID), nullable=False),
    Column("account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("purpose", String(16), nullable=False),
    Column("rule", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index("ix_decisions_source", "source_kind", "source_id"),
    Index("ix_decisions_rule_at", "rule", "at"),
)

# --- security (migration 0003): API keys, per-person data keys, the audit log ---------

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", String(32), primary_key=True),  # public id, for listing and revoking
    Column("role", String(16), nullable=False),
    Column("advertiser_id", String(ID), nullable=True),
    Column("label", String(128), nullable=True),
    Column("hash", String(64), nullable=False, unique=True),  # sha256 of the secret token
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime, nullable=True),
)

data_keys = Table(
    "data_keys",
    metadata,
    # One data key per account, wrapped by the master key. Deleting the row shreds
    # everything sealed with it (crypto-shredding), so there is no tombstone.
    Column("subject", String(ID), primary_key=True),
    Column("wrapped_key", LargeBinary, nullable=False),
    Column("key_version", String(32), nullable=False),  # id of the wrapping master key
    Column("created_at", UTCDateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    # Append-only (triggers refuse UPDATE and DELETE) and hash-chained: each hash covers
    # the previous one and this entry's canonical JSON. Subjects are keyed pseudonyms,
    # never a person's identifier, so erasing a person never rewrites the chain.
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("action", String(64), nullable=False),
    Column("subject", String(128), nullable=True),
    Column("details", JSON, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_action_seq", "action", "seq"),
)

AUDIT_LOG_APPEND_ONLY_DDL: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
        "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
    ),
}

# --- production scale (migration 0004): extraction queue, dead letters, backfill runs ---

extraction_queue = Table(
    "extraction_queue",
    metadata,
    # One row per stored message still to be extracted (``ingest_mode=queue``). A worker
    # claims rows by setting a lease (``locked_until``); a killed worker's rows come back
    # when the lease runs out. Done rows are deleted in the transaction that wrote them.
    Column(
        "interaction_id",
        String(ID),
        ForeignKey("interactions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("enqueued_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
    Column("claimed_by", String(64), nullable=True),
    Column("last_error", Text, nullable=True),
    Index("ix_extraction_queue_next_attempt_at", "next_attempt_at"),
    Index("ix_extraction_queue_enqueued_at", "enqueued_at"),
)

extraction_dead_letters = Table(
    "extraction_dead_letters",
    metadata,
    # Messages whose extraction failed ``max_attempts`` times; kept for a person to look
    # at and requeue. Deleting the message deletes its dead letter.
    Column(
        "interaction_id",
        String(ID),
        ForeignKey("interactions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("enqueued_at", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
    Column("failed_at", UTCDateTime, nullable=False),
)

backfill_runs = Table(
    "backfill_runs",
    metadata,
    # One re-extraction of stored messages, in (account id, message id) order; the
    # cursor (``cursor_account``, ``cursor``) is the last key of the batches done so far
    # in order (later batches may be done too: see backfill_batches).
    Column("id", String(64), primary_key=True),
    Column("status", String(16), nullable=False),  # running | done
    Column("engine", String(16), nullable=False),
    Column("extractor", String(64), nullable=False),
    Column("policy", String(32), nullable=False),
    Column("batch_size", Integer, nullable=False),
    Column("total", Integer, nullable=False),
    Column("cursor", String(ID), nullable=True),  # a message id
    Column("processed", Integer, nullable=False),
    Column("changed", Integer, nullable=False),  # messages whose decision changed
    Column("signals_added", Integer, nullable=False),
    Column("signals_removed", Integer, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    Column("cursor_account", String(ID), nullable=True),  # its account (0007)
)

backfill_batches = Table(
    "backfill_batches",
    metadata,
    # The batches of a run that were applied, each recorded in the transaction that
    # applied it: resuming skips them, so no batch is applied twice.
    Column(
        "run_id", String(64), ForeignKey("backfill_runs.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("last_id", String(ID), primary_key=True),
    Column("first_id", String(ID), nullable=False),
    Column("processed", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("signals_added", Integer, nullable=False),
    Column("signals_removed", Integer, nullable=False),
    Column("done_at", UTCDateTime, nullable=False),
    Column("first_account", String(ID), nullable=True),  # (0007)
    Column("last_account", String(ID), nullable=True),
)

# Hot paths that the first schema left to a full scan on PostgreSQL (which does not index
# foreign keys by itself): deleting an account cascades into decisions, deleting a content
# item into engagements.
Index("ix_decisions_account_id", decisions.c.account_id)
Index("ix_engagements_item_id", engagements.c.item_id)

# --- ads delivery (migration 0002): advertisers, campaigns, spend, impressions, CTR model ---

advertisers = Table(
    "advertisers",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

campaigns = Table(
    "campaigns",
    metadata,
    Column("id", String(ID), primary_key=True),
    Column(
        "advertiser_id",
        String(ID),
        ForeignKey("advertisers.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("name", String(200), nullable=False),
    Column("bid_type", String(8), nullable=False),  # cpm | cpc
    Column("bid", Float, nullable=False),
    Column("daily_budget", Float, nullable=False),
    Column("total_budget", Float, nullable=False),
    Column("start_at", UTCDateTime, nullable=False),
    Column("end_at", UTCDateTime, nullable=True),
    Column("frequency_cap", Integer, nullable=False),  # impressions per person per UTC day
    Column("status", String(16), nullable=False),  # active | paused | archived
    Column("pacing", String(8), nullable=False),  # even | asap
    Column("targeting", JSON, nullable=False),  # interests, countries, min_age, max_age
    # Running total of what the campaign was charged, kept with the campaign so a
    # decision reads it without summing days.
    Column("spent_total", Float, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),  # app servers reload what changed
    # +1 at every change: changes made at one instant are told apart (0009)
    Column("revision", Integer, nullable=False, server_default="0"),
    Index("ix_campaigns_advertiser_id", "advertiser_id"),
    Index("ix_campaigns_updated_at", "updated_at"),
)

creatives = Table(
    "creatives",
    metadata,
    Column(
        "campaign_id", String(ID), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("id", String(ID), primary_key=True),
    Column("ordinal", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("image_url", Text, nullable=True),
    Column("landing_url", Text, nullable=False),
    Column("categories", JSON, nullable=False),
)

campaign_spend = Table(
    "campaign_spend",
    metadata,
    # What a campaign was charged on one UTC day (impressions at impression time, CPC
    # clicks at click time): the daily budget and even pacing read it.
    Column(
        "campaign_id", String(ID), ForeignKey("campaigns.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("day", Date, primary_key=True),
    Column("spent", Float, nullable=False),
    Column("impressions", Integer, nullable=False),
    Column("clicks", Integer, nullable=False),
)

impressions = Table(
    "impressions",
    metadata,
    # One ad or feed item shown to one person, with the price, the CTR model's features
    # and the "why am I seeing this?" entries as they were at that moment. Rows follow
    # the account (erasure deletes them); advertisers only ever see aggregates.
    Column("id", String(ID), primary_key=True),
    Column("request_id", String(ID), nullable=False),
    Column("account_id", String(ID), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False),
    Column("person", String(ID), nullable=False),  # the identity: Accounts Center or account
    Column("app", String(64), nullable=False),
    Column("kind", String(8), nullable=False),  # ad | item
    Column("advertiser_id", String(ID), nullable=True),
    Column("campaign_id", String(ID), nullable=True),
    Column("creative_id", String(ID), nullable=True),
    Column("item_id", String(ID), nullable=True),
    Column("position", Integer, nullable=False),
    Column("bid_type", String(8), nullable=True),
    Column("price", Float, nullable=True),  # per 1,000 impressions (cpm) or per click (cpc)
    Column("cost", Float, nullable=False),  # charged for the impression
    Column("click_cost", Float, nullable=False),  # charged for the click (cpc)
    Column("features", JSON, nullable=True),  # what the CTR model saw; learns from the outcome
    Column("why", JSON, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("day", Date, nullable=False),  # UTC day of ``at``: caps and reports group by it
    Column("clicked_at", UTCDateTime, nullable=True),
    Index("ix_impressions_person_day", "person", "day"),
    Index("ix_impressions_advertiser_id_day", "advertiser_id", "day"),
    Index("ix_impressions_account_id", "account_id"),
    # No index on request_id (0008): an impression's id starts with it.
)

ctr_models = Table(
    "ctr_models",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("model", JSON, nullable=False),  # LogisticCtrModel.to_json(): never pickle
    Column("updated_at", UTCDateTime, nullable=False),
)

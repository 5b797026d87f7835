"""Ingest: interactions, engagements and content items, durable before acknowledged."""

from __future__ import annotations

from dataclasses import replace

from chatsignals.domain.accounts import PURPOSES, Purpose
from chatsignals.domain.extraction import Extraction, Interest
from chatsignals.domain.instants import iso_z
from chatsignals.domain.interactions import (
    ENGAGEMENT_WEIGHTS,
    MAX_TEXT_BYTES,
    ContentItem,
    Engagement,
    Interaction,
)
from chatsignals.domain.policy import RuleDecision, minor_engagement_denials
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.domain.signal_rules import apply_signal_rules
from chatsignals.services import audit
from chatsignals.services.accounts import identity_of, require_account
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import Conflict, InvalidInput, NotFound
from chatsignals.services.ports import JSONDict, StoredInteraction
from chatsignals.services.processing import process_stored


def _same_message(a: Interaction, b: Interaction) -> bool:
    keys = ("account_id", "app", "conversation_id", "role", "modality", "encrypted", "at")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def post_interaction(ctx: ServiceContext, interaction: Interaction) -> tuple[JSONDict, bool]:
    """Store a message and (inline mode) process it in the same transaction.

    Idempotent on the client's id: a retry gets the first answer back and changes
    nothing; the same id with different content is a conflict. Returns (record, created).
    """
    if len(interaction.text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise InvalidInput(f"text is longer than {MAX_TEXT_BYTES} bytes", "text")
    with ctx.uow() as uow:
        account = require_account(uow, interaction.account_id)
        if not interaction.app:
            interaction = replace(interaction, app=account.app)
        elif interaction.app != account.app:
            raise InvalidInput(
                f"account {account.id!r} belongs to app {account.app!r}, not {interaction.app!r}",
                "app",
            )
        existing = uow.interactions.get(interaction.id)
        if existing is not None:
            if not _same_message(existing.interaction, interaction):
                raise Conflict(
                    f"interaction {interaction.id!r} exists with different content", "id"
                )
            return _record(existing.status, existing.result, interaction.id), False
        # End-to-end encrypted text is never read, so it is never stored either.
        sealed = (
            None
            if interaction.encrypted
            else ctx.cipher.seal(uow.data_keys, account.id, interaction.text)
        )
        uow.interactions.add(interaction, sealed, ctx.clock.now())
        if ctx.ingest_mode == "queue":
            uow.queue.enqueue(interaction.id, ctx.clock.now())  # workers extract it
            uow.commit()
            return _record("pending", None, interaction.id), True
        stored = uow.interactions.get(interaction.id)
        assert stored is not None
        report = process_stored(ctx, uow, [stored])[0]
        uow.commit()
        return _record("processed", report.to_json(), interaction.id), True


def _record(status: str, result: JSONDict | None, interaction_id: str) -> JSONDict:
    return {"id": interaction_id, "status": status, **(result or {})}


def add_content_item(ctx: ServiceContext, item: ContentItem) -> bool:
    """Add a post, reel or group to the catalog; the same item again is a no-op."""
    for topic in item.categories:
        if topic not in ctx.taxonomy:
            raise InvalidInput(f"unknown IAB Content Taxonomy 3.1 topic {topic!r}", "categories")
    with ctx.uow() as uow:
        existing = uow.content.get(item.id)
        if existing is not None:
            if (existing.kind, existing.title, existing.categories) != (
                item.kind,
                item.title,
                item.categories,
            ):
                raise Conflict(f"content item {item.id!r} exists with different details", "id")
            return False
        uow.content.add(item)
        uow.commit()
    ctx.caches.catalogs.clear()  # this process's feeds show it at once, others' within a TTL
    return True


def post_engagement(ctx: ServiceContext, engagement: Engagement) -> tuple[JSONDict, bool]:
    """Record a like/follow/share/view; the item's topics become signals for the person."""
    with ctx.uow() as uow:
        account = require_account(uow, engagement.account_id)
        existing = uow.engagements.get(engagement.id)
        if existing is not None:
            if existing != engagement:
                raise Conflict(f"engagement {engagement.id!r} exists with different content", "id")
            return {"id": engagement.id, "status": "processed"}, False
        item = uow.content.get(engagement.item_id)
        if item is None:
            raise NotFound(f"unknown content item {engagement.item_id!r}", "item")
        uow.engagements.add(engagement)
        denials = minor_engagement_denials(ctx.preset, account, engagement.at)
        score = ENGAGEMENT_WEIGHTS[engagement.kind]
        interests = tuple(
            Interest(t, ctx.taxonomy.get(t).name, ctx.taxonomy.get(t).tier1, score)
            for t in item.categories
            if t in ctx.taxonomy
        )
        allowed = frozenset(p for p in PURPOSES if not denials[p])
        identity = identity_of(uow, account.id)
        hidden = uow.hidden_topics.for_accounts(identity.account_ids)
        outcome = apply_signal_rules(
            ctx.preset, ctx.taxonomy, Extraction(engagement.id, interests), allowed, hidden
        )
        rules: list[RuleDecision] = [d for p in PURPOSES for d in denials[p]]
        rules.extend(outcome.decisions)
        uow.signals.add_many(
            [
                Signal(
                    account.id,
                    purpose,
                    i.topic,
                    i.score,
                    SourceKind.ENGAGEMENT,
                    engagement.id,
                    engagement.at,
                )
                for purpose in PURPOSES
                for i in outcome.kept[purpose]
            ]
        )
        uow.decisions.add_many(
            SourceKind.ENGAGEMENT, engagement.id, account.id, rules, ctx.clock.now()
        )
        audit.record_denials(
            ctx, uow, SourceKind.ENGAGEMENT.value, engagement.id, account.id, rules
        )
        uow.commit()
        used: dict[Purpose, bool] = {p: outcome.used_for(p) for p in PURPOSES}
        return {
            "id": engagement.id,
            "status": "processed",
            "used_for": {p.value: v for p, v in used.items()},
            "rules": [r.to_json() for r in rules],
        }, True


def interaction_record(ctx: ServiceContext, interaction_id: str) -> JSONDict:
    """A stored message's metadata and decision record (never its text)."""
    with ctx.uow() as uow:
        stored = uow.interactions.get(interaction_id)
    if stored is None:
        raise NotFound(f"unknown interaction {interaction_id!r}", "id")
    return {**interaction_json(stored), "result": stored.result}


def interaction_json(stored: StoredInteraction) -> JSONDict:
    """A stored message's metadata, as every answer about a message shows it."""
    i = stored.interaction
    return {
        "id": i.id,
        "account": i.account_id,
        "app": i.app,
        "conversation": i.conversation_id,
        "role": i.role.value,
        "modality": i.modality.value,
        "encrypted": i.encrypted,
        "at": iso_z(i.at),
        "status": stored.status,
    }

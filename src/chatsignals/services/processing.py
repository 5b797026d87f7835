"""The flow of one message: policy gate -> extraction -> signal rules -> profile signals.

One implementation serves inline ingest, queue workers, the simulator and backfill;
batches go through ``extract_many`` so backends can vectorise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chatsignals.domain.accounts import PURPOSES, Purpose
from chatsignals.domain.extraction import Extraction, ExtractionItem, Interest, Turn
from chatsignals.domain.interactions import Interaction, Role
from chatsignals.domain.policy import GateContext, RuleDecision, evaluate_gate
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.domain.sensitive import SensitiveCategory
from chatsignals.domain.signal_rules import apply_signal_rules
from chatsignals.services import audit
from chatsignals.services.accounts import identity_of, require_account
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict, StoredInteraction, UnitOfWork


@dataclass(frozen=True, slots=True)
class MessageReport:
    """What happened to one message, in the shape audit teams script against."""

    id: str
    used_for: dict[Purpose, bool]
    rules: tuple[RuleDecision, ...]
    interests: tuple[Interest, ...]
    sensitive: tuple[SensitiveCategory, ...]
    purchase_intent: bool

    def to_json(self) -> JSONDict:
        return {
            "id": self.id,
            "used_for": {p.value: self.used_for.get(p, False) for p in PURPOSES},
            "rules": [r.to_json() for r in self.rules],
            "interests": [{"topic": i.topic, "score": round(i.score, 4)} for i in self.interests],
            "sensitive": [c.value for c in self.sensitive],
            "purchase_intent": self.purchase_intent,
        }


def _gate(
    ctx: ServiceContext, uow: UnitOfWork, interaction: Interaction
) -> dict[Purpose, list[RuleDecision]]:
    account = require_account(uow, interaction.account_id)
    gate_ctx = GateContext(
        at=interaction.at,
        encrypted=interaction.encrypted,
        account=account,
        notice_delivered_at=uow.notices.first_delivery(account.id),
        consents=uow.consents.state_at(account.id, interaction.at),
    )
    return evaluate_gate(ctx.preset, gate_ctx)


def _text_of(ctx: ServiceContext, uow: UnitOfWork, stored: StoredInteraction) -> str:
    if stored.text_sealed is None:
        return ""
    return ctx.cipher.open(uow.data_keys, stored.interaction.account_id, stored.text_sealed)


def _item_for(ctx: ServiceContext, uow: UnitOfWork, stored: StoredInteraction) -> ExtractionItem:
    """The message with the assistant turns that led up to it (context, not signal)."""
    interaction = stored.interaction
    before = uow.interactions.preceding(
        interaction.conversation_id, interaction.at, ctx.context_turns
    )
    context: list[Turn] = []
    for prior in reversed(before):
        if prior.interaction.role is Role.USER:
            break  # the person's earlier turns were already counted with their own message
        if not prior.interaction.encrypted and prior.text_sealed is not None:
            context.append(Turn(Role.ASSISTANT, _text_of(ctx, uow, prior)))
    context.reverse()
    return ExtractionItem(interaction.id, (*context, Turn(Role.USER, _text_of(ctx, uow, stored))))


def process_stored(
    ctx: ServiceContext, uow: UnitOfWork, batch: Sequence[StoredInteraction]
) -> list[MessageReport]:
    """Decide, extract and write signals for stored interactions, inside the caller's transaction.

    Re-running it for a message replaces that message's signals and decisions, so
    retries and backfills are idempotent.
    """
    gates = [_gate(ctx, uow, s.interaction) for s in batch]
    to_extract: list[int] = [
        i
        for i, (stored, gate) in enumerate(zip(batch, gates, strict=True))
        if stored.interaction.role is Role.USER
        and not stored.interaction.encrypted
        and any(not denials for denials in gate.values())
    ]
    extracted = ctx.extractor.extract_many([_item_for(ctx, uow, batch[i]) for i in to_extract])
    by_index: dict[int, Extraction] = dict(zip(to_extract, extracted, strict=True))
    reports = []
    for i, stored in enumerate(batch):
        reports.append(_apply(ctx, uow, stored.interaction, gates[i], by_index.get(i)))
    return reports


def _apply(
    ctx: ServiceContext,
    uow: UnitOfWork,
    interaction: Interaction,
    gate: dict[Purpose, list[RuleDecision]],
    extraction: Extraction | None,
) -> MessageReport:
    rules: list[RuleDecision] = [d for p in PURPOSES for d in gate[p]]
    kept: dict[Purpose, tuple[Interest, ...]] = {p: () for p in PURPOSES}
    sensitive: tuple[SensitiveCategory, ...] = ()
    if extraction is not None:
        allowed = frozenset(p for p in PURPOSES if not gate[p])
        identity = identity_of(uow, interaction.account_id)
        hidden = uow.hidden_topics.for_accounts(identity.account_ids)
        outcome = apply_signal_rules(ctx.preset, ctx.taxonomy, extraction, allowed, hidden)
        rules.extend(outcome.decisions)
        kept = dict(outcome.kept)
        sensitive = outcome.sensitive
    signals = [
        Signal(
            interaction.account_id,
            purpose,
            interest.topic,
            interest.score,
            SourceKind.CHAT,
            interaction.id,
            interaction.at,
        )
        for purpose in PURPOSES
        for interest in kept[purpose]
    ]
    uow.signals.delete_for_source(SourceKind.CHAT, interaction.id)
    uow.signals.add_many(signals)
    uow.decisions.delete_for_source(SourceKind.CHAT, interaction.id)
    uow.decisions.add_many(
        SourceKind.CHAT, interaction.id, interaction.account_id, rules, ctx.clock.now()
    )
    audit.record_denials(
        ctx, uow, SourceKind.CHAT.value, interaction.id, interaction.account_id, rules
    )
    report = MessageReport(
        id=interaction.id,
        used_for={p: bool(kept[p]) for p in PURPOSES},
        rules=tuple(rules),
        interests=extraction.interests if extraction is not None else (),
        sensitive=sensitive,
        purchase_intent=extraction.purchase_intent if extraction is not None else False,
    )
    uow.interactions.set_result(interaction.id, "processed", report.to_json())
    return report

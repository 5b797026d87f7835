"""The flow of one message: policy gate -> extraction -> signal rules -> profile signals.

One implementation serves inline ingest, queue workers, the simulator and backfill;
batches go through ``extract_many`` so backends can vectorise. The flow is split in
three so that a batch engine can run the middle, pure part on other machines:

- ``load_inputs`` reads what deciding needs (account, notice, consent, hidden topics,
  the assistant turns before the message) inside the caller's transaction;
- ``decide_many`` is pure given its inputs and an extractor: gate, extract, signal rules;
- ``write_decided`` replaces the message's signals, decisions and result record.

``process_stored`` runs the three in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chatsignals.domain.accounts import PURPOSES, Purpose
from chatsignals.domain.extraction import Extraction, ExtractionItem, Interest, Turn
from chatsignals.domain.interactions import Interaction, Role
from chatsignals.domain.policy import GateContext, PolicyPreset, RuleDecision, evaluate_gate
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.domain.sensitive import SensitiveCategory
from chatsignals.domain.signal_rules import apply_signal_rules
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor
from chatsignals.services import audit
from chatsignals.services.accounts import identities_of, require_accounts
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict, StoredInteraction, UnitOfWork
from chatsignals.services.prefetched_keys import PrefetchedKeys
from chatsignals.services.security_ports import DataKeyRepository


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


@dataclass(frozen=True, slots=True)
class MessageInput:
    """Everything deciding one stored message needs, read beforehand.

    ``item`` (the text with its assistant context) and ``hidden`` are filled only when
    the message may be read at all: a person's unencrypted turn that the gate lets
    through for at least one purpose.
    """

    interaction: Interaction
    gate: GateContext
    item: ExtractionItem | None
    hidden: dict[Purpose, frozenset[str]]


@dataclass(frozen=True, slots=True)
class Decided:
    """One message's decision and the signals it yields, ready to be written."""

    interaction: Interaction
    report: MessageReport
    signals: tuple[Signal, ...]


def _may_read(interaction: Interaction, gate: dict[Purpose, list[RuleDecision]]) -> bool:
    return (
        interaction.role is Role.USER
        and not interaction.encrypted
        and any(not denials for denials in gate.values())
    )


def _text_of(ctx: ServiceContext, keys: DataKeyRepository, stored: StoredInteraction) -> str:
    if stored.text_sealed is None:
        return ""
    return ctx.cipher.open(keys, stored.interaction.account_id, stored.text_sealed)


def _item_for(
    ctx: ServiceContext,
    keys: DataKeyRepository,
    stored: StoredInteraction,
    before: Sequence[StoredInteraction],
) -> ExtractionItem:
    """The message with the assistant turns that led up to it (context, not signal)."""
    context: list[Turn] = []
    for prior in reversed(before):
        if prior.interaction.role is Role.USER:
            break  # the person's earlier turns were already counted with their own message
        if not prior.interaction.encrypted and prior.text_sealed is not None:
            context.append(Turn(Role.ASSISTANT, _text_of(ctx, keys, prior)))
    context.reverse()
    item_id = stored.interaction.id
    return ExtractionItem(item_id, (*context, Turn(Role.USER, _text_of(ctx, keys, stored))))


def _hidden_of(
    uow: UnitOfWork, account_ids: Sequence[str]
) -> dict[str, dict[Purpose, frozenset[str]]]:
    """Each account's hidden topics: its own and those of every account linked with it."""
    identities = identities_of(uow, account_ids)
    own = uow.hidden_topics.per_account(
        sorted({a for identity in identities.values() for a in identity.account_ids})
    )
    return {
        account_id: {
            p: frozenset().union(*(own[a][p] for a in identity.account_ids)) for p in PURPOSES
        }
        for account_id, identity in identities.items()
    }


def load_inputs(
    ctx: ServiceContext, uow: UnitOfWork, batch: Sequence[StoredInteraction]
) -> list[MessageInput]:
    """Read what deciding ``batch`` needs, inside the caller's transaction.

    Raises NotFound when a message's account is gone. Each kind of input is read for
    the whole batch at once (a few statements per batch, not per message).
    """
    account_ids = list(dict.fromkeys(b.interaction.account_id for b in batch))
    accounts = require_accounts(uow, account_ids)
    notices = uow.notices.first_deliveries(account_ids)
    consents = uow.consents.state_at_many(
        [(b.interaction.account_id, b.interaction.at) for b in batch]
    )
    gates: list[GateContext] = []
    readable: list[StoredInteraction] = []
    for stored, consent in zip(batch, consents, strict=True):
        interaction = stored.interaction
        gate_ctx = GateContext(
            at=interaction.at,
            encrypted=interaction.encrypted,
            account=accounts[interaction.account_id],
            notice_delivered_at=notices.get(interaction.account_id),
            consents=consent,
        )
        gates.append(gate_ctx)
        if _may_read(interaction, evaluate_gate(ctx.preset, gate_ctx)):
            readable.append(stored)
    before = uow.interactions.context_many(
        [
            (r.interaction.account_id, r.interaction.conversation_id, r.interaction.at)
            for r in readable
        ],
        ctx.context_turns,
    )
    readers = list(dict.fromkeys(r.interaction.account_id for r in readable))
    keys = PrefetchedKeys(uow.data_keys, set(readers))  # a context turn is its reader's own
    items = {
        r.interaction.id: _item_for(ctx, keys, r, turns)
        for r, turns in zip(readable, before, strict=True)
    }
    hidden_of = _hidden_of(uow, readers) if readers else {}
    return [
        MessageInput(
            stored.interaction,
            gate_ctx,
            items.get(stored.interaction.id),
            hidden_of.get(stored.interaction.account_id, {})
            if stored.interaction.id in items
            else {},
        )
        for stored, gate_ctx in zip(batch, gates, strict=True)
    ]


def decide_many(
    preset: PolicyPreset, taxonomy: Taxonomy, extractor: Extractor, inputs: Sequence[MessageInput]
) -> list[Decided]:
    """Gate, extract (one ``extract_many`` call) and apply the signal rules. Pure but for
    the extractor; the same inputs give the same decisions on any machine."""
    gates = [evaluate_gate(preset, i.gate) for i in inputs]
    to_extract = [
        n
        for n, (inp, gate) in enumerate(zip(inputs, gates, strict=True))
        if inp.item is not None and _may_read(inp.interaction, gate)
    ]
    items = [inputs[n].item for n in to_extract]
    extracted = extractor.extract_many([i for i in items if i is not None])
    by_index: dict[int, Extraction] = dict(zip(to_extract, extracted, strict=True))
    return [
        _decide(preset, taxonomy, inp, gates[n], by_index.get(n)) for n, inp in enumerate(inputs)
    ]


def _decide(
    preset: PolicyPreset,
    taxonomy: Taxonomy,
    inp: MessageInput,
    gate: dict[Purpose, list[RuleDecision]],
    extraction: Extraction | None,
) -> Decided:
    interaction = inp.interaction
    rules: list[RuleDecision] = [d for p in PURPOSES for d in gate[p]]
    kept: dict[Purpose, tuple[Interest, ...]] = {p: () for p in PURPOSES}
    sensitive: tuple[SensitiveCategory, ...] = ()
    if extraction is not None:
        allowed = frozenset(p for p in PURPOSES if not gate[p])
        outcome = apply_signal_rules(preset, taxonomy, extraction, allowed, inp.hidden)
        rules.extend(outcome.decisions)
        kept = dict(outcome.kept)
        sensitive = outcome.sensitive
    signals = tuple(
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
    )
    report = MessageReport(
        id=interaction.id,
        used_for={p: bool(kept[p]) for p in PURPOSES},
        rules=tuple(rules),
        interests=extraction.interests if extraction is not None else (),
        sensitive=sensitive,
        purchase_intent=extraction.purchase_intent if extraction is not None else False,
    )
    return Decided(interaction, report, signals)


@dataclass(frozen=True, slots=True)
class Written:
    """What :func:`write_decided` did: the signals the messages held before, and the
    messages whose decision and result it wrote (all, unless given them as stored)."""

    replaced: list[Signal]
    rewritten: frozenset[str]


def write_decided(
    ctx: ServiceContext,
    uow: UnitOfWork,
    decided: Sequence[Decided],
    stored: Mapping[str, StoredInteraction] | None = None,
) -> Written:
    """Replace each message's signals, decisions and result record (idempotent), and
    audit the denials.

    ``stored``: the messages as read before deciding. One already processed whose
    result comes out the same keeps its decision rows, result and audit entries as they
    are (a re-decision that changes nothing writes nothing but a re-check of its
    signals, which the signal store writes back only where their bytes change)."""
    at = ctx.clock.now()
    account_of = {d.interaction.id: d.interaction.account_id for d in decided}
    replaced = uow.signals.replace_for_sources(
        SourceKind.CHAT, account_of, [sig for d in decided for sig in d.signals]
    )
    results = {d.interaction.id: d.report.to_json() for d in decided}
    if stored is not None:
        decided = [d for d in decided if not _same_result(stored, d.interaction.id, results)]
        results = {d.interaction.id: results[d.interaction.id] for d in decided}
        account_of = {d.interaction.id: d.interaction.account_id for d in decided}
    uow.decisions.replace_for_sources(
        SourceKind.CHAT, account_of, {d.interaction.id: d.report.rules for d in decided}, at
    )
    uow.interactions.set_results("processed", results)
    audit.record_denials_many(
        ctx,
        uow,
        SourceKind.CHAT.value,
        [(d.interaction.id, d.interaction.account_id, d.report.rules) for d in decided],
    )
    return Written(replaced, frozenset(results))


def _same_result(
    stored: Mapping[str, StoredInteraction], interaction_id: str, results: Mapping[str, JSONDict]
) -> bool:
    was = stored.get(interaction_id)
    return was is not None and was.status == "processed" and was.result == results[interaction_id]


def process_stored(
    ctx: ServiceContext, uow: UnitOfWork, batch: Sequence[StoredInteraction]
) -> list[MessageReport]:
    """Decide, extract and write signals for stored interactions, inside the caller's transaction.

    Re-running it for a message replaces that message's signals and decisions, so
    retries and backfills are idempotent.
    """
    decided = decide_many(ctx.preset, ctx.taxonomy, ctx.extractor, load_inputs(ctx, uow, batch))
    write_decided(ctx, uow, decided)
    return [d.report for d in decided]

"""Reading an identity's interests, per purpose, with the evidence behind each."""

from __future__ import annotations

from chatsignals.domain.accounts import PURPOSES, Purpose
from chatsignals.domain.identity import Identity
from chatsignals.domain.instants import iso_z
from chatsignals.domain.profile import ProfileEntry, build_profile
from chatsignals.services.accounts import identity_of, require_account
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict, UnitOfWork


def profile_entries(
    ctx: ServiceContext,
    uow: UnitOfWork,
    account_id: str,
    purpose: Purpose,
    *,
    identity: Identity | None = None,
    hidden: frozenset[str] | None = None,
) -> tuple[ProfileEntry, ...]:
    """The decayed profile for one purpose of the identity ``account_id`` belongs to.
    ``identity`` and the purpose's ``hidden`` topics: when the caller has read them."""
    identity = identity or identity_of(uow, account_id)
    if hidden is None:
        hidden = uow.hidden_topics.for_accounts(identity.account_ids).get(purpose, frozenset())
    signals = uow.signals.for_accounts(identity.account_ids, purpose)
    return build_profile(
        signals,
        now=ctx.clock.now(),
        taxonomy=ctx.taxonomy,
        half_life_days=ctx.half_life_days,
        hidden=hidden,
        purpose=purpose,
    )


def entry_json(entry: ProfileEntry, *, detailed: bool) -> JSONDict:
    out: JSONDict = {
        "topic": entry.topic,
        "name": entry.name,
        "weight": round(entry.weight, 4),
        "evidence": list(dict.fromkeys(e.source_id for e in entry.evidence)),
    }
    if detailed:
        out["tier1"] = entry.tier1
        out["sources"] = [
            {
                "kind": e.source_kind.value,
                "id": e.source_id,
                "at": iso_z(e.at),
                "weight": round(e.weight, 4),
            }
            for e in entry.evidence
        ]
    return out


def read_interests(ctx: ServiceContext, account_id: str, *, detailed: bool = True) -> JSONDict:
    """Both purposes' interests of the account's identity (its Accounts Center)."""
    with ctx.reading() as uow:
        require_account(uow, account_id)
        identity = identity_of(uow, account_id)
        out: JSONDict = {
            "account": account_id,
            "center": identity.center_id,
            "accounts": list(identity.account_ids),
        }
        for purpose in PURPOSES:
            entries = profile_entries(ctx, uow, account_id, purpose)
            out[purpose.value] = [entry_json(e, detailed=detailed) for e in entries]
        hidden = uow.hidden_topics.for_accounts(identity.account_ids)
        out["hidden_topics"] = {p.value: sorted(hidden[p]) for p in PURPOSES}
        return out

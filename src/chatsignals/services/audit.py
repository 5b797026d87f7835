"""The audit log: every policy denial, export, deletion, key and policy change.

Entries are appended in the caller's transaction, so an action and its trace commit
or roll back together. The log is append-only and hash-chained; ``verify`` walks it
and names the first broken link.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from chatsignals.domain.audit_chain import GENESIS, canonical, link_hash
from chatsignals.domain.instants import iso_z
from chatsignals.domain.policy import RuleDecision
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict, UnitOfWork
from chatsignals.services.security_ports import AuditEntry

SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Draft:
    """An entry to append: the log gives it its place (seq), time and hashes."""

    actor: str
    action: str
    subject: str | None = None
    details: dict[str, Any] | None = None


def record(
    ctx: ServiceContext,
    uow: UnitOfWork,
    actor: str,
    action: str,
    subject: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry inside ``uow``'s transaction (call it last: it locks the log)."""
    return record_many(ctx, uow, [Draft(actor, action, subject, details)])[0]


def record_many(ctx: ServiceContext, uow: UnitOfWork, drafts: Sequence[Draft]) -> list[AuditEntry]:
    """Append entries in the order given inside ``uow``'s transaction, each chained to the
    one before exactly as ``record`` one at a time would, with one lock and one write
    (call it last: it locks the log)."""
    if not drafts:
        return []
    head = uow.audit.lock_head()
    seq = 1 if head is None else head.seq + 1
    prev = GENESIS if head is None else head.hash
    entries: list[AuditEntry] = []
    for draft in drafts:
        at = ctx.clock.now()
        body = draft.details or {}
        digest = link_hash(prev, canonical(seq, at, draft.actor, draft.action, draft.subject, body))
        entries.append(
            AuditEntry(seq, at, draft.actor, draft.action, draft.subject, body, prev, digest)
        )
        seq, prev = seq + 1, digest
    uow.audit.append_many(entries)
    return entries


def record_denials(
    ctx: ServiceContext,
    uow: UnitOfWork,
    source_kind: str,
    source_id: str,
    account_id: str,
    rules: Sequence[RuleDecision],
) -> None:
    """One entry per input that a policy rule stopped (wholly or in part), naming the rules."""
    record_denials_many(ctx, uow, source_kind, [(source_id, account_id, rules)])


def record_denials_many(
    ctx: ServiceContext,
    uow: UnitOfWork,
    source_kind: str,
    inputs: Sequence[tuple[str, str, Sequence[RuleDecision]]],
) -> None:
    """``record_denials`` for each (source id, account id, rules), in order, in one write."""
    actor = f"policy:{ctx.preset.name}"
    drafts = [
        Draft(
            actor,
            "policy.deny",
            ctx.security.pseudonym(account_id),
            {
                "source": source_kind,
                "id": ctx.security.pseudonym(source_id),
                "rules": sorted({f"{r.rule.value}/{r.purpose.value}" for r in rules}),
            },
        )
        for source_id, account_id, rules in inputs
        if rules
    ]
    record_many(ctx, uow, drafts)


def entry_json(entry: AuditEntry) -> JSONDict:
    return {
        "seq": entry.seq,
        "at": iso_z(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "subject": entry.subject,
        "details": entry.details,
        "prev_hash": entry.prev_hash,
        "hash": entry.hash,
    }


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    entries: int
    head: str  # the last good hash: record it elsewhere to detect truncation later
    broken_at: int | None = None
    reason: str | None = None

    def to_json(self) -> JSONDict:
        out: JSONDict = {"ok": self.ok, "entries": self.entries, "head": self.head}
        if not self.ok:
            out["broken_at"] = self.broken_at
            out["reason"] = self.reason
        return out


def _pages(ctx: ServiceContext, page: int = 1000) -> Iterator[AuditEntry]:
    after = 0
    while True:
        with ctx.reading() as uow:
            batch = uow.audit.entries(after, page)
        yield from batch
        if len(batch) < page:
            return
        after = batch[-1].seq


def verify(ctx: ServiceContext) -> ChainReport:
    """Recompute every link; report the first entry whose hash or link does not hold."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for e in _pages(ctx):
        if e.seq != expected_seq:
            return ChainReport(False, count, prev, e.seq, f"expected seq {expected_seq}")
        if e.prev_hash != prev:
            return ChainReport(False, count, prev, e.seq, "prev_hash does not match")
        if link_hash(prev, canonical(e.seq, e.at, e.actor, e.action, e.subject, e.details)) != (
            e.hash
        ):
            return ChainReport(False, count, prev, e.seq, "hash does not match the entry")
        prev, expected_seq, count = e.hash, e.seq + 1, count + 1
    return ChainReport(True, count, prev)


def read(ctx: ServiceContext, after: int, limit: int) -> list[JSONDict]:
    with ctx.reading() as uow:
        return [entry_json(e) for e in uow.audit.entries(after, limit)]


def record_policy_if_changed(ctx: ServiceContext, actor: str = SYSTEM) -> bool:
    """At start-up: note the active policy preset when it differs from the last one noted."""
    with ctx.uow() as uow:
        last = uow.audit.latest("policy.set")
        if last is not None and last.details.get("preset") == ctx.preset.name:
            return False
        previous = None if last is None else last.details.get("preset")
        record(ctx, uow, actor, "policy.set", None, {"preset": ctx.preset.name, "was": previous})
        uow.commit()
        return True

"""A person's activity with the assistant, as they see it: each interest, for ads and
for content, with the very messages and engagements behind it, quoted with their dates.
"""

from __future__ import annotations

from collections.abc import Iterable

from chatsignals.domain.instants import iso_z
from chatsignals.domain.profile import SourceKind
from chatsignals.services.assistant_chat import message_json
from chatsignals.services.context import ServiceContext
from chatsignals.services.interests import read_interests
from chatsignals.services.ports import JSONDict, UnitOfWork


def _source_ids(interests: JSONDict) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for purpose in ("ads", "content"):
        for entry in interests.get(purpose, []):
            for source in entry.get("sources", []):
                seen[(source["kind"], source["id"])] = None
    return list(seen)


def describe_sources(
    ctx: ServiceContext,
    uow: UnitOfWork,
    sources: Iterable[tuple[str, str]],
    owners: frozenset[str],
) -> dict[str, JSONDict]:
    """Message text or engaged item for each (kind, id) of ``owners``; others are left out."""
    out: dict[str, JSONDict] = {}
    for kind, source_id in sources:
        if kind == SourceKind.CHAT.value:
            stored = uow.interactions.get(source_id)
            if stored is None or stored.interaction.account_id not in owners:
                continue
            out[source_id] = {"kind": kind, **message_json(ctx, uow, stored)}
        elif kind == SourceKind.ENGAGEMENT.value:
            engagement = uow.engagements.get(source_id)
            if engagement is None or engagement.account_id not in owners:
                continue
            item = uow.content.get(engagement.item_id)
            out[source_id] = {
                "kind": kind,
                "id": source_id,
                "account": engagement.account_id,
                "engagement": engagement.kind.value,
                "item": engagement.item_id,
                "title": item.title if item is not None else None,
                "app": item.app if item is not None else None,
                "at": iso_z(engagement.at),
            }
    return out


def read_activity(ctx: ServiceContext, account_id: str) -> JSONDict:
    """Interests per purpose (with evidence), hidden topics, and every source quoted."""
    interests = read_interests(ctx, account_id)
    owners = frozenset(interests["accounts"])
    with ctx.reading() as uow:
        sources = describe_sources(ctx, uow, _source_ids(interests), owners)
    return {**interests, "sources": sources}

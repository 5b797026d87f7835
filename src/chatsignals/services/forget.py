"""Deleting what people said or did: the signals and decisions derived from it go too.

``owners`` restricts a deletion to rows of those accounts (a person's identity, or
the one account a simulated event names); anything else reads as not found, so a
caller learns nothing about other people's data. Every deletion is audited.
"""

from __future__ import annotations

from collections.abc import Collection

from chatsignals.domain.profile import SourceKind
from chatsignals.services import audit
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import NotFound
from chatsignals.services.ports import UnitOfWork

Owners = str | Collection[str] | None


def _owned(account_id: str, owners: Owners) -> bool:
    if owners is None:
        return True
    if isinstance(owners, str):
        return account_id == owners
    return account_id in owners


def _delete_interaction(uow: UnitOfWork, interaction_id: str, account_id: str) -> None:
    uow.signals.delete_for_source(SourceKind.CHAT, interaction_id, account_id)
    uow.decisions.delete_for_source(SourceKind.CHAT, interaction_id)
    uow.interactions.delete(interaction_id)


def delete_interaction(
    ctx: ServiceContext, interaction_id: str, owners: Owners = None, actor: str = audit.SYSTEM
) -> None:
    """Delete one message. With ``owners``, only a message of those accounts may go."""
    with ctx.uow() as uow:
        stored = uow.interactions.get(interaction_id)
        if stored is None or not _owned(stored.interaction.account_id, owners):
            raise NotFound(f"unknown interaction {interaction_id!r}", "id")
        _delete_interaction(uow, interaction_id, stored.interaction.account_id)
        pseudonym = ctx.security.pseudonym
        audit.record(
            ctx,
            uow,
            actor,
            "interaction.delete",
            pseudonym(stored.interaction.account_id),
            {"message": pseudonym(interaction_id)},
        )
        uow.commit()


def delete_conversation(
    ctx: ServiceContext, conversation_id: str, owners: Owners = None, actor: str = audit.SYSTEM
) -> int:
    """Delete every message of a conversation (of ``owners``); returns how many went."""
    with ctx.uow() as uow:
        account_of = {
            i: s.interaction.account_id
            for i in uow.interactions.ids_in_conversation(conversation_id)
            if (s := uow.interactions.get(i)) is not None
            and _owned(s.interaction.account_id, owners)
        }
        if not account_of:
            raise NotFound(f"unknown conversation {conversation_id!r}", "conversation")
        for interaction_id, account_id in account_of.items():
            _delete_interaction(uow, interaction_id, account_id)
        details = {
            "conversation": ctx.security.pseudonym(conversation_id),
            "messages": len(account_of),
        }
        audit.record(ctx, uow, actor, "conversation.delete", None, details)
        uow.commit()
        return len(account_of)


def delete_engagement(
    ctx: ServiceContext, engagement_id: str, owners: Owners = None, actor: str = audit.SYSTEM
) -> None:
    with ctx.uow() as uow:
        engagement = uow.engagements.get(engagement_id)
        if engagement is None or not _owned(engagement.account_id, owners):
            raise NotFound(f"unknown engagement {engagement_id!r}", "id")
        uow.signals.delete_for_source(SourceKind.ENGAGEMENT, engagement_id, engagement.account_id)
        uow.decisions.delete_for_source(SourceKind.ENGAGEMENT, engagement_id)
        uow.engagements.delete(engagement_id)
        pseudonym = ctx.security.pseudonym
        audit.record(
            ctx,
            uow,
            actor,
            "engagement.delete",
            pseudonym(engagement.account_id),
            {"engagement": pseudonym(engagement_id)},
        )
        uow.commit()

"""Deleting what people said or did: the signals and decisions derived from it go too."""

from __future__ import annotations

from chatsignals.domain.profile import SourceKind
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import NotFound
from chatsignals.services.ports import UnitOfWork


def _delete_interaction(uow: UnitOfWork, interaction_id: str) -> None:
    uow.signals.delete_for_source(SourceKind.CHAT, interaction_id)
    uow.decisions.delete_for_source(SourceKind.CHAT, interaction_id)
    uow.interactions.delete(interaction_id)


def delete_interaction(
    ctx: ServiceContext, interaction_id: str, account_id: str | None = None
) -> None:
    """Delete one message. With ``account_id``, only that account's message may be deleted."""
    with ctx.uow() as uow:
        stored = uow.interactions.get(interaction_id)
        if stored is None or (
            account_id is not None and stored.interaction.account_id != account_id
        ):
            raise NotFound(f"unknown interaction {interaction_id!r}", "id")
        _delete_interaction(uow, interaction_id)
        uow.commit()


def delete_conversation(
    ctx: ServiceContext, conversation_id: str, account_id: str | None = None
) -> int:
    """Delete every message of a conversation; returns how many went."""
    with ctx.uow() as uow:
        ids = uow.interactions.ids_in_conversation(conversation_id)
        if account_id is not None:
            ids = [
                i
                for i in ids
                if (s := uow.interactions.get(i)) is not None
                and s.interaction.account_id == account_id
            ]
        if not ids:
            raise NotFound(f"unknown conversation {conversation_id!r}", "conversation")
        for interaction_id in ids:
            _delete_interaction(uow, interaction_id)
        uow.commit()
        return len(ids)


def delete_engagement(
    ctx: ServiceContext, engagement_id: str, account_id: str | None = None
) -> None:
    with ctx.uow() as uow:
        engagement = uow.engagements.get(engagement_id)
        if engagement is None or (account_id is not None and engagement.account_id != account_id):
            raise NotFound(f"unknown engagement {engagement_id!r}", "id")
        uow.signals.delete_for_source(SourceKind.ENGAGEMENT, engagement_id)
        uow.decisions.delete_for_source(SourceKind.ENGAGEMENT, engagement_id)
        uow.engagements.delete(engagement_id)
        uow.commit()

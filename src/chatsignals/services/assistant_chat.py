"""Chatting with the assistant: the person's message is ingested like any other, then
the backend answers, and the answer is stored as an ``assistant`` turn.

Personalization never depends on the backend: the person's message goes through
``ingest.post_interaction`` before any reply exists, and assistant turns are context
only. Replies are idempotent on the message id: a retry returns the stored reply.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

from chatsignals.assistant.base import Assistant, AssistantError, Turn
from chatsignals.domain.interactions import Interaction, Role
from chatsignals.services import ingest
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import ServiceError
from chatsignals.services.ports import JSONDict, StoredInteraction, UnitOfWork

HISTORY_TURNS = 12  # earlier turns of the conversation the backend sees
REPLY_SUFFIX = ":reply"


class AssistantUnavailable(ServiceError):
    """The backend failed; the person's message is stored and may be retried."""

    status = 502


class AssistantNotConfigured(ServiceError):
    """The settings name an assistant backend that cannot be built."""

    status = 503


def reply_id_for(message_id: str) -> str:
    return f"{message_id}{REPLY_SUFFIX}"


def _text(ctx: ServiceContext, uow: UnitOfWork, stored: StoredInteraction) -> str | None:
    if stored.text_sealed is None:
        return None  # end-to-end encrypted (never stored) or past retention
    return ctx.cipher.open(uow.data_keys, stored.interaction.account_id, stored.text_sealed)


def message_json(ctx: ServiceContext, uow: UnitOfWork, stored: StoredInteraction) -> JSONDict:
    result = stored.result or {}
    return {
        **ingest.interaction_json(stored),
        "text": _text(ctx, uow, stored),
        "used_for": result.get("used_for"),
        "rules": result.get("rules", []),
    }


def _history(ctx: ServiceContext, message: Interaction) -> list[Turn]:
    """The account's own earlier turns in the conversation, then this message."""
    with ctx.reading() as uow:
        before = uow.interactions.preceding(
            message.account_id, message.conversation_id, message.at, HISTORY_TURNS
        )
        turns = [Turn(s.interaction.role, text) for s in before if (text := _text(ctx, uow, s))]
    return [*turns, Turn(Role.USER, message.text)]


def _stored_reply(ctx: ServiceContext, message: Interaction) -> JSONDict | None:
    with ctx.reading() as uow:
        stored = uow.interactions.get(reply_id_for(message.id))
        if stored is None:
            return None
        reply = message_json(ctx, uow, stored)
    if reply["text"] is None and message.encrypted:
        return None  # an encrypted reply was never stored; it cannot be returned again
    return reply


def _store_reply(ctx: ServiceContext, message: Interaction, text: str) -> JSONDict:
    at = max(ctx.clock.now(), message.at + timedelta(milliseconds=1))
    reply = replace(message, id=reply_id_for(message.id), role=Role.ASSISTANT, text=text, at=at)
    ingest.post_interaction(ctx, reply)
    with ctx.reading() as uow:
        stored = uow.interactions.get(reply.id)
        assert stored is not None
        out = message_json(ctx, uow, stored)
    out["text"] = text  # an end-to-end encrypted reply is returned, never stored
    return out


def _post(ctx: ServiceContext, message: Interaction) -> JSONDict:
    if message.role is not Role.USER:
        raise ServiceError("only the person's messages are sent to the assistant", "role")
    if not message.text.strip():
        raise ServiceError("the message is empty", "text")
    record, _ = ingest.post_interaction(ctx, message)
    return record


def send_message(ctx: ServiceContext, assistant: Assistant, message: Interaction) -> JSONDict:
    """Ingest the person's message, get the reply, store it; both come back."""
    record = _post(ctx, message)
    reply = _stored_reply(ctx, message)
    if reply is None:
        try:
            text = assistant.reply(_history(ctx, message))
        except AssistantError as exc:
            raise AssistantUnavailable(
                f"the assistant could not answer ({exc}); your message was saved, "
                "send it again to retry",
                None,
            ) from None
        reply = _store_reply(ctx, message, text)
    return {
        "conversation": message.conversation_id,
        "message": record,
        "reply": reply,
        "assistant": assistant.describe(),
    }


def stream_message(
    ctx: ServiceContext, assistant: Assistant, message: Interaction
) -> tuple[JSONDict, Iterator[tuple[str, JSONDict]]]:
    """Ingest now; the events (``delta`` pieces, then ``reply`` or ``error``) follow lazily.

    The message is stored before the first byte of the answer, so a broken stream
    loses only the reply, which a retry with the same message id regenerates.
    """
    record = _post(ctx, message)
    stored = _stored_reply(ctx, message)
    turns = _history(ctx, message) if stored is None else []

    def events() -> Iterator[tuple[str, JSONDict]]:
        if stored is not None:
            yield "delta", {"text": stored["text"]}
            yield "reply", stored
            return
        pieces: list[str] = []
        try:
            for piece in assistant.stream(turns):
                pieces.append(piece)
                yield "delta", {"text": piece}
        except AssistantError as exc:
            yield (
                "error",
                {
                    "detail": f"the assistant could not answer ({exc}); your message was saved",
                    "field": None,
                },
            )
            return
        yield "reply", _store_reply(ctx, message, "".join(pieces))

    return {
        "conversation": message.conversation_id,
        "message": record,
        "assistant": assistant.describe(),
    }, events()


def read_conversation(
    ctx: ServiceContext, conversation_id: str, owners: frozenset[str] | None = None
) -> JSONDict:
    """The conversation's messages (of ``owners`` only, when given), oldest first."""
    with ctx.reading() as uow:
        messages = []
        for message_id in uow.interactions.ids_in_conversation(conversation_id):
            stored = uow.interactions.get(message_id)
            if stored is None:
                continue
            if owners is not None and stored.interaction.account_id not in owners:
                continue
            messages.append(message_json(ctx, uow, stored))
    return {"conversation": conversation_id, "messages": messages}

"""Chatting with the assistant: the person's message is ingested, the backend answers.

``POST /v1/assistant/messages`` answers with both stored turns; the ``/stream`` variant
sends the answer as server-sent events (``message``, ``delta``…, then ``reply`` or
``error``). The backend (offline or any OpenAI-compatible endpoint) is chosen by settings.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from chatsignals.api.assistant_schemas import AssistantMessageIn
from chatsignals.api.deps import Ctx, require
from chatsignals.api.schemas import Id
from chatsignals.assistant.base import Assistant
from chatsignals.bootstrap import Container, build_assistant
from chatsignals.domain.interactions import Interaction, Modality, Role
from chatsignals.services import assistant_chat
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict

router = APIRouter(prefix="/v1/assistant", tags=["assistant"], dependencies=[require("platform")])


def get_assistant(request: Request) -> Assistant:
    """The configured backend, built on first use (tests may set ``app.state.assistant``)."""
    assistant: Assistant | None = getattr(request.app.state, "assistant", None)
    if assistant is None:
        container: Container = request.app.state.container
        try:
            assistant = build_assistant(container.settings)
        except ValueError as exc:
            raise assistant_chat.AssistantNotConfigured(
                f"the assistant backend is not configured: {exc}"
            ) from None
        request.app.state.assistant = assistant
    return assistant


AssistantDep = Annotated[Assistant, Depends(get_assistant)]


def _interaction(ctx: ServiceContext, body: AssistantMessageIn) -> Interaction:
    return Interaction(
        id=body.id or f"msg-{uuid.uuid4().hex}",
        account_id=body.account,
        app=body.app or "",
        conversation_id=body.conversation,
        role=Role.USER,
        text=body.text,
        modality=Modality(body.modality),
        encrypted=body.encrypted,
        at=ctx.clock.now(),
    )


@router.get("")
def describe_assistant(assistant: AssistantDep) -> JSONDict:
    """Which backend answers (never its key)."""
    return assistant.describe()


@router.post("/messages")
def send_assistant_message(body: AssistantMessageIn, ctx: Ctx, assistant: AssistantDep) -> JSONDict:
    """Store the person's message (with its policy decision), answer it, store the answer.

    A retry with the same ``id`` returns the stored answer; 502 when the backend fails
    (the message stays stored, so a retry only asks for the answer again).
    """
    return assistant_chat.send_message(ctx, assistant, _interaction(ctx, body))


def _sse(event: str, data: JSONDict) -> str:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


@router.post("/messages/stream", response_class=StreamingResponse)
def stream_assistant_message(
    body: AssistantMessageIn, ctx: Ctx, assistant: AssistantDep
) -> StreamingResponse:
    """As ``/messages``, the answer streamed: ``text/event-stream`` events ``message``
    (the stored message and its decision), ``delta`` (``{"text"}`` pieces), then
    ``reply`` (the stored answer) or ``error`` (``{"detail"}``)."""
    head, events = assistant_chat.stream_message(ctx, assistant, _interaction(ctx, body))

    def body_events() -> Iterator[str]:
        yield _sse("message", head)
        for name, data in events:
            yield _sse(name, data)

    return StreamingResponse(
        body_events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/conversations/{conversation_id}")
def read_assistant_conversation(
    conversation_id: str, ctx: Ctx, account: Annotated[Id, Query()]
) -> JSONDict:
    """One account's turns in a conversation, oldest first, with each message's decision."""
    return assistant_chat.read_conversation(ctx, conversation_id, frozenset({account}))

"""Request bodies of the assistant routes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StringConstraints

from chatsignals.api.schemas import Body, Id
from chatsignals.domain.interactions import MAX_TEXT_BYTES

# Room for the ":reply" suffix that names the stored answer within the 128-character id.
MessageId = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[^\s/]+$")]


class AssistantMessageIn(Body):
    id: MessageId | None = Field(
        default=None, description="The client's message id (idempotency key); default: new."
    )
    account: Id
    conversation: Id
    app: str | None = None
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT_BYTES)]
    modality: Literal["text", "voice"] = Field(
        default="text", description="voice: the text is a transcript of speech."
    )
    encrypted: StrictBool = False

"""Request and response bodies.

Unknown fields are refused; strings and booleans are never coerced.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StringConstraints

from chatsignals.domain.interactions import MAX_TEXT_BYTES

Id = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[^\s/]+$")]
TopicId = Annotated[str, StringConstraints(min_length=1, max_length=16)]
PurposeName = Literal["ads", "content"]


def _ads_only() -> list[PurposeName]:
    return ["ads"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AccountIn(Body):
    id: Id
    app: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    country: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
    birth_date: date | None = None


class AccountOut(BaseModel):
    id: str
    app: str
    country: str
    birth_date: date | None
    center: str | None
    linked_accounts: list[str]


class InteractionIn(Body):
    id: Id
    account: Id
    conversation: Id
    app: str | None = None
    role: Literal["user", "assistant"] = "user"
    text: Annotated[str, StringConstraints(max_length=MAX_TEXT_BYTES)] = ""
    modality: Literal["text", "voice"] = "text"
    encrypted: StrictBool = False
    at: AwareDatetime | None = Field(default=None, description="When it was sent; default: now.")


class EngagementIn(Body):
    id: Id
    account: Id
    kind: Literal["like", "follow", "share", "view"]
    item: Id
    at: AwareDatetime | None = None


class ContentItemIn(Body):
    id: Id
    kind: Literal["post", "reel", "group"]
    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    body: str | None = None
    author: str | None = None
    app: str | None = None
    categories: list[TopicId] = Field(default_factory=list, max_length=20)
    created_at: AwareDatetime | None = None


class NoticeIn(Body):
    at: AwareDatetime | None = None


class ConsentIn(Body):
    purpose: PurposeName
    granted: StrictBool


class HideTopicIn(Body):
    topic: TopicId
    purposes: list[PurposeName] = Field(default_factory=_ads_only, min_length=1)


class ErrorOut(BaseModel):
    detail: str
    field: str | None = None

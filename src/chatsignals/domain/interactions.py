"""What people do: assistant messages and engagements with content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_TEXT_BYTES = 32 * 1024


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


class Modality(StrEnum):
    TEXT = "text"
    VOICE = "voice"  # a transcript of speech


class EngagementKind(StrEnum):
    LIKE = "like"
    FOLLOW = "follow"
    SHARE = "share"
    VIEW = "view"


# How strongly each engagement says "I am interested in this item's topics".
ENGAGEMENT_WEIGHTS: dict[EngagementKind, float] = {
    EngagementKind.FOLLOW: 1.0,
    EngagementKind.SHARE: 0.9,
    EngagementKind.LIKE: 0.8,
    EngagementKind.VIEW: 0.3,
}


@dataclass(frozen=True, slots=True)
class Interaction:
    """One assistant message, as the platform's back end sends it."""

    id: str
    account_id: str
    app: str
    conversation_id: str
    role: Role
    text: str
    modality: Modality
    encrypted: bool  # end-to-end encrypted: never read, never used
    at: datetime


@dataclass(frozen=True, slots=True)
class Engagement:
    """A like, follow, share or view of a content item."""

    id: str
    account_id: str
    kind: EngagementKind
    item_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ContentItem:
    """A post, reel or group that people engage with and feeds rank."""

    id: str
    kind: str  # post | reel | group
    title: str
    categories: tuple[str, ...]  # taxonomy node ids
    author: str | None = None
    app: str | None = None
    created_at: datetime | None = None

"""The values that extractors take and give back.

An item is one message or a whole conversation. The person's own turns carry the
signal; assistant turns are context only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from chatsignals.domain.interactions import Role
from chatsignals.domain.sensitive import SensitiveCategory

MAX_INTERESTS = 10


@dataclass(frozen=True, slots=True)
class Turn:
    role: Role
    text: str


@dataclass(frozen=True, slots=True)
class ExtractionItem:
    """What an extractor reads: turns in order, the last user turns being the subject."""

    id: str
    turns: tuple[Turn, ...]

    @classmethod
    def from_text(cls, item_id: str, text: str) -> ExtractionItem:
        return cls(item_id, (Turn(Role.USER, text),))

    @property
    def user_text(self) -> str:
        return "\n".join(t.text for t in self.turns if t.role is Role.USER)

    @property
    def context_text(self) -> str:
        return "\n".join(t.text for t in self.turns if t.role is Role.ASSISTANT)


@dataclass(frozen=True, slots=True)
class Interest:
    """A taxonomy node the text is about, with a score in [0, 1]."""

    topic: str
    name: str
    tier1: str
    score: float


@dataclass(frozen=True, slots=True)
class Extraction:
    """What one item says: interests (best first), sensitive categories, purchase intent.

    ``ad_interests`` is empty whenever any sensitive category is present: a message
    about health gives advertisers nothing at all, not merely no health topic.
    """

    item_id: str
    interests: tuple[Interest, ...] = ()
    sensitive: tuple[SensitiveCategory, ...] = ()
    purchase_intent: bool = False
    backend: str = field(default="", compare=False)

    @property
    def ad_interests(self) -> tuple[Interest, ...]:
        return () if self.sensitive else self.interests

"""The assistant interface: turns in, a reply out, whole or streamed."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence

from chatsignals.domain.extraction import Turn

__all__ = ["Assistant", "AssistantError", "Turn"]


class AssistantError(Exception):
    """The backend could not answer; the message says why, for the person reading it."""


class Assistant(ABC):
    """A chat backend. ``turns`` are oldest first and end with the person's message.

    Implementations must be safe to call from several threads at once and must raise
    :class:`AssistantError` (never a transport-specific exception) when they cannot answer.
    """

    name: str = "assistant"

    @abstractmethod
    def reply(self, turns: Sequence[Turn]) -> str:
        """The whole answer to the last turn."""

    @abstractmethod
    def stream(self, turns: Sequence[Turn]) -> Iterator[str]:
        """The same answer in pieces, as they become available; joined, they are the reply."""

    def describe(self) -> dict[str, str]:
        """What this backend is, for people and logs (never a secret)."""
        return {"backend": self.name}

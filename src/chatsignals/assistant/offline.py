"""The offline assistant: answers from a small built-in knowledge set, with no network.

It is a retrieval answerer, not a language model, and every answer says so. Snippets
are matched to the person's last message by keyword and word overlap; a message that
matches nothing gets an honest "I don't know" that names what it does know.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from chatsignals.assistant.base import Assistant, Turn
from chatsignals.domain.interactions import Role

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_STOPWORDS = (
    "a an and are as at be but by can do for from have how i i'm in is it me my of on or "
    "so that the this to was what when where which who why will with you your about any "
    "some should would could get good best"
)
_STOP = frozenset(_STOPWORDS.split())
_GREETING = frozenset({"hi", "hello", "hey", "hiya", "morning", "evening", "help"})
MIN_SCORE = 2.0  # at least one keyword, or several overlapping words


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


@dataclass(frozen=True, slots=True)
class Snippet:
    id: str
    topic: str
    keywords: tuple[str, ...]
    text: str

    def score(self, words: Sequence[str], phrase_text: str) -> float:
        """Keywords count twice (phrases matched whole), other shared words a quarter."""
        present = set(words)
        total = 0.0
        matched: set[str] = set()
        for keyword in self.keywords:
            parts = _words(keyword)
            if not parts:
                continue
            if len(parts) == 1:
                if parts[0] in present and parts[0] not in matched:
                    total += 2.0
                    matched.add(parts[0])
            elif f" {' '.join(parts)} " in phrase_text:
                total += 3.0
                matched.update(parts)
        overlap = (present - matched) & set(_words(self.text))
        return total + 0.25 * len(overlap)


class OfflineAssistant(Assistant):
    """Retrieval over topical snippets; deterministic; says honestly what it is."""

    name = "offline"

    def __init__(self, snippets: Sequence[Snippet]) -> None:
        if not snippets:
            raise ValueError("the offline assistant needs at least one snippet")
        self.snippets = tuple(snippets)
        self.topics = tuple(dict.fromkeys(s.topic for s in self.snippets))

    @classmethod
    def builtin(cls) -> OfflineAssistant:
        raw = (
            resources.files("chatsignals.data")
            .joinpath("assistant_knowledge.json")
            .read_text("utf-8")
        )
        return cls.from_json(raw)

    @classmethod
    def from_json(cls, raw: str) -> OfflineAssistant:
        data = json.loads(raw)
        return cls(
            [
                Snippet(s["id"], s["topic"], tuple(s["keywords"]), s["text"])
                for s in data["snippets"]
            ]
        )

    def best_match(self, text: str) -> tuple[Snippet | None, float]:
        words = _words(text)
        phrase_text = f" {' '.join(words)} "
        best: Snippet | None = None
        best_score = 0.0
        for snippet in self.snippets:  # ties keep the first snippet: deterministic
            score = snippet.score(words, phrase_text)
            if score > best_score:
                best, best_score = snippet, score
        return (best, best_score) if best_score >= MIN_SCORE else (None, best_score)

    def reply(self, turns: Sequence[Turn]) -> str:
        user_turns = [t.text for t in turns if t.role is Role.USER]
        if not user_turns or not user_turns[-1].strip():
            return self._intro()
        last = user_turns[-1]
        snippet, _ = self.best_match(last)
        if snippet is None and len(user_turns) > 1:
            # A follow-up ("and in winter?") is read together with the message before it.
            snippet, _ = self.best_match(f"{user_turns[-2]} {last}")
        if snippet is None:
            if set(_WORD.findall(last.lower())) & _GREETING:
                return self._intro()
            return (
                "I'm the offline demo assistant: I answer only from a small set of built-in "
                f"notes ({self._topic_list()}), and none of them fits that. "
                "Try asking about one of those topics."
            )
        return (
            f"{snippet.text}\n\n"
            f"(Offline demo assistant: this comes from built-in notes on {snippet.topic.lower()}, "
            "not from an AI model.)"
        )

    def stream(self, turns: Sequence[Turn]) -> Iterator[str]:
        yield from re.findall(r"\S+\s*|\s+", self.reply(turns))

    def describe(self) -> dict[str, str]:
        return {
            "backend": self.name,
            "about": "offline demo assistant: answers from built-in notes, no AI model, no network",
        }

    def _topic_list(self) -> str:
        shown = [t.lower() for t in self.topics[:8]]
        return ", ".join(shown) + ", …"

    def _intro(self) -> str:
        return (
            "Hi! I'm the offline demo assistant. I'm not an AI model: I answer from a small "
            f"set of built-in notes ({self._topic_list()}). What would you like to know?"
        )

"""A plain keyword matcher over taxonomy names: the dependency-free fallback backend.

It finds taxonomy node names (and a few common words) in the person's own turns,
skips negated mentions ("I hate golf"), and flags sensitive categories from a small
lexicon. It is transparent and fast, not clever.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cached_property

from chatsignals.domain.extraction import MAX_INTERESTS, Extraction, ExtractionItem, Interest
from chatsignals.domain.sensitive import SensitiveCategory, sensitive_category_of_topic
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor

_WORD = re.compile(r"[a-z0-9']+")
_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "hate",
        "hates",
        "dislike",
        "dislikes",
        "don't",
        "doesn't",
        "didn't",
        "can't",
        "cannot",
        "won't",
    ]
)
_PURCHASE = re.compile(
    r"\b(buy|buying|purchase|order|book|booking|reserve|how much (is|are|does)|price of|"
    r"looking for a|looking to (buy|get|rent)|rent|subscribe|deal on|discount|cheapest)\b"
)

# Extra words that name a node (id -> words), for everyday phrasing.
_ALIASES: dict[str, tuple[str, ...]] = {
    "159": ("hiking", "hike", "trail", "trails", "camping", "backpacking"),
    "653": ("flight", "flights", "hotel", "hotels", "vacation", "trip"),
    "210": ("recipe", "recipes", "restaurant", "restaurants", "cooking"),
    "596": ("python", "javascript", "programming", "laptop", "software", "code"),
    "483": ("football", "soccer", "basketball", "tennis", "golf"),
    "324": ("movie", "movies", "film", "films"),
    "338": ("music", "song", "songs", "concert"),
    "1": ("car", "cars", "suv", "truck"),
    "225": ("gym", "workout", "exercise", "running"),
    "441": ("apartment", "house for sale", "mortgage"),
}

_SENSITIVE_WORDS: dict[SensitiveCategory, tuple[str, ...]] = {
    SensitiveCategory.HEALTH: (
        "diagnosed",
        "diagnosis",
        "symptoms",
        "medication",
        "prescription",
        "doctor",
        "dentist",
        "therapist",
        "therapy",
        "depression",
        "anxiety",
        "diabetes",
        "cancer",
        "pregnant",
        "disease",
        "illness",
        "surgery",
        "infection",
    ),
    SensitiveCategory.RELIGION: (
        "church",
        "mosque",
        "synagogue",
        "temple",
        "prayer",
        "pray",
        "bible",
        "quran",
        "christian",
        "muslim",
        "jewish",
        "hindu",
        "buddhist",
        "religion",
        "religious",
    ),
    SensitiveCategory.POLITICS: (
        "election",
        "vote",
        "voting",
        "democrat",
        "republican",
        "senator",
        "congress",
        "political",
        "politics",
        "liberal",
        "conservative",
    ),
    SensitiveCategory.SEXUAL_ORIENTATION: (
        "gay",
        "lesbian",
        "bisexual",
        "queer",
        "coming out",
        "my boyfriend and i are gay",
    ),
    SensitiveCategory.RACE_ETHNICITY: ("ethnicity", "racial", "race", "my ethnic"),
    SensitiveCategory.PHILOSOPHICAL_BELIEFS: ("atheist", "agnostic", "veganism as a belief"),
    SensitiveCategory.TRADE_UNION: ("union dues", "trade union", "labor union", "shop steward"),
}


def _tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _contains(tokens: list[str], phrase: tuple[str, ...]) -> int | None:
    """Index where ``phrase`` starts in ``tokens``, or None."""
    n = len(phrase)
    for i in range(len(tokens) - n + 1):
        if tuple(tokens[i : i + n]) == phrase:
            return i
    return None


class KeywordExtractor(Extractor):
    """Matches taxonomy names and aliases in user turns; scores by depth and frequency."""

    name = "keyword"

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy

    @cached_property
    def _phrases(self) -> list[tuple[tuple[str, ...], str]]:
        phrases: list[tuple[tuple[str, ...], str]] = []
        for node in self._taxonomy:
            for part in re.split(r"\s*(?:&|\band\b|,)\s*", node.name.lower()):
                words = tuple(_tokens(part))
                if words and not (len(words) == 1 and len(words[0]) < 4):
                    phrases.append((words, node.id))
        for node_id, words in _ALIASES.items():
            if node_id in self._taxonomy:
                phrases.extend((tuple(_tokens(w)), node_id) for w in words)
        phrases.sort(key=lambda p: -len(p[0]))
        return phrases

    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        return [self._extract(item) for item in items]

    def _extract(self, item: ExtractionItem) -> Extraction:
        text = item.user_text
        tokens = _tokens(text)
        if not tokens:
            return Extraction(item.id, backend=self.name)
        scores: dict[str, float] = {}
        for phrase, node_id in self._phrases:
            at = _contains(tokens, phrase)
            if at is None:
                continue
            window = tokens[max(0, at - 3) : at]
            if any(w in _NEGATIONS for w in window):
                continue
            depth = self._taxonomy.get(node_id).depth
            scores[node_id] = max(scores.get(node_id, 0.0), min(1.0, 0.55 + 0.1 * depth))
        sensitive = {
            category
            for category, words in _SENSITIVE_WORDS.items()
            if any(_contains(tokens, tuple(_tokens(w))) is not None for w in words)
        }
        for node_id in scores:
            category = sensitive_category_of_topic(self._taxonomy, node_id)
            if category is not None:
                sensitive.add(category)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_INTERESTS]
        interests = tuple(
            Interest(t, self._taxonomy.get(t).name, self._taxonomy.get(t).tier1, round(s, 4))
            for t, s in ranked
        )
        order = list(SensitiveCategory)
        return Extraction(
            item.id,
            interests=interests,
            sensitive=tuple(sorted(sensitive, key=order.index)),
            purchase_intent=bool(_PURCHASE.search(text.lower())),
            backend=self.name,
        )

"""How well a set of taxonomy categories fits a person's interest profile.

One implementation for ads (a creative's categories, a campaign's targeted interests)
and content (an item's categories). A profile interest counts fully for a category
when it is that category or lies below it (interest in Soccer counts for an ad about
Sports); an interest above the category counts in part, halved per level (interest in
Sports counts a little for an ad about Soccer). Decay over time is already in the
profile weights.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from chatsignals.domain.profile import ProfileEntry
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.domain.values import quick_init

ANCESTOR_CREDIT = 0.5


@quick_init
@dataclass(frozen=True, slots=True)
class TopicMatch:
    """One profile interest behind a category, and the share of its weight credited."""

    category: str
    entry: ProfileEntry
    credit: float

    @property
    def contribution(self) -> float:
        return self.entry.weight * self.credit


_LINEAGES: dict[int, dict[str, tuple[str, ...]]] = {}


def cached_lineage(taxonomy: Taxonomy, topic: str) -> tuple[str, ...]:
    """``taxonomy.lineage(topic)``, memoized per taxonomy object (ad decisions call it a lot)."""
    key = id(taxonomy)
    cache = _LINEAGES.get(key)
    if cache is None:
        cache = {}
        _LINEAGES[key] = cache
        weakref.finalize(taxonomy, _LINEAGES.pop, key, None)
    found = cache.get(topic)
    if found is None:
        found = taxonomy.lineage(topic)
        cache[topic] = found
    return found


class ProfileMatcher:
    """A profile indexed by topic lineage, so matching a category costs a few lookups.

    Build one per person per decision and reuse it for every candidate.
    """

    def __init__(self, profile: Iterable[ProfileEntry], taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._at: dict[str, ProfileEntry] = {}
        self._below: dict[str, list[ProfileEntry]] = {}  # node -> interests at or below it
        for entry in profile:
            self._at.setdefault(entry.topic, entry)
            nodes = cached_lineage(taxonomy, entry.topic) if entry.topic in taxonomy.nodes else ()
            for node in nodes or (entry.topic,):
                self._below.setdefault(node, []).append(entry)

    def reach(self) -> tuple[Collection[str], Collection[str]]:
        """What :meth:`match` can match, for looking candidates up: the categories it
        matches with full credit (an interest or one of its ancestors), and the interests
        whose descendants it matches with ancestor credit."""
        return self._below.keys(), self._at.keys()

    def match(
        self, categories: Iterable[str], *, ancestor_credit: float = ANCESTOR_CREDIT
    ) -> tuple[TopicMatch, ...]:
        best: dict[str, TopicMatch] = {}

        def offer(category: str, entry: ProfileEntry, credit: float) -> None:
            current = best.get(entry.topic)
            if current is None or credit > current.credit:
                best[entry.topic] = TopicMatch(category, entry, credit)

        for category in dict.fromkeys(categories):
            for entry in self._below.get(category, ()):
                offer(category, entry, 1.0)
            if ancestor_credit > 0.0 and category in self._taxonomy.nodes:
                for distance, node in enumerate(cached_lineage(self._taxonomy, category)):
                    entry_at = self._at.get(node) if distance else None
                    if entry_at is not None:
                        offer(category, entry_at, float(ancestor_credit**distance))
        out = sorted(best.values(), key=lambda m: (-m.contribution, m.entry.topic))
        return tuple(out)


def match_topics(
    categories: Iterable[str],
    profile: Iterable[ProfileEntry],
    taxonomy: Taxonomy,
    *,
    ancestor_credit: float = ANCESTOR_CREDIT,
) -> tuple[TopicMatch, ...]:
    """Each profile interest that fits any of ``categories``, with its best credit.

    An interest is counted once even when it fits several categories. With
    ``ancestor_credit=0`` only interests at or below a category match (targeting).
    Ordered by contribution, strongest first, then by topic id.
    """
    return ProfileMatcher(profile, taxonomy).match(categories, ancestor_credit=ancestor_credit)


def relevance_of(matches: Iterable[TopicMatch]) -> float:
    """Squash the summed contributions into [0, 1): 1 - exp(-sum)."""
    total = sum(m.contribution for m in matches)
    return 1.0 - math.exp(-max(0.0, total))

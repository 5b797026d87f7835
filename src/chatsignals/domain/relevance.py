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
from collections.abc import Iterable
from dataclasses import dataclass

from chatsignals.domain.profile import ProfileEntry
from chatsignals.domain.taxonomy import Taxonomy

ANCESTOR_CREDIT = 0.5


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """One profile interest behind a category, and the share of its weight credited."""

    category: str
    entry: ProfileEntry
    credit: float

    @property
    def contribution(self) -> float:
        return self.entry.weight * self.credit


def _credit(taxonomy: Taxonomy, category: str, topic: str, ancestor_credit: float) -> float:
    if topic not in taxonomy or category not in taxonomy:
        return 1.0 if topic == category else 0.0
    lineage = taxonomy.lineage(topic)
    if category in lineage:
        return 1.0
    if ancestor_credit <= 0.0:
        return 0.0
    above = taxonomy.lineage(category)
    if topic in above:
        return float(ancestor_credit ** above.index(topic))
    return 0.0


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
    cats = tuple(dict.fromkeys(categories))
    out: list[TopicMatch] = []
    for entry in profile:
        best: TopicMatch | None = None
        for category in cats:
            credit = _credit(taxonomy, category, entry.topic, ancestor_credit)
            if credit > 0.0 and (best is None or credit > best.credit):
                best = TopicMatch(category, entry, credit)
        if best is not None:
            out.append(best)
    out.sort(key=lambda m: (-m.contribution, m.entry.topic))
    return tuple(out)


def relevance_of(matches: Iterable[TopicMatch]) -> float:
    """Squash the summed contributions into [0, 1): 1 - exp(-sum)."""
    total = sum(m.contribution for m in matches)
    return 1.0 - math.exp(-max(0.0, total))

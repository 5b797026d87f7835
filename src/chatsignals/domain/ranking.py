"""Content ranking: posts, reels and groups ordered for one person's feed.

An item's score combines how well its categories fit the person's content profile
(chat and engagement signals, hierarchy-aware), how fresh it is (exponential decay
on its age) and whether the person follows it or its author. Then diversity: no
tier-1 topic takes more than ``ceil(limit / 2)`` places on a page, even if the page
comes out shorter. Hidden topics (descendants included) are never shown. Ties break by
item id, so a replay with the same inputs gives the same feed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from chatsignals.domain.interactions import ContentItem
from chatsignals.domain.profile import ProfileEntry
from chatsignals.domain.relevance import ProfileMatcher, TopicMatch, relevance_of
from chatsignals.domain.signal_rules import hidden_root
from chatsignals.domain.taxonomy import Taxonomy

DEFAULT_HALF_LIFE_HOURS = 48.0


@dataclass(frozen=True, slots=True)
class RankingWeights:
    relevance: float = 1.0
    freshness: float = 0.5
    followed: float = 0.3


@dataclass(frozen=True, slots=True)
class RankedItem:
    item: ContentItem
    position: int
    score: float
    relevance: float
    freshness: float
    followed: bool  # False: a suggestion
    matches: tuple[TopicMatch, ...]  # the profile interests behind the relevance


def freshness(created_at: datetime | None, now: datetime, half_life_hours: float) -> float:
    """1 for an item made now, halving every ``half_life_hours``; 0 when the age is unknown."""
    if created_at is None:
        return 0.0
    age_hours = max(0.0, (now - created_at).total_seconds() / 3600.0)
    return float(0.5 ** (age_hours / half_life_hours))


def tier1s_of(item: ContentItem, taxonomy: Taxonomy) -> frozenset[str]:
    return frozenset(taxonomy.get(c).tier1 for c in item.categories if c in taxonomy)


def rank_content(
    items: Iterable[ContentItem],
    profile: Iterable[ProfileEntry],
    *,
    taxonomy: Taxonomy,
    now: datetime,
    limit: int = 20,
    followed_items: frozenset[str] = frozenset(),
    followed_authors: frozenset[str] = frozenset(),
    hidden: frozenset[str] = frozenset(),
    kinds: frozenset[str] | None = None,
    weights: RankingWeights = RankingWeights(),
    half_life_hours: float = DEFAULT_HALF_LIFE_HOURS,
    max_per_tier1: int | None = None,
) -> tuple[RankedItem, ...]:
    """The first page of the feed, best first."""
    if limit <= 0:
        return ()
    cap = max_per_tier1 if max_per_tier1 is not None else math.ceil(limit / 2)
    matcher = ProfileMatcher(profile, taxonomy)
    scored: list[tuple[float, str, ContentItem, float, float, bool, tuple[TopicMatch, ...]]] = []
    for item in items:
        if kinds is not None and item.kind not in kinds:
            continue
        if item.created_at is not None and item.created_at > now:
            continue  # not yet posted at this moment (replays with a fixed clock)
        if any(hidden_root(taxonomy, c, hidden) is not None for c in item.categories):
            continue
        matches = matcher.match(item.categories)
        rel = relevance_of(matches)
        fresh = freshness(item.created_at, now, half_life_hours)
        followed = item.id in followed_items or (
            item.author is not None and item.author in followed_authors
        )
        score = (
            weights.relevance * rel
            + weights.freshness * fresh
            + (weights.followed if followed else 0.0)
        )
        scored.append((score, item.id, item, rel, fresh, followed, matches))
    scored.sort(key=lambda s: (-s[0], s[1]))

    page: list[RankedItem] = []
    per_tier1: dict[str, int] = {}
    for score, _, item, rel, fresh, followed, matches in scored:
        tiers = tier1s_of(item, taxonomy)
        if any(per_tier1.get(t, 0) >= cap for t in tiers):
            continue
        for t in tiers:
            per_tier1[t] = per_tier1.get(t, 0) + 1
        page.append(RankedItem(item, len(page), score, rel, fresh, followed, matches))
        if len(page) == limit:
            break
    return tuple(page)

"""Content ranking: posts, reels and groups ordered for one person's feed.

An item's score combines how well its categories fit the person's content profile
(chat and engagement signals, hierarchy-aware), how fresh it is (exponential decay
on its age) and whether the person follows it or its author. Then diversity: no
tier-1 topic takes more than ``ceil(limit / 2)`` places on a page, even if the page
comes out shorter. Hidden topics (descendants included) are never shown. Ties break by
item id, so a replay with the same inputs gives the same feed.

A page is ranked from a :class:`ContentIndex` of the catalog, built once and kept (see
``services/feed.py``), so that its cost follows what the person matches, not how large
the catalog is. Only the items the profile matches (their categories at, above or below
an interest) and the items followed are scored one by one; every other item's score is
its freshness alone, so the index hands them over newest first, and the two streams are
merged in score order until the page is full. The page is the one that scoring every
item would give (a test checks it against that on random catalogs).
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from chatsignals.domain.interactions import ContentItem
from chatsignals.domain.profile import ProfileEntry
from chatsignals.domain.relevance import (
    ProfileMatcher,
    TopicMatch,
    cached_lineage,
    relevance_of,
)
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


class ContentIndex:
    """One app's catalog arranged for ranking: its items by category, by every topic
    above a category, by id, by author, and by age. Immutable; build a new one when the
    catalog changes."""

    def __init__(self, items: Iterable[ContentItem], taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.items: tuple[ContentItem, ...] = tuple({i.id: i for i in items}.values())
        self._by_id = {i.id: i for i in self.items}
        self._at: dict[str, list[ContentItem]] = {}  # category -> items filed under it
        self._below: dict[str, list[ContentItem]] = {}  # topic -> items filed under a descendant
        self._by_author: dict[str, list[ContentItem]] = {}
        for item in self.items:
            for category in dict.fromkeys(item.categories):
                self._at.setdefault(category, []).append(item)
                if category in taxonomy.nodes:
                    for ancestor in cached_lineage(taxonomy, category)[1:]:
                        below = self._below.setdefault(ancestor, [])
                        if not below or below[-1] is not item:
                            below.append(item)
            if item.author is not None:
                self._by_author.setdefault(item.author, []).append(item)
        dated = sorted(
            (i for i in self.items if i.created_at is not None),
            key=lambda i: (-i.created_at.timestamp(), i.id),  # type: ignore[union-attr]
        )
        self._dated = tuple(dated)
        self._dated_keys = [-i.created_at.timestamp() for i in dated]  # type: ignore[union-attr]
        self._undated = tuple(sorted((i for i in self.items if i.created_at is None), key=_id))

    def __len__(self) -> int:
        return len(self.items)

    def matching(self, matcher: ProfileMatcher) -> dict[str, ContentItem]:
        """Every item ``matcher`` can match (:meth:`ProfileMatcher.reach`): filed at a
        category it matches in full, or below one of its interests."""
        categories, interests = matcher.reach()
        out: dict[str, ContentItem] = {}
        for category in categories:
            out.update((i.id, i) for i in self._at.get(category, ()))
        for topic in interests:
            out.update((i.id, i) for i in self._below.get(topic, ()))
        return out

    def followed(self, item_ids: Iterable[str], authors: Iterable[str]) -> dict[str, ContentItem]:
        out = {i: self._by_id[i] for i in item_ids if i in self._by_id}
        for author in authors:
            out.update((i.id, i) for i in self._by_author.get(author, ()))
        return out

    def by_age(self, now: datetime, *, oldest_first: bool = False) -> Iterator[ContentItem]:
        """Items posted by ``now``, newest first and then the undated (or the reverse)."""
        start = bisect_left(self._dated_keys, -now.timestamp())  # skips the not yet posted
        dated = self._dated  # read in place: a page usually takes only its first few
        if oldest_first:
            yield from self._undated
            yield from (dated[n] for n in range(len(dated) - 1, start - 1, -1))
        else:
            yield from (dated[n] for n in range(start, len(dated)))
            yield from self._undated


def _id(item: ContentItem) -> str:
    return item.id


_Scored = tuple[float, str, ContentItem, float, float, bool, tuple[TopicMatch, ...]]


def rank_content(
    items: Iterable[ContentItem] | ContentIndex,
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
    index = items if isinstance(items, ContentIndex) else ContentIndex(items, taxonomy)
    cap = max_per_tier1 if max_per_tier1 is not None else math.ceil(limit / 2)
    matcher = ProfileMatcher(profile, taxonomy)

    def shown(item: ContentItem) -> bool:
        if kinds is not None and item.kind not in kinds:
            return False
        if item.created_at is not None and item.created_at > now:
            return False  # not yet posted at this moment (replays with a fixed clock)
        return not any(hidden_root(taxonomy, c, hidden) is not None for c in item.categories)

    def scored(item: ContentItem) -> _Scored:
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
        return (score, item.id, item, rel, fresh, followed, matches)

    # Scored one by one: what the profile matches and what is followed.
    own = index.matching(matcher)
    own.update(index.followed(followed_items, followed_authors))
    first = sorted((scored(i) for i in own.values() if shown(i)), key=_order)

    def rest() -> Iterator[_Scored]:
        """Everything else, in score order: its score is its freshness alone, which
        falls with age (rises, under a negative weight), and equal scores go by id."""
        group: list[_Scored] = []
        for item in index.by_age(now, oldest_first=weights.freshness < 0):
            if item.id in own or not shown(item):
                continue
            entry = scored(item)
            if group and entry[0] != group[0][0]:
                yield from sorted(group, key=_order)
                group = []
            group.append(entry)
        yield from sorted(group, key=_order)

    page: list[RankedItem] = []
    per_tier1: dict[str, int] = {}
    for score, _, item, rel, fresh, followed, matches in heapq.merge(first, rest(), key=_order):
        tiers = tier1s_of(item, taxonomy)
        if any(per_tier1.get(t, 0) >= cap for t in tiers):
            continue
        for t in tiers:
            per_tier1[t] = per_tier1.get(t, 0) + 1
        page.append(RankedItem(item, len(page), score, rel, fresh, followed, matches))
        if len(page) == limit:
            break
    return tuple(page)


def _order(entry: _Scored) -> tuple[float, str]:
    return (-entry[0], entry[1])

"""Ranking from a ContentIndex gives the page that scoring every item gives."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

import chatsignals.domain.ranking as ranking
from chatsignals.domain.interactions import ContentItem
from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.ranking import (
    ContentIndex,
    RankingWeights,
    freshness,
    rank_content,
    tier1s_of,
)
from chatsignals.domain.relevance import ProfileMatcher, relevance_of
from chatsignals.domain.signal_rules import hidden_root
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)
TOPICS = sorted(TAX.nodes)


def every_item_scored(  # the ranking as it was before the index: the oracle
    items: list[ContentItem],
    profile: list[ProfileEntry],
    *,
    limit: int,
    followed_items: frozenset[str],
    followed_authors: frozenset[str],
    hidden: frozenset[str],
    kinds: frozenset[str] | None,
    weights: RankingWeights,
) -> list[tuple[str, float, bool]]:
    cap = math.ceil(limit / 2)
    matcher = ProfileMatcher(profile, TAX)
    scored = []
    for item in items:
        if kinds is not None and item.kind not in kinds:
            continue
        if item.created_at is not None and item.created_at > NOW:
            continue
        if any(hidden_root(TAX, c, hidden) is not None for c in item.categories):
            continue
        rel = relevance_of(matcher.match(item.categories))
        fresh = freshness(item.created_at, NOW, 48.0)
        followed = item.id in followed_items or (
            item.author is not None and item.author in followed_authors
        )
        score = (
            weights.relevance * rel
            + weights.freshness * fresh
            + (weights.followed if followed else 0.0)
        )
        scored.append((score, item.id, item, followed))
    scored.sort(key=lambda s: (-s[0], s[1]))
    page: list[tuple[str, float, bool]] = []
    per_tier1: dict[str, int] = {}
    for score, _, item, followed in scored:
        tiers = tier1s_of(item, TAX)
        if any(per_tier1.get(t, 0) >= cap for t in tiers):
            continue
        for t in tiers:
            per_tier1[t] = per_tier1.get(t, 0) + 1
        page.append((item.id, score, followed))
        if len(page) == limit:
            break
    return page


def random_case(rng: random.Random) -> tuple[list[ContentItem], dict[str, object]]:
    # A few families of topics, so that interests, categories and hidden topics meet.
    family = rng.sample(TOPICS, 12)
    pool = sorted(
        {t for root in family for t in (root, *TAX.ancestors(root), *TAX.descendants(root))}
    )
    authors = [f"@a{n}" for n in range(6)]
    moments = [NOW - timedelta(hours=rng.choice([0, 1, 5, 30, 200])) for _ in range(4)]
    items = []
    for _ in range(rng.randint(0, 120)):
        roll = rng.random()
        if roll < 0.1:
            created: datetime | None = None
        elif roll < 0.2:
            created = NOW + timedelta(hours=rng.randint(1, 50))  # not yet posted
        elif roll < 0.3:
            created = rng.choice(moments)  # equal ages: ties go by id
        elif roll < 0.35:
            created = NOW - timedelta(days=rng.randint(3_000, 9_000))  # freshness 0.0
        else:
            created = NOW - timedelta(minutes=rng.randint(0, 20_000))
        categories = tuple(rng.sample(pool, rng.randint(0, 3)))
        if rng.random() < 0.05:
            categories += ("not-a-topic",)
        items.append(
            ContentItem(
                f"i{rng.randint(0, 10**6):07d}",
                rng.choice(["post", "reel", "group"]),
                "t",
                categories,
                rng.choice([*authors, None]),
                "facebook",
                created,
            )
        )
    items = list({i.id: i for i in items}.values())  # catalog ids are unique
    profile = []
    for topic in rng.sample(pool, rng.randint(0, 6)):
        node = TAX.get(topic)
        weight = rng.uniform(0.1, 3.0)
        ev = Evidence(SourceKind.CHAT, "m", NOW, weight)
        profile.append(ProfileEntry(topic, node.name, node.tier1, weight, (ev,)))
    ids = [i.id for i in items]
    options: dict[str, object] = {
        "profile": profile,
        "limit": rng.choice([1, 3, 5, 20, 100]),
        "followed_items": frozenset(rng.sample(ids, min(len(ids), rng.randint(0, 3)))),
        "followed_authors": frozenset(rng.sample(authors, rng.randint(0, 2))),
        "hidden": frozenset(rng.sample(pool, rng.randint(0, 2))),
        "kinds": rng.choice([None, frozenset({"post", "reel"}), frozenset({"group"})]),
        "weights": rng.choice(
            [
                RankingWeights(),
                RankingWeights(freshness=0.0),
                RankingWeights(freshness=-0.5),
                RankingWeights(relevance=0.2, freshness=2.0, followed=1.5),
            ]
        ),
    }
    return items, options


@pytest.mark.parametrize("seed", range(300))
def test_the_index_gives_the_page_every_item_scored_gives(seed: int) -> None:
    rng = random.Random(seed)
    items, options = random_case(rng)
    expected = every_item_scored(items, **options)  # type: ignore[arg-type]
    for catalog in (items, ContentIndex(items, TAX)):
        page = rank_content(catalog, taxonomy=TAX, now=NOW, **options)  # type: ignore[arg-type]
        assert [(r.item.id, r.score, r.followed) for r in page] == expected
        assert [r.position for r in page] == list(range(len(page)))


def test_a_page_scores_what_the_profile_matches_and_the_newest_of_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The index's point: a page does not score the whole catalog."""
    old = [
        ContentItem(f"old{n:04d}", "post", "t", ("216",), None, "facebook", NOW - timedelta(days=n))
        for n in range(1, 2001)
    ]
    hiking = ContentItem("hike", "post", "t", ("159",), None, "facebook", NOW - timedelta(days=9))
    index = ContentIndex([*old, hiking], TAX)
    node = TAX.get("159")
    evidence = (Evidence(SourceKind.CHAT, "m", NOW, 1.0),)
    profile = [ProfileEntry("159", node.name, node.tier1, 1.0, evidence)]
    scored: list[str | None] = []

    def counted(created_at: datetime | None, now: datetime, half_life_hours: float) -> float:
        scored.append(created_at.isoformat() if created_at else None)
        return freshness(created_at, now, half_life_hours)

    monkeypatch.setattr(ranking, "freshness", counted)
    page = rank_content(index, profile, taxonomy=TAX, now=NOW, limit=4, max_per_tier1=4)
    assert [r.item.id for r in page] == ["hike", "old0001", "old0002", "old0003"]
    assert len(scored) <= 5  # the match, then the newest of the rest (one read ahead)

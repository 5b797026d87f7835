from datetime import UTC, datetime, timedelta

import pytest

from chatsignals.domain.interactions import ContentItem
from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.ranking import RankingWeights, freshness, rank_content
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)


def entry(topic: str, weight: float = 1.0) -> ProfileEntry:
    node = TAX.get(topic)
    ev = Evidence(SourceKind.CHAT, "m1", NOW - timedelta(days=1), weight)
    return ProfileEntry(topic, node.name, node.tier1, weight, (ev,))


def item(
    iid: str, categories: tuple[str, ...], hours_old: float = 1.0, author: str | None = None
) -> ContentItem:
    return ContentItem(
        iid, "post", iid, categories, author, "facebook", NOW - timedelta(hours=hours_old)
    )


def ids(page: tuple[object, ...]) -> list[str]:
    return [r.item.id for r in page]  # type: ignore[attr-defined]


def test_items_matching_the_profile_rank_first() -> None:
    page = rank_content(
        [item("cook", ("216",)), item("soccer", ("533",))],
        [entry("533")],
        taxonomy=TAX,
        now=NOW,
    )
    assert ids(page) == ["soccer", "cook"]
    assert page[0].relevance > 0 and page[1].relevance == 0


def test_interest_in_a_subtopic_lifts_items_about_its_parent() -> None:
    page = rank_content(
        [item("sports", ("483",)), item("travel", ("653",))], [entry("533")], taxonomy=TAX, now=NOW
    )
    assert ids(page) == ["sports", "travel"]


def test_freshness_decays_exponentially() -> None:
    assert freshness(NOW, NOW, 48) == 1.0
    assert freshness(NOW - timedelta(hours=48), NOW, 48) == pytest.approx(0.5)
    assert freshness(None, NOW, 48) == 0.0


def test_fresh_items_beat_stale_ones_when_relevance_is_equal() -> None:
    page = rank_content(
        [item("old", ("533",), hours_old=200), item("new", ("533",), hours_old=1)],
        [entry("533")],
        taxonomy=TAX,
        now=NOW,
    )
    assert ids(page) == ["new", "old"]


def test_no_tier1_topic_fills_more_than_half_a_page() -> None:
    items = [item(f"s{i}", ("533",), hours_old=i) for i in range(10)]
    items += [item("t1", ("653",), 50), item("c1", ("216",), 60)]
    page = rank_content(items, [entry("533", 3.0)], taxonomy=TAX, now=NOW, limit=6)
    tiers = [TAX.get(r.item.categories[0]).tier1 for r in page]
    assert tiers.count("Sports") == 3
    assert len(page) == 5  # the page stays short rather than break the rule


def test_hidden_topics_and_their_descendants_are_never_shown() -> None:
    page = rank_content(
        [item("soccer", ("533",)), item("cook", ("216",))],
        [entry("533")],
        taxonomy=TAX,
        now=NOW,
        hidden=frozenset({"483"}),
    )
    assert ids(page) == ["cook"]


def test_followed_items_and_authors_are_marked_and_lifted() -> None:
    page = rank_content(
        [item("a", ("216",), author="bob"), item("b", ("216",)), item("c", ("653",))],
        [],
        taxonomy=TAX,
        now=NOW,
        followed_authors=frozenset({"bob"}),
        followed_items=frozenset({"c"}),
    )
    assert {r.item.id: r.followed for r in page} == {"a": True, "b": False, "c": True}
    assert ids(page)[-1] == "b"


def test_future_items_and_other_kinds_are_left_out() -> None:
    future = item("f", ("216",), hours_old=-2)
    reel = ContentItem("r", "reel", "r", ("216",), None, None, NOW)
    page = rank_content([future, reel, item("p", ("216",))], [], taxonomy=TAX, now=NOW)
    assert ids(page) == ["p", "r"] or ids(page) == ["r", "p"]
    only_reels = rank_content(
        [reel, item("p", ("216",))], [], taxonomy=TAX, now=NOW, kinds=frozenset({"reel"})
    )
    assert ids(only_reels) == ["r"]


def test_ties_break_by_item_id_and_positions_count_from_zero() -> None:
    page = rank_content(
        [item("b", ("216",)), item("a", ("653",))],
        [],
        taxonomy=TAX,
        now=NOW,
        weights=RankingWeights(freshness=0.0),
    )
    assert ids(page) == ["a", "b"] and [r.position for r in page] == [0, 1]

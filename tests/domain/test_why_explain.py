from datetime import UTC, datetime

from chatsignals.domain.campaigns import BidType, Campaign, Creative, PacingMode, Targeting
from chatsignals.domain.explain import WhySource, explain_ad, explain_item, why_json
from chatsignals.domain.interactions import ContentItem
from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.ranking import rank_content
from chatsignals.domain.targeting import Viewer, check_eligibility
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)


def hiking_entry() -> ProfileEntry:
    node = TAX.get("159")
    return ProfileEntry(
        "159",
        node.name,
        node.tier1,
        1.5,
        (
            Evidence(SourceKind.CHAT, "m1", datetime(2025, 12, 17, 9, tzinfo=UTC), 0.9),
            Evidence(SourceKind.ENGAGEMENT, "e1", datetime(2025, 12, 18, tzinfo=UTC), 0.6),
        ),
    )


def campaign(targeting: Targeting) -> Campaign:
    return Campaign(
        "c1",
        "a1",
        "Boots",
        BidType.CPM,
        5.0,
        100.0,
        1000.0,
        datetime(2026, 1, 1, tzinfo=UTC),
        None,
        (Creative("cr", "Boots", "", "https://i/x", "https://l/x", ("159",)),),
        targeting,
        pacing=PacingMode.ASAP,
    )


VIEWER = Viewer("p1", 30, "US", profile=(hiking_entry(),))


def test_why_names_the_chat_and_engagement_signals_behind_a_targeted_ad() -> None:
    c = campaign(Targeting(interests=("150",), countries=("US",)))
    eligibility = check_eligibility(c, VIEWER, taxonomy=TAX, now=NOW)
    why = why_json(explain_ad(c, VIEWER, eligibility))
    assert why == [
        {
            "source": "chat",
            "topic": "159",
            "name": "Outdoor Activities",
            "evidence": ["m1"],
            "dates": ["2025-12-17"],
            "matched_targeting": {"interest": "150", "country": "US"},
        },
        {
            "source": "engagement",
            "topic": "159",
            "name": "Outdoor Activities",
            "evidence": ["e1"],
            "dates": ["2025-12-18"],
            "matched_targeting": {"interest": "150", "country": "US"},
        },
    ]


def test_an_ad_without_interest_targeting_says_untargeted() -> None:
    c = campaign(Targeting())
    eligibility = check_eligibility(c, VIEWER, taxonomy=TAX, now=NOW)
    assert why_json(explain_ad(c, VIEWER, eligibility)) == [{"source": "untargeted"}]


def test_untargeted_ads_still_name_the_age_and_place_choices_that_matched() -> None:
    c = campaign(Targeting(countries=("US",), min_age=18))
    eligibility = check_eligibility(c, VIEWER, taxonomy=TAX, now=NOW)
    (entry,) = explain_ad(c, VIEWER, eligibility)
    assert entry.source is WhySource.UNTARGETED
    assert entry.to_json()["matched_targeting"] == {"country": "US", "age": "18-"}


def test_a_feed_item_explains_follows_and_interests() -> None:
    items = [
        ContentItem("p1", "post", "Trail", ("159",), "ann", "facebook", NOW),
        ContentItem("p2", "post", "Soup", ("216",), None, "facebook", NOW),
    ]
    page = rank_content(
        items, [hiking_entry()], taxonomy=TAX, now=NOW, followed_authors=frozenset({"ann"})
    )
    first, second = page
    assert [e["source"] for e in why_json(explain_item(first))] == [
        "followed",
        "chat",
        "engagement",
    ]
    assert why_json(explain_item(second)) == [{"source": "untargeted"}]

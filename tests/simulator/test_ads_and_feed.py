"""Ads and feeds through the simulator: targeting, hierarchy, hidden topics, minors, caps,
budgets, schedules, auction prices, pacing and explanations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from chatsignals.services.scenario import ScenarioError
from tests.simulator.scenarios import account, chat, notice, scenario

Simulate = Callable[[dict[str, Any]], list[dict[str, Any]]]
HIKING = "I love hiking in the mountains and need new hiking boots"
AFTER_CHAT = "2025-12-17T11:00:00Z"


def ad(ad_id: str, bid: float = 4.0, interests: tuple[str, ...] = ("159",), **extra: Any) -> Any:
    raw: dict[str, Any] = {
        "id": ad_id,
        "advertiser": extra.pop("advertiser", "trailco"),
        "title": f"Ad {ad_id}",
        "body": "",
        "categories": extra.pop("categories", list(interests) or ["483"]),
        "bid": bid,
        "budget": extra.pop("budget", 100.0),
        "frequency_cap_per_day": extra.pop("cap", 3),
        "targeting": {"interests": list(interests), **extra.pop("targeting", {})},
        "pacing": extra.pop("pacing", "asap"),
    }
    raw.update(extra)
    return raw


def ads_q(qid: str, acct: str = "fb:a", at: str = AFTER_CHAT, **extra: Any) -> dict[str, Any]:
    return {"at": at, "type": "ads", "id": qid, "account": acct, **extra}


def feed_q(qid: str, acct: str = "fb:a", at: str = AFTER_CHAT, **extra: Any) -> dict[str, Any]:
    return {"at": at, "type": "feed", "id": qid, "account": acct, **extra}


def hiker(*events: dict[str, Any], ads: list[Any], birth: str | None = "1990-04-02", **kw: Any):  # type: ignore[no-untyped-def]
    return scenario(
        account("fb:a", birth=birth, **kw),
        notice("fb:a"),
        chat("m1", "fb:a", HIKING),
        *events,
        catalog={"ads": ads},
    )


def served(line: dict[str, Any]) -> list[str]:
    return [a["id"] for a in line["ads"]]


def test_a_chat_about_hiking_brings_the_boots_ad_with_its_why(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            ads_q("before", at="2025-12-17T09:00:00Z"),
            chat("m1", "fb:a", HIKING),
            ads_q("after"),
            catalog={"ads": [ad("ad-boots", targeting={"countries": ["US"], "min_age": 18})]},
        )
    )
    before, _, after = lines
    assert before == {**before, "type": "ads", "id": "before", "ads": []}
    [boots] = after["ads"]
    assert boots["id"] == "ad-boots" and boots["price"] > 0
    assert boots["why"][0]["source"] == "chat"
    assert boots["why"][0]["topic"] == "159" and boots["why"][0]["evidence"] == ["m1"]


def test_interest_targeting_matches_descendants_but_not_ancestors(simulate: Simulate) -> None:
    lines = simulate(
        hiker(
            ads_q("q"),
            ads=[ad("parent", interests=("150",)), ad("child-of-other", interests=("533",))],
        )
    )
    assert served(lines[-1]) == ["parent"]  # 159 Outdoor Activities lies under 150 Attractions
    assert lines[-1]["ads"][0]["why"][0]["matched_targeting"]["interest"] == "150"


def test_country_and_age_targeting_are_enforced(simulate: Simulate) -> None:
    ads = [
        ad("us", targeting={"countries": ["US"]}),
        ad("ca", targeting={"countries": ["CA"]}),
        ad("young", targeting={"max_age": 25}),
    ]
    [*_, line] = simulate(hiker(ads_q("q", limit=5), ads=ads))
    assert served(line) == ["us"]


def test_hidden_topics_and_their_descendants_are_never_shown(simulate: Simulate) -> None:
    hide = {"at": "2025-12-17T10:30:00Z", "type": "hide_topic", "account": "fb:a", "topic": "150"}
    untargeted_hiking = ad("untargeted-hiking", interests=(), categories=["159"])
    [*_, line] = simulate(
        hiker(
            hide, ads_q("q", limit=5), ads=[ad("boots"), untargeted_hiking, ad("g", interests=())]
        )
    )
    assert served(line) == ["g"]


def test_minors_get_no_interest_targeting_and_no_restricted_products(simulate: Simulate) -> None:
    ads = [
        ad("boots"),
        ad("beer", interests=(), categories=["211"]),
        ad("loans", interests=(), categories=["391"]),
        ad("diet", interests=(), categories=["231"]),
        ad("generic", interests=(), categories=["483"]),
    ]
    [*_, line] = simulate(hiker(ads_q("q", limit=5), ads=ads, birth="2010-01-01"))
    assert served(line) == ["generic"]
    assert line["ads"][0]["why"] == [{"source": "untargeted"}]
    codes = {r["id"]: r["code"] for r in line["rejected"]}
    assert codes == {
        "beer": "minor-restricted-category",
        "loans": "minor-restricted-category",
        "diet": "minor-restricted-category",
    }


def test_the_frequency_cap_holds_across_queries_and_resets_the_next_day(
    simulate: Simulate,
) -> None:
    queries = [ads_q(f"q{i}", at=f"2025-12-17T11:0{i}:00Z") for i in range(3)]
    lines = simulate(
        hiker(*queries, ads_q("tomorrow", at="2025-12-18T01:00:00Z"), ads=[ad("boots", cap=2)])
    )
    assert [served(line) for line in lines[1:]] == [["boots"], ["boots"], [], ["boots"]]
    assert lines[3]["rejected"][0]["code"] == "frequency-cap"


def test_a_spent_budget_stops_delivery(simulate: Simulate) -> None:
    queries = [ads_q(f"q{i}", at=f"2025-12-17T11:0{i}:00Z") for i in range(3)]
    # max charge 0.004 a view; the budget allows exactly one
    lines = simulate(hiker(*queries, ads=[ad("boots", budget=0.004, cap=10)]))
    assert [served(line) for line in lines[1:]] == [["boots"], [], []]


def test_the_schedule_is_respected(simulate: Simulate) -> None:
    ads = [
        ad("later", start="2025-12-18T00:00:00Z"),
        ad("ending", end="2025-12-17T12:00:00Z"),
    ]
    lines = simulate(
        hiker(
            ads_q("q1", limit=5),
            ads_q("q2", limit=5, at="2025-12-17T13:00:00Z"),
            ads_q("q3", limit=5, at="2025-12-18T09:00:00Z"),
            ads=ads,
        )
    )
    assert [served(line) for line in lines[1:]] == [["ending"], [], ["later"]]


def test_the_winner_pays_the_runner_up_price_and_a_lone_ad_the_reserve(
    simulate: Simulate,
) -> None:
    lines = simulate(
        hiker(
            ads_q("two", limit=1),
            ads=[ad("high", bid=6.0), ad("low", bid=2.5, advertiser="ridgeline")],
        )
    )
    [winner] = lines[-1]["ads"]
    assert (winner["id"], winner["price"], winner["cost"]) == ("high", 2.5, 0.0025)
    lone = simulate(hiker(ads_q("one"), ads=[ad("alone", bid=6.0)]))[-1]["ads"][0]
    assert lone["price"] == 0.5  # the reserve price, per 1,000 impressions


def test_even_pacing_holds_back_a_campaign_ahead_of_its_day(simulate: Simulate) -> None:
    # At 00:30 UTC about 2% of the day has passed; a 0.01 daily budget may spend ~0.0012
    # (with the 10% slack), so one 0.004 view puts the campaign ahead of schedule.
    early = [ads_q(f"q{i}", at=f"2025-12-18T00:3{i}:00Z") for i in range(2)]
    lines = simulate(
        hiker(*early, ads=[ad("paced", budget=1.0, daily_budget=0.01, pacing="even", cap=10)])
    )
    assert served(lines[1]) == ["paced"]
    assert served(lines[2]) == [] and lines[2]["rejected"][0]["code"] == "pacing"


def test_ads_answer_for_any_app_and_feeds_for_the_query_app(simulate: Simulate) -> None:
    content = [
        {"id": "grp-hikers", "kind": "group", "title": "Hikers", "categories": ["159"]},
        {
            "id": "ig-reel",
            "kind": "reel",
            "title": "Trail",
            "categories": ["159"],
            "app": "instagram",
        },
        {
            "id": "fb-post",
            "kind": "post",
            "title": "Cakes",
            "categories": ["216"],
            "app": "facebook",
        },
    ]
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING),
            feed_q("fb"),
            feed_q("ig", app="instagram"),
            ads_q("ads-ig", app="instagram"),
            catalog={"content": content, "ads": [ad("boots")]},
        )
    )
    fb, ig, ads_line = lines[1:]
    assert [i["id"] for i in fb["items"]] == ["grp-hikers", "fb-post"]
    assert fb["items"][0]["why"] == [
        {**fb["items"][0]["why"][0], "source": "chat", "topic": "159", "evidence": ["m1"]}
    ]
    assert fb["items"][1]["why"] == [{"source": "untargeted"}]
    assert [i["id"] for i in ig["items"]] == ["grp-hikers", "ig-reel"]
    assert served(ads_line) == ["boots"] and ads_line["app"] == "instagram"


def test_following_marks_items_followed_and_explains_them_as_engagement(
    simulate: Simulate,
) -> None:
    content = [
        {"id": "grp-hikers", "kind": "group", "title": "Hikers", "categories": ["159"]},
        {"id": "post-1", "kind": "post", "title": "Cake", "categories": ["216"], "author": "@b"},
        {"id": "post-2", "kind": "post", "title": "Pie", "categories": ["216"], "author": "@b"},
    ]
    follow = {
        "at": "2025-12-17T10:30:00Z",
        "type": "engagement",
        "id": "e1",
        "account": "fb:a",
        "kind": "follow",
        "item": "post-1",
    }
    [*_, line] = simulate(
        scenario(account("fb:a"), notice("fb:a"), follow, feed_q("f"), catalog={"content": content})
    )
    labels = {i["id"]: i["label"] for i in line["items"]}
    assert labels == {"post-1": "followed", "post-2": "followed", "grp-hikers": "suggested"}
    first = line["items"][0]
    assert first["why"][0] == {"source": "engagement", "kind": "follow", "evidence": ["e1"]}
    sources = {w["source"] for i in line["items"] for w in i["why"]}
    assert sources <= {"chat", "engagement", "untargeted"}


def test_the_demo_catalog_serves_ads_and_feed(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING),
            ads_q("ads"),
            feed_q("feed", limit=5),
            catalog="demo",
        )
    )
    ads_line, feed_line = lines[1:]
    assert ads_line["ads"] and any(w["source"] == "chat" for w in ads_line["ads"][0]["why"])
    assert len(feed_line["items"]) == 5


@pytest.mark.parametrize(
    ("bad", "field", "message"),
    [
        ({"bid": -1.0}, "bid", "positive"),
        ({"bid": "high"}, "bid", "number"),
        ({"targeting": {"interests": ["nope"]}}, "targeting.interests[0]", "unknown"),
        ({"targeting": {"interests": ["453"]}}, "targeting.interests[0]", "sensitive"),
        ({"categories": ["zzz"]}, "categories[0]", "unknown"),
        ({"end": "2025-01-01T00:00:00Z"}, "end", "after the start"),
        ({"budget": 0}, "budget", "positive"),
        ({"colour": "red"}, "colour", "not a field"),
    ],
)
def test_invalid_catalog_ads_name_the_ad_and_the_field(
    simulate: Simulate, bad: dict[str, Any], field: str, message: str
) -> None:
    broken = {**ad("boots"), **bad}
    with pytest.raises(ScenarioError) as info:
        simulate(hiker(ads=[ad("fine"), broken]))
    assert info.value.where == "catalog ads 1"
    assert info.value.field == field
    assert message in str(info.value)


def test_the_documented_example_shows_the_chat_changing_ads_and_feed(
    simulate: Simulate,
) -> None:
    import json
    from importlib import resources

    text = (
        resources.files("chatsignals.data.scenarios")
        .joinpath("delivery_example.json")
        .read_text("utf-8")
    )
    lines = {line["id"]: line for line in simulate(json.loads(text))}
    before, after = lines["ads-before"], lines["ads-after"]
    assert all(w["source"] == "untargeted" for a in before["ads"] for w in a["why"])
    assert after["ads"] and all(a["advertiser"] == "trailco" for a in after["ads"])
    assert after["ads"][0]["why"][0]["evidence"] == ["m-hike"]
    assert lines["feed-after"]["items"][0]["why"][0]["source"] == "chat"

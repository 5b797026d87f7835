"""Advertisers, ads, feeds, clicks, reports and OpenRTB through the HTTP API."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chatsignals.bootstrap import Container
from chatsignals.domain.access import Role
from chatsignals.services.api_keys import create_api_key
from chatsignals.services.clock import ManualClock
from tests.api.test_policy_rules_http import post, register


def campaign(cid: str = "boots", **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": cid,
        "name": "Hiking boots",
        "bid_type": "cpc",
        "bid": 1.5,
        "total_budget": 100.0,
        "daily_budget": 20.0,
        "frequency_cap": 2,
        "pacing": "asap",
        "targeting": {"interests": ["159"], "countries": ["US"], "min_age": 18},
        "creatives": [
            {
                "id": f"{cid}-1",
                "title": "Waterproof boots",
                "body": "Grippy soles.",
                "landing_url": "https://example.com/boots",
                "categories": ["159"],
            }
        ],
    }
    body.update(changes)
    return body


def _count(container: Container, table: str) -> int:
    with container.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one())


@pytest.fixture
def adv(client: TestClient) -> TestClient:
    r = client.post("/v1/advertisers", json={"id": "trailco", "name": "TrailCo"})
    assert r.status_code == 201, r.text
    return client


def test_a_campaign_is_created_listed_and_served_after_a_chat(
    adv: TestClient, container: Container
) -> None:
    r = adv.post("/v1/advertisers/trailco/campaigns", json=campaign())
    assert r.status_code == 201, r.text
    assert r.json()["spend"] == {"today": 0.0, "total": 0.0}
    listed = adv.get("/v1/advertisers/trailco/campaigns").json()["campaigns"]
    assert [c["id"] for c in listed] == ["boots"]
    register(adv, "fb:a")
    assert adv.get("/v1/accounts/fb:a/ads").json()["ads"] == []
    post(adv, "m1", "fb:a")  # the chat is used at once (inline mode)
    body = adv.get("/v1/accounts/fb:a/ads", params={"limit": 2}).json()
    [ad] = body["ads"]
    assert ad["campaign"] == "boots" and ad["title"] == "Waterproof boots" and ad["sponsored"]
    assert ad["why"][0]["source"] == "chat" and ad["why"][0]["evidence"] == ["m1"]
    stored = adv.get(f"/v1/impressions/{ad['impression']}").json()
    assert stored["why"] == ad["why"] and stored["campaign"] == "boots"
    assert stored["clicked"] is False
    container.ctx.delivery.flush(container.ctx.uow)  # impressions are written behind serving
    assert _count(container, "impressions") == 1


def test_the_platform_lists_advertisers_and_an_advertiser_key_may_not(
    adv: TestClient, container: Container
) -> None:
    adv.post("/v1/advertisers", json={"id": "acme", "name": "Acme"})
    listed = adv.get("/v1/advertisers").json()["advertisers"]
    assert listed == [{"id": "acme", "name": "Acme"}, {"id": "trailco", "name": "TrailCo"}]
    _, token = create_api_key(container.ctx, Role.ADVERTISER, advertiser_id="acme")
    as_acme = {"Authorization": f"Bearer {token}"}
    assert adv.get("/v1/advertisers", headers=as_acme).status_code == 403
    assert adv.get("/v1/advertisers/acme", headers=as_acme).json()["name"] == "Acme"


def test_a_click_charges_a_cpc_campaign_once(adv: TestClient) -> None:
    adv.post("/v1/advertisers/trailco/campaigns", json=campaign())
    register(adv, "fb:a")
    post(adv, "m1", "fb:a")
    [ad] = adv.get("/v1/accounts/fb:a/ads").json()["ads"]
    first = adv.post(f"/v1/impressions/{ad['impression']}/clicks")
    assert first.status_code == 200 and first.json()["first_click"] is True
    assert first.json()["cost"] == ad["price"] > 0
    again = adv.post("/v1/clicks", json={"impression": ad["impression"]}).json()
    assert again["first_click"] is False and again["cost"] == 0.0
    spend = adv.get("/v1/advertisers/trailco/campaigns/boots").json()["spend"]
    assert spend["total"] == pytest.approx(ad["price"])
    assert adv.post("/v1/impressions/nope/clicks").status_code == 404


def test_pausing_a_campaign_stops_it_at_once(adv: TestClient) -> None:
    adv.post("/v1/advertisers/trailco/campaigns", json=campaign())
    register(adv, "fb:a")
    post(adv, "m1", "fb:a")
    assert adv.get("/v1/accounts/fb:a/ads").json()["ads"]
    r = adv.patch("/v1/advertisers/trailco/campaigns/boots", json={"status": "paused"})
    assert r.status_code == 200 and r.json()["status"] == "paused"
    assert adv.get("/v1/accounts/fb:a/ads").json()["ads"] == []


def test_the_frequency_cap_binds_across_requests(adv: TestClient) -> None:
    adv.post("/v1/advertisers/trailco/campaigns", json=campaign())
    register(adv, "fb:a")
    post(adv, "m1", "fb:a")
    served = [len(adv.get("/v1/accounts/fb:a/ads").json()["ads"]) for _ in range(3)]
    assert served == [1, 1, 0]
    debug = adv.get("/v1/accounts/fb:a/ads", params={"debug": True}).json()
    assert {r["code"] for r in debug["rejected"]} == {"frequency-cap"}


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"bid": -1.0}, "bid", "positive"),
        ({"total_budget": 0}, "total_budget", "positive"),
        ({"start": "2024-12-01T00:00:00Z", "end": "2025-01-01T00:00:00Z"}, "end", "past"),
        ({"targeting": {"interests": ["453"]}}, "targeting.interests[0]", "sensitive"),
        ({"targeting": {"interests": ["nope"]}}, "targeting.interests[0]", "unknown"),
        ({"targeting": {"countries": ["USA"]}}, "targeting.countries[0]", "ISO"),
        ({"targeting": {"min_age": 30, "max_age": 20}}, "targeting.min_age", "greater"),
        ({"frequency_cap": 0}, "frequency_cap", "at least one"),
        ({"bid": "4"}, "bid", ""),
    ],
)
def test_bad_campaigns_get_a_422_naming_the_field_and_change_nothing(
    adv: TestClient, container: Container, change: dict[str, Any], field: str, words: str
) -> None:
    r = adv.post("/v1/advertisers/trailco/campaigns", json=campaign(**change))
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field and words in r.json()["detail"]
    assert _count(container, "campaigns") == 0 and _count(container, "creatives") == 0


def test_unknown_creative_categories_and_bad_urls_are_refused(adv: TestClient) -> None:
    bad = campaign()
    bad["creatives"][0]["categories"] = ["zzz"]
    r = adv.post("/v1/advertisers/trailco/campaigns", json=bad)
    assert r.status_code == 422 and r.json()["field"] == "creatives[0].categories[0]"
    bad["creatives"][0].update(categories=["159"], landing_url="not a url")
    r = adv.post("/v1/advertisers/trailco/campaigns", json=bad)
    assert r.status_code == 422 and r.json()["field"] == "creatives[0].landing_url"


def test_a_bad_change_is_refused_and_the_campaign_keeps_serving(adv: TestClient) -> None:
    adv.post("/v1/advertisers/trailco/campaigns", json=campaign())
    r = adv.patch(
        "/v1/advertisers/trailco/campaigns/boots", json={"targeting": {"interests": ["453"]}}
    )
    assert r.status_code == 422 and "sensitive" in r.json()["detail"]
    stored = adv.get("/v1/advertisers/trailco/campaigns/boots").json()
    assert stored["targeting"]["interests"] == ["159"]


def test_an_advertiser_key_reaches_only_its_own_campaigns(
    adv: TestClient, container: Container
) -> None:
    adv.post("/v1/advertisers", json={"id": "other", "name": "Other"})
    _, token = create_api_key(container.ctx, Role.ADVERTISER, advertiser_id="trailco")
    headers = {"Authorization": f"Bearer {token}"}
    assert adv.get("/v1/advertisers/trailco/campaigns", headers=headers).status_code == 200
    assert adv.get("/v1/advertisers/other/campaigns", headers=headers).status_code == 403
    assert adv.get("/v1/accounts/fb:a/ads", headers=headers).status_code == 403


def test_reports_are_aggregates_with_small_cells_suppressed(
    adv: TestClient, container: Container
) -> None:
    adv.post("/v1/advertisers/trailco/campaigns", json=campaign(frequency_cap=5))
    for n in range(3):
        register(adv, f"fb:{n}")
        post(adv, f"m{n}", f"fb:{n}")
        adv.get(f"/v1/accounts/fb:{n}/ads")
    report = adv.get("/v1/advertisers/trailco/reports").json()
    [row] = report["rows"]
    assert row["suppressed"] is True and row["impressions"] is None and row["reach"] is None
    ads = container.ctx.ads
    ads.config = replace(ads.config, report_min_people=3)
    [row] = adv.get("/v1/advertisers/trailco/reports").json()["rows"]
    assert (row["suppressed"], row["impressions"], row["reach"]) == (False, 3, 3)
    assert row["day"] == "2025-12-20" and row["campaign_id"] == "boots"
    text = str(report)
    assert "fb:" not in text and "m0" not in text  # never a person or a message


def test_the_feed_marks_followed_items_and_explains_each(adv: TestClient) -> None:
    for item in (
        {"id": "grp", "kind": "group", "title": "Hikers", "categories": ["159"]},
        {"id": "p1", "kind": "post", "title": "Cake", "categories": ["216"], "author": "@b"},
    ):
        assert adv.post("/v1/content", json=item).status_code == 201
    register(adv, "fb:a")
    post(adv, "m1", "fb:a")
    follow = {"id": "e1", "account": "fb:a", "kind": "follow", "item": "p1"}
    assert adv.post("/v1/engagements", json=follow).status_code == 202
    items = adv.get("/v1/accounts/fb:a/feed", params={"limit": 5}).json()["items"]
    assert {i["id"]: i["label"] for i in items} == {"p1": "followed", "grp": "suggested"}
    grp = next(i for i in items if i["id"] == "grp")
    assert grp["why"][0]["source"] == "chat"
    stored = adv.get(f"/v1/impressions/{grp['impression']}").json()
    assert stored["kind"] == "item" and stored["item"] == "grp" and stored["why"] == grp["why"]


def test_openrtb_user_data_honours_privacy_signals(adv: TestClient) -> None:
    register(adv, "fb:a")
    register(adv, "fb:teen", birth="2012-01-01")
    post(adv, "m1", "fb:a")
    post(adv, "m2", "fb:teen")
    bid = {"id": "b1", "imp": [{"id": "1"}], "user": {"id": "u"}}
    r = adv.post("/v1/openrtb/user-data", json={"account": "fb:a", "request": bid}).json()
    [data] = r["request"]["user"]["data"]
    assert (
        data["ext"] == {"segtax": 9}
        and {"id": "159", "name": "Outdoor Activities"} in (data["segment"])
    )
    coppa = {**bid, "regs": {"coppa": 1}}
    r = adv.post("/v1/openrtb/user-data", json={"account": "fb:a", "request": coppa}).json()
    assert "data" not in r["request"]["user"] and r["segments"]["allowed"] is False
    r = adv.post("/v1/openrtb/user-data", json={"account": "fb:teen", "request": bid}).json()
    assert "data" not in r["request"]["user"] and "18" in r["segments"]["reason"]


def test_a_new_campaign_reaches_an_app_server_that_already_loaded_the_index(
    adv: TestClient, clock: ManualClock
) -> None:
    register(adv, "fb:a")
    post(adv, "m1", "fb:a")
    assert adv.get("/v1/accounts/fb:a/ads").json()["ads"] == []  # index built, empty
    adv.post("/v1/advertisers/trailco/campaigns", json=campaign())
    assert [a["campaign"] for a in adv.get("/v1/accounts/fb:a/ads").json()["ads"]] == ["boots"]

"""The packaged demo catalog: valid node ids, no sensitive ad targeting, enough of everything."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from importlib.resources import files
from typing import Any
from urllib.parse import urlparse

import pytest

from chatsignals.domain.campaigns import refuse_targeting_reason
from chatsignals.domain.sensitive import sensitive_category_of_topic
from chatsignals.domain.taxonomy import Taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def catalog() -> dict[str, Any]:
    text = files("chatsignals.data").joinpath("demo_catalog.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


def test_has_attribution(catalog: dict[str, Any]) -> None:
    assert "invented" in catalog["attribution"].lower()


def test_ids_are_unique(catalog: dict[str, Any]) -> None:
    for section in ("advertisers", "ads", "content", "people"):
        ids = [entry["id"] for entry in catalog[section]]
        duplicates = [i for i, n in Counter(ids).items() if n > 1]
        assert not duplicates, f"duplicate {section} ids: {duplicates}"


def test_counts(catalog: dict[str, Any], taxonomy: Taxonomy) -> None:
    assert len(catalog["advertisers"]) >= 30
    assert len(catalog["ads"]) >= 150
    assert len(catalog["content"]) >= 300
    assert len(catalog["people"]) == 6
    ad_tier1 = {taxonomy.get(n).tier1 for ad in catalog["ads"] for n in ad["categories"]}
    assert len(ad_tier1) >= 25
    content_tier1 = {taxonomy.get(n).tier1 for c in catalog["content"] for n in c["categories"]}
    assert len(content_tier1) >= 25


def test_every_node_id_exists(catalog: dict[str, Any], taxonomy: Taxonomy) -> None:
    unknown: list[tuple[str, str]] = []
    for ad in catalog["ads"]:
        for node in ad["categories"] + ad["targeting"]["interests"]:
            if node not in taxonomy:
                unknown.append((ad["id"], node))
    for item in catalog["content"]:
        assert item["categories"], item["id"]
        for node in item["categories"]:
            if node not in taxonomy:
                unknown.append((item["id"], node))
    assert not unknown


def test_ads_never_touch_sensitive_nodes(catalog: dict[str, Any], taxonomy: Taxonomy) -> None:
    offending = [
        (ad["id"], node)
        for ad in catalog["ads"]
        for node in ad["categories"] + ad["targeting"]["interests"]
        if sensitive_category_of_topic(taxonomy, node) is not None
    ]
    assert not offending


def test_ad_targeting_passes_the_campaign_rules(
    catalog: dict[str, Any], taxonomy: Taxonomy
) -> None:
    refused = {
        (ad["id"], node): reason
        for ad in catalog["ads"]
        for node in ad["targeting"]["interests"]
        if (reason := refuse_targeting_reason(taxonomy, node)) is not None
    }
    assert not refused


def test_content_includes_some_sensitive_items(catalog: dict[str, Any], taxonomy: Taxonomy) -> None:
    sensitive = {
        sensitive_category_of_topic(taxonomy, n)
        for item in catalog["content"]
        for n in item["categories"]
    } - {None}
    assert len(sensitive) >= 3  # health, religion, politics


def test_ads_are_well_formed(catalog: dict[str, Any]) -> None:
    advertisers = {a["id"] for a in catalog["advertisers"]}
    untargeted = 0
    for ad in catalog["ads"]:
        assert ad["advertiser"] in advertisers, ad["id"]
        assert ad["title"] and ad["body"], ad["id"]
        assert ad["categories"], ad["id"]
        assert urlparse(ad["landing_url"]).hostname in {"example.com", "example.org"}
        assert ad["bid_type"] in {"cpc", "cpm"}
        assert 0.5 <= ad["bid"] <= 8.0, ad["id"]
        assert 100 <= ad["budget"] <= 5000, ad["id"]
        assert 0 < ad["daily_budget"] <= ad["budget"], ad["id"]
        assert ad["frequency_cap_per_day"] >= 1
        targeting = ad["targeting"]
        assert set(targeting) == {"interests", "countries", "min_age", "max_age"}
        untargeted += not targeting["interests"]
    assert 0.08 <= untargeted / len(catalog["ads"]) <= 0.25


def test_alcohol_ads_are_21_plus(catalog: dict[str, Any], taxonomy: Taxonomy) -> None:
    alcohol = [
        ad for ad in catalog["ads"] if any(taxonomy.is_within(n, "211") for n in ad["categories"])
    ]
    assert alcohol
    assert all((ad["targeting"]["min_age"] or 0) >= 21 for ad in alcohol)


def test_content_items_are_well_formed(catalog: dict[str, Any]) -> None:
    kinds = Counter(item["kind"] for item in catalog["content"])
    assert set(kinds) == {"post", "reel", "group"}
    assert kinds["post"] > kinds["reel"] > kinds["group"]
    for item in catalog["content"]:
        assert item["app"] in {"facebook", "instagram", "whatsapp"}
        assert item["author"].startswith("@")
        assert item["title"] and item["body"]
        assert "2025-11-15" <= item["created_at"][:10] <= "2025-12-20"
    assert len({item["author"] for item in catalog["content"]}) >= 50


def test_people_cover_the_demo_cases(catalog: dict[str, Any]) -> None:
    people = {p["id"]: p for p in catalog["people"]}
    countries = {p["country"] for p in people.values()}
    assert {"US", "CA", "DE", "GB", "BR"} <= countries
    today = date(2025, 12, 15)

    def age(p: dict[str, Any]) -> int:
        born = date.fromisoformat(p["birth_date"])
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    assert any(p["country"] == "US" and 13 <= age(p) < 18 for p in people.values())
    assert any(len(p["accounts"]) == 3 for p in people.values())
    assert any(len(p["accounts"]) == 1 for p in people.values())
    for p in people.values():
        account_ids = {a["id"] for a in p["accounts"]}
        assert set(p["linked"]) <= account_ids, p["id"]

"""Scenario catalog ads: the simulator's short form of an advertiser's campaign.

One catalog ad is one campaign with one creative, both named by the ad's ``id``::

    {"id": "ad-boots", "advertiser": "trailco", "title": "...", "body": "...",
     "categories": ["159"], "bid": 4.0, "budget": 100.0, "frequency_cap_per_day": 3,
     "targeting": {"interests": ["159"], "countries": ["US"], "min_age": 18}}

Defaults: ``bid_type`` "cpm" (a bid per 1,000 impressions, so a scenario never needs
clicks to spend), ``daily_budget`` the whole ``budget``, ``frequency_cap_per_day`` 3,
``pacing`` "even", the schedule from the scenario's start (``start``/``end`` may be
given), ``categories`` the targeted interests, ``landing_url`` a page on example.com.
Every ad is checked by the same rules as the HTTP API's campaigns; a refusal names
``catalog ads N`` and the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from chatsignals.domain.campaigns import (
    Advertiser,
    BidType,
    Campaign,
    CampaignStatus,
    Creative,
    PacingMode,
    Targeting,
)
from chatsignals.services.scenario import ScenarioError, parse_time

AD_FIELDS = frozenset(
    {
        "id",
        "advertiser",
        "title",
        "body",
        "image_url",
        "landing_url",
        "categories",
        "bid",
        "bid_type",
        "budget",
        "daily_budget",
        "frequency_cap_per_day",
        "targeting",
        "pacing",
        "status",
        "start",
        "end",
        "name",
    }
)
TARGETING_FIELDS = frozenset({"interests", "countries", "min_age", "max_age"})


def catalog_advertisers(catalog: Mapping[str, Any] | None) -> list[Advertiser]:
    if not catalog:
        return []
    raw = catalog.get("advertisers", [])
    if not isinstance(raw, list):
        raise ScenarioError("catalog", "advertisers", "must be a list")
    out: list[Advertiser] = []
    for i, entry in enumerate(raw):
        where = f"catalog advertisers {i}"
        if not isinstance(entry, dict):
            raise ScenarioError(where, None, "must be a JSON object")
        if not isinstance(entry.get("id"), str) or not entry["id"]:
            raise ScenarioError(where, "id", "is required and must be a non-empty string")
        name = entry.get("name", entry["id"])
        if not isinstance(name, str) or not name:
            raise ScenarioError(where, "name", "must be a non-empty string")
        out.append(Advertiser(entry["id"], name))
    return out


def catalog_ads(catalog: Mapping[str, Any] | None) -> Sequence[object]:
    if not catalog:
        return ()
    raw = catalog.get("ads", [])
    if not isinstance(raw, list):
        raise ScenarioError("catalog", "ads", "must be a list")
    return raw


def _number(where: str, raw: Mapping[str, Any], name: str, default: float | None) -> float:
    value = raw.get(name)
    if value is None:
        if default is None:
            raise ScenarioError(where, name, "is required")
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScenarioError(where, name, f"must be a number, got {value!r}")
    return float(value)


def _strings(where: str, raw: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = raw.get(name, [])
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScenarioError(where, name, "must be a list of strings")
    return tuple(value)


def _age(where: str, raw: Mapping[str, Any], name: str) -> int | None:
    value = raw.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(where, f"targeting.{name}", f"must be a whole number, got {value!r}")
    return value


def _choice(where: str, raw: Mapping[str, Any], name: str, default: str, allowed: Any) -> str:
    value = raw.get(name, default)
    names = [m.value for m in allowed]
    if value not in names:
        raise ScenarioError(where, name, f"must be one of {', '.join(names)}, got {value!r}")
    return str(value)


def campaign_from_ad(index: int, raw: object, start: datetime) -> Campaign:
    """The campaign a catalog ad stands for (types checked here, rules by the service)."""
    where = f"catalog ads {index}"
    if not isinstance(raw, dict):
        raise ScenarioError(where, None, "must be a JSON object")
    unknown = set(raw) - AD_FIELDS
    if unknown:
        raise ScenarioError(where, sorted(unknown)[0], "is not a field of a catalog ad")
    for name in ("id", "advertiser", "title"):
        if not isinstance(raw.get(name), str) or not raw[name]:
            raise ScenarioError(where, name, "is required and must be a non-empty string")
    for name in ("body", "image_url", "landing_url", "name"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            raise ScenarioError(where, name, "must be a string")
    targeting_raw = raw.get("targeting") or {}
    if not isinstance(targeting_raw, dict):
        raise ScenarioError(where, "targeting", "must be a JSON object")
    unknown = set(targeting_raw) - TARGETING_FIELDS
    if unknown:
        raise ScenarioError(where, f"targeting.{sorted(unknown)[0]}", "is not a targeting field")
    targeting = Targeting(
        interests=_strings(where, targeting_raw, "interests"),
        countries=_strings(where, targeting_raw, "countries"),
        min_age=_age(where, targeting_raw, "min_age"),
        max_age=_age(where, targeting_raw, "max_age"),
    )
    categories = _strings(where, raw, "categories") or targeting.interests
    budget = _number(where, raw, "budget", None)
    cap = raw.get("frequency_cap_per_day", 3)
    if isinstance(cap, bool) or not isinstance(cap, int):
        raise ScenarioError(where, "frequency_cap_per_day", f"must be a whole number, got {cap!r}")
    ad_id = raw["id"]
    creative = Creative(
        id=ad_id,
        title=raw["title"],
        body=raw.get("body") or "",
        image_url=raw.get("image_url"),
        landing_url=raw.get("landing_url") or f"https://example.com/ads/{ad_id}",
        categories=categories,
    )
    return Campaign(
        id=ad_id,
        advertiser_id=raw["advertiser"],
        name=raw.get("name") or raw["title"],
        bid_type=BidType(_choice(where, raw, "bid_type", "cpm", BidType)),
        bid=_number(where, raw, "bid", None),
        daily_budget=_number(where, raw, "daily_budget", budget),
        total_budget=budget,
        start=parse_time(raw["start"], where, "start") if raw.get("start") else start,
        end=parse_time(raw["end"], where, "end") if raw.get("end") else None,
        creatives=(creative,),
        targeting=targeting,
        frequency_cap=cap,
        status=CampaignStatus(_choice(where, raw, "status", "active", CampaignStatus)),
        pacing=PacingMode(_choice(where, raw, "pacing", "even", PacingMode)),
    )


def ad_field(field: str | None, raw: object) -> str | None:
    """The catalog ad's name for a campaign field the rules refused."""
    if field is None:
        return None
    if field == "daily_budget" and isinstance(raw, dict) and raw.get("daily_budget") is None:
        return "budget"  # the daily budget defaulted to the budget
    renames = {
        "total_budget": "budget",
        "frequency_cap": "frequency_cap_per_day",
        "advertiser_id": "advertiser",
    }
    if field.startswith("creatives[0]."):
        return field.removeprefix("creatives[0].")
    return renames.get(field, field)

"""Replaying a scenario through the same services as the HTTP API, on a fixed clock.

The store is a fresh in-memory database; the clock is set to each event's time
before the event runs, so the same scenario always prints the same lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime
from importlib import resources
from typing import Any

from chatsignals.domain.accounts import PURPOSES, Purpose
from chatsignals.domain.campaigns import Advertiser
from chatsignals.domain.interactions import (
    ContentItem,
    Engagement,
    EngagementKind,
    Interaction,
    Modality,
    Role,
)
from chatsignals.services import accounts, ads, advertising, feed, forget, ingest
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import ServiceError
from chatsignals.services.interests import entry_json, profile_entries
from chatsignals.services.ports import JSONDict
from chatsignals.services.scenario import (
    Event,
    Scenario,
    ScenarioError,
    catalog_content,
    parse_time,
)
from chatsignals.services.scenario_ads import (
    ad_field,
    campaign_from_ad,
    catalog_ads,
    catalog_advertisers,
)

# Builds a context over a fresh store for a policy preset, with a clock it can set.
ContextFactory = Callable[[str, datetime], tuple[ServiceContext, Callable[[datetime], None]]]


def load_demo_catalog() -> Mapping[str, Any]:
    text = resources.files("chatsignals.data").joinpath("demo_catalog.json").read_text("utf-8")
    catalog: Mapping[str, Any] = json.loads(text)
    return catalog


def _content_item(index: int, raw: object) -> ContentItem:
    where = f"catalog content {index}"
    if not isinstance(raw, dict):
        raise ScenarioError(where, None, "must be a JSON object")
    for name in ("id", "kind", "title"):
        if not isinstance(raw.get(name), str) or not raw[name]:
            raise ScenarioError(where, name, "is required and must be a non-empty string")
    categories = raw.get("categories", [])
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise ScenarioError(where, "categories", "must be a list of taxonomy ids")
    created = raw.get("created_at")
    return ContentItem(
        id=raw["id"],
        kind=raw["kind"],
        title=raw["title"],
        categories=tuple(categories),
        author=raw.get("author"),
        app=raw.get("app"),
        created_at=parse_time(created, where, "created_at") if created else None,
    )


class Simulator:
    """Runs one scenario; ``run`` returns the output lines or raises ScenarioError."""

    def __init__(self, make_context: ContextFactory) -> None:
        self._make_context = make_context

    def run(self, scenario: Scenario) -> list[JSONDict]:
        start = (
            scenario.events[0].at
            if scenario.events
            else datetime.fromisoformat("2025-12-16T00:00:00+00:00")
        )
        try:
            ctx, set_clock = self._make_context(scenario.policy, start)
        except ValueError as exc:
            raise ScenarioError("scenario", "policy", str(exc)) from None
        catalog = load_demo_catalog() if scenario.catalog == "demo" else scenario.catalog
        assert catalog is None or isinstance(catalog, Mapping)
        for i, raw in enumerate(catalog_content(catalog)):
            try:
                ingest.add_content_item(ctx, _content_item(i, raw))
            except ServiceError as exc:
                raise ScenarioError(f"catalog content {i}", exc.field, exc.message) from None
        _load_ads(ctx, catalog, start)
        lines: list[JSONDict] = []
        for event in scenario.events:
            set_clock(event.at)
            try:
                line = self._apply(ctx, event)
            except ServiceError as exc:
                raise ScenarioError(
                    f"event {event.index} ({event.type})", exc.field, exc.message
                ) from None
            if line is not None:
                lines.append(line)
        return lines

    def _apply(self, ctx: ServiceContext, event: Event) -> JSONDict | None:
        d = event.data
        match event.type:
            case "account":
                birth = date.fromisoformat(d["birth_date"]) if d.get("birth_date") else None
                accounts.register_account(ctx, d["account"], d["app"], d["country"], birth)
            case "link":
                accounts.link_account(ctx, d["center"], d["account"])
            case "unlink":
                accounts.unlink_account(ctx, d["center"], d["account"])
            case "notice":
                accounts.deliver_notice(ctx, d["account"], event.at)
            case "consent":
                accounts.record_consent(ctx, d["account"], Purpose(d["purpose"]), d["granted"])
            case "hide_topic" | "unhide_topic":
                purposes = tuple(Purpose(p) for p in d.get("purposes", ["ads"]))
                change = (
                    accounts.hide_topic if event.type == "hide_topic" else accounts.unhide_topic
                )
                change(ctx, d["account"], d["topic"], purposes)
            case "chat":
                return self._chat(ctx, event)
            case "engagement":
                ingest.post_engagement(
                    ctx,
                    Engagement(
                        d["id"], d["account"], EngagementKind(d["kind"]), d["item"], event.at
                    ),
                )
            case "delete_chat":
                forget.delete_interaction(ctx, d["id"], d["account"])
            case "delete_conversation":
                forget.delete_conversation(ctx, d["conversation"], d["account"])
            case "interests":
                return self._interests(ctx, d["id"], d["account"])
            case "ads":
                return _ads_line(ctx, event)
            case "feed":
                return _feed_line(ctx, event)
        return None

    def _chat(self, ctx: ServiceContext, event: Event) -> JSONDict:
        d = event.data
        interaction = Interaction(
            id=d["id"],
            account_id=d["account"],
            app=d.get("app") or "",
            conversation_id=d["conversation"],
            role=Role(d.get("role", "user")),
            text=d.get("text") or "",
            modality=Modality(d.get("modality", "text")),
            encrypted=bool(d.get("encrypted", False)),
            at=event.at,
        )
        record, _ = ingest.post_interaction(ctx, interaction)
        out: JSONDict = {"type": "chat"}
        out.update({k: v for k, v in record.items() if k != "status"})
        return out

    def _interests(self, ctx: ServiceContext, query_id: str, account_id: str) -> JSONDict:
        out: JSONDict = {"type": "interests", "id": query_id}
        with ctx.uow() as uow:
            accounts.require_account(uow, account_id)
            for purpose in PURPOSES:
                entries = profile_entries(ctx, uow, account_id, purpose)
                out[purpose.value] = [entry_json(e, detailed=False) for e in entries]
        return out


def _load_ads(ctx: ServiceContext, catalog: Mapping[str, Any] | None, start: datetime) -> None:
    """Catalog advertisers and ads, through the same services as the advertiser API.

    Every ad is read before any is stored, so a bad one stops the run before it starts.
    """
    raw_ads = catalog_ads(catalog)
    campaigns = [campaign_from_ad(i, raw, start) for i, raw in enumerate(raw_ads)]
    known: set[str] = set()
    for i, advertiser in enumerate(catalog_advertisers(catalog)):
        try:
            advertising.create_advertiser(ctx, advertiser)
        except ServiceError as exc:
            raise ScenarioError(f"catalog advertisers {i}", exc.field, exc.message) from None
        known.add(advertiser.id)
    for i, campaign in enumerate(campaigns):
        try:
            if campaign.advertiser_id not in known:
                advertising.create_advertiser(
                    ctx, Advertiser(campaign.advertiser_id, campaign.advertiser_id)
                )
                known.add(campaign.advertiser_id)
            advertising.create_campaign(ctx, campaign)
        except ServiceError as exc:
            raise ScenarioError(
                f"catalog ads {i}", ad_field(exc.field, raw_ads[i]), exc.message
            ) from None


def _ads_line(ctx: ServiceContext, event: Event) -> JSONDict:
    """Serve ads as the HTTP API does (impressions recorded, so caps and budgets bind)."""
    d = event.data
    served = ads.serve_ads(
        ctx,
        d["account"],
        app=d.get("app"),
        slots=d.get("limit"),
        request_id=f"{d['id']}#{event.index}",
    )
    out: JSONDict = {"type": "ads", "id": d["id"], "account": d["account"], "app": served.app}
    # The HTTP API's shape (ads.ad_json), keyed by the scenario's ad id, plus what it cost.
    out["ads"] = [
        {
            "id": ad.campaign_id,
            **ads.ad_json(ad, impression),
            "cost": round(ad.cost_per_impression, 6),
        }
        for ad, impression in zip(served.decision.served, served.impressions, strict=True)
    ]
    out["rejected"] = [
        {"id": r.campaign_id, "code": r.code, "reason": r.reason} for r in served.decision.rejected
    ]
    return out


def _feed_line(ctx: ServiceContext, event: Event) -> JSONDict:
    d = event.data
    page = feed.serve_feed(
        ctx,
        d["account"],
        app=d.get("app"),
        limit=d.get("limit"),
        request_id=f"{d['id']}#{event.index}",
    )
    keep = ("id", "kind", "title", "position", "label", "followed", "impression", "why")
    return {
        "type": "feed",
        "id": d["id"],
        "account": d["account"],
        "app": page["app"],
        "items": [{k: item[k] for k in keep} for item in page["items"]],
    }

"""The advertiser API: campaigns, creatives, targeting and aggregate reports.

An advertiser key reaches its own ``{advertiser_id}`` only. Nothing here ever shows a
message, a person's interests or a person's id: reports are day x campaign aggregates
with small cells suppressed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from chatsignals.api.delivery_schemas import (
    AdvertiserIn,
    CampaignIn,
    CampaignPatch,
    CreativeIn,
    TargetingIn,
)
from chatsignals.api.deps import Ctx, require, require_advertiser
from chatsignals.domain.campaigns import (
    Advertiser,
    BidType,
    Campaign,
    CampaignStatus,
    Creative,
    PacingMode,
    Targeting,
)
from chatsignals.domain.instants import iso_z
from chatsignals.domain.pacing import utc_day
from chatsignals.services import advertising
from chatsignals.services.ports import JSONDict

onboarding = APIRouter(tags=["advertisers"])
router = APIRouter(
    prefix="/v1/advertisers/{advertiser_id}",
    tags=["advertisers"],
    dependencies=[Depends(require_advertiser)],
)


def _iso(moment: Any) -> str | None:
    return None if moment is None else iso_z(moment)


def _targeting(body: TargetingIn) -> Targeting:
    return Targeting(tuple(body.interests), tuple(body.countries), body.min_age, body.max_age)


def _creative(body: CreativeIn) -> Creative:
    return Creative(
        body.id, body.title, body.body, body.image_url, body.landing_url, tuple(body.categories)
    )


def campaign_json(ctx: Ctx, campaign: Campaign) -> JSONDict:
    spend = advertising.spend_of(ctx, campaign.id)
    t = campaign.targeting
    return {
        "id": campaign.id,
        "advertiser": campaign.advertiser_id,
        "name": campaign.name,
        "status": campaign.status.value,
        "bid_type": campaign.bid_type.value,
        "bid": campaign.bid,
        "daily_budget": campaign.daily_budget,
        "total_budget": campaign.total_budget,
        "start": _iso(campaign.start),
        "end": _iso(campaign.end),
        "frequency_cap": campaign.frequency_cap,
        "pacing": campaign.pacing.value,
        "targeting": {
            "interests": list(t.interests),
            "countries": list(t.countries),
            "min_age": t.min_age,
            "max_age": t.max_age,
        },
        "creatives": [
            {
                "id": c.id,
                "title": c.title,
                "body": c.body,
                "image_url": c.image_url,
                "landing_url": c.landing_url,
                "categories": list(c.categories),
            }
            for c in campaign.creatives
        ],
        "spend": {"today": round(spend[0], 6), "total": round(spend[1], 6)},
    }


@onboarding.post(
    "/v1/advertisers", status_code=status.HTTP_201_CREATED, dependencies=[require("platform")]
)
def create_advertiser(body: AdvertiserIn, ctx: Ctx, response: Response) -> JSONDict:
    """Register an advertiser (idempotent: the same again answers 200)."""
    advertiser, created = advertising.create_advertiser(ctx, Advertiser(body.id, body.name))
    if not created:
        response.status_code = status.HTTP_200_OK
    return {"id": advertiser.id, "name": advertiser.name}


@onboarding.get("/v1/advertisers", dependencies=[require("platform")])
def list_advertisers(ctx: Ctx) -> JSONDict:
    """Every advertiser, by id (for the platform; an advertiser key reads only its own)."""
    return {
        "advertisers": [{"id": a.id, "name": a.name} for a in advertising.list_advertisers(ctx)]
    }


@router.get("")
def get_advertiser(advertiser_id: str, ctx: Ctx) -> JSONDict:
    advertiser = advertising.get_advertiser(ctx, advertiser_id)
    return {"id": advertiser.id, "name": advertiser.name}


@router.post("/campaigns", status_code=status.HTTP_201_CREATED)
def create_campaign(advertiser_id: str, body: CampaignIn, ctx: Ctx, response: Response) -> JSONDict:
    """A campaign with its creatives. Refused with 422 and the field when a rule is
    broken: non-positive bids or budgets, a schedule that already ended, unknown
    categories, or interest targeting on a sensitive or brand-safety category."""
    campaign = Campaign(
        id=body.id,
        advertiser_id=advertiser_id,
        name=body.name,
        bid_type=BidType(body.bid_type),
        bid=float(body.bid),
        daily_budget=float(
            body.daily_budget if body.daily_budget is not None else body.total_budget
        ),
        total_budget=float(body.total_budget),
        start=body.start or ctx.clock.now(),
        end=body.end,
        creatives=tuple(_creative(c) for c in body.creatives),
        targeting=_targeting(body.targeting),
        frequency_cap=body.frequency_cap,
        status=CampaignStatus(body.status),
        pacing=PacingMode(body.pacing),
    )
    stored, created = advertising.create_campaign(ctx, campaign)
    if not created:
        response.status_code = status.HTTP_200_OK
    return campaign_json(ctx, stored)


@router.get("/campaigns")
def list_campaigns(advertiser_id: str, ctx: Ctx) -> JSONDict:
    campaigns = advertising.list_campaigns(ctx, advertiser_id)
    return {"campaigns": [campaign_json(ctx, c) for c in campaigns]}


@router.get("/campaigns/{campaign_id}")
def get_campaign(advertiser_id: str, campaign_id: str, ctx: Ctx) -> JSONDict:
    return campaign_json(ctx, advertising.get_campaign(ctx, advertiser_id, campaign_id))


@router.patch("/campaigns/{campaign_id}")
def update_campaign(
    advertiser_id: str, campaign_id: str, body: CampaignPatch, ctx: Ctx
) -> JSONDict:
    """Pause, resume, archive, or change budgets, bid, schedule or targeting."""
    changes: dict[str, Any] = {}
    for name, value in body.model_dump(exclude_unset=True).items():
        if value is None and name != "end":
            continue
        changes[name] = value
    if "targeting" in changes and body.targeting is not None:
        changes["targeting"] = _targeting(body.targeting)
    for name in ("bid", "total_budget", "daily_budget"):
        if name in changes:
            changes[name] = float(changes[name])
    if "bid_type" in changes:
        changes["bid_type"] = BidType(changes["bid_type"])
    if "status" in changes:
        changes["status"] = CampaignStatus(changes["status"])
    if "pacing" in changes:
        changes["pacing"] = PacingMode(changes["pacing"])
    campaign = advertising.update_campaign(ctx, advertiser_id, campaign_id, changes)
    return campaign_json(ctx, campaign)


@router.post("/campaigns/{campaign_id}/creatives", status_code=status.HTTP_201_CREATED)
def add_creative(advertiser_id: str, campaign_id: str, body: CreativeIn, ctx: Ctx) -> JSONDict:
    campaign = advertising.add_creative(ctx, advertiser_id, campaign_id, _creative(body))
    return campaign_json(ctx, campaign)


@router.get("/reports")
def get_report(
    advertiser_id: str,
    ctx: Ctx,
    first: Annotated[date | None, Query(alias="from", description="Default: 6 days ago.")] = None,
    last: Annotated[date | None, Query(alias="to", description="Default: today (UTC).")] = None,
) -> JSONDict:
    """Impressions, clicks, spend and reach by UTC day and campaign. Cells that reached
    fewer than the minimum number of people are suppressed whole."""
    today = utc_day(ctx.clock.now())
    last = last or today
    first = first or last - timedelta(days=6)
    rows = advertising.advertiser_report(ctx, advertiser_id, first, last)
    config = ctx.ads.config
    return {
        "advertiser": advertiser_id,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "min_people": config.report_min_people,
        "noise_epsilon": config.report_noise_epsilon or None,
        "rows": [r.to_json() for r in rows],
    }

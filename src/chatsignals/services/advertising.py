"""The advertiser side: advertisers, campaigns with their creatives, and reports.

Every change is validated by the domain's rules (``validate_campaign``: budgets,
bids, schedules, creatives, and interest targeting that refuses sensitive and
brand-safety categories) before anything is stored; a refusal names the field and
stores nothing. Stored changes reach this process's ad index at once, other processes'
within their refresh interval. Reports are aggregates by day and campaign, cells that
reached fewer than ``report_min_people`` people suppressed; they never name a person.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from chatsignals.domain.campaigns import (
    Advertiser,
    Campaign,
    Creative,
    validate_advertiser,
    validate_campaign,
)
from chatsignals.domain.errors import ValidationError
from chatsignals.domain.pacing import utc_day
from chatsignals.domain.reporting import NoiseConfig, ReportRow, finalize_report
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import Conflict, InvalidInput, NotFound
from chatsignals.services.ports import UnitOfWork

MAX_REPORT_DAYS = 366


def invalid(exc: ValidationError) -> InvalidInput:
    return InvalidInput(exc.message, exc.field)


def create_advertiser(ctx: ServiceContext, advertiser: Advertiser) -> tuple[Advertiser, bool]:
    """Register an advertiser; the same again is harmless. Returns (advertiser, created)."""
    try:
        advertiser = validate_advertiser(advertiser)
    except ValidationError as exc:
        raise invalid(exc) from None
    with ctx.uow() as uow:
        existing = uow.advertisers.get(advertiser.id)
        if existing is not None:
            if existing != advertiser:
                raise Conflict(f"advertiser {advertiser.id!r} exists with another name", "id")
            return existing, False
        uow.advertisers.add(advertiser, ctx.clock.now())
        uow.commit()
    return advertiser, True


def require_advertiser(uow: UnitOfWork, advertiser_id: str) -> Advertiser:
    advertiser = uow.advertisers.get(advertiser_id)
    if advertiser is None:
        raise NotFound(f"unknown advertiser {advertiser_id!r}: register it first", "advertiser")
    return advertiser


def list_advertisers(ctx: ServiceContext) -> list[Advertiser]:
    with ctx.reading() as uow:
        return uow.advertisers.list()


def get_advertiser(ctx: ServiceContext, advertiser_id: str) -> Advertiser:
    with ctx.reading() as uow:
        return require_advertiser(uow, advertiser_id)


def _owned_campaign(uow: UnitOfWork, advertiser_id: str, campaign_id: str) -> Campaign:
    campaign = uow.campaigns.get(campaign_id)
    if campaign is None or campaign.advertiser_id != advertiser_id:
        raise NotFound(f"advertiser {advertiser_id!r} has no campaign {campaign_id!r}", "campaign")
    return campaign


def create_campaign(ctx: ServiceContext, campaign: Campaign) -> tuple[Campaign, bool]:
    """Validate and store a campaign with its creatives. The same campaign again is a
    no-op; the same id with other details is a conflict. Returns (campaign, created)."""
    now = ctx.clock.now()
    try:
        campaign = validate_campaign(campaign, taxonomy=ctx.taxonomy, now=now)
    except ValidationError as exc:
        raise invalid(exc) from None
    with ctx.uow() as uow:
        require_advertiser(uow, campaign.advertiser_id)
        existing = uow.campaigns.get(campaign.id)
        if existing is not None:
            if existing != campaign:
                raise Conflict(f"campaign {campaign.id!r} exists with different details", "id")
            return existing, False
        uow.campaigns.add(campaign, now)
        uow.commit()
    ctx.ads.campaign_changed(campaign)
    return campaign, True


def get_campaign(ctx: ServiceContext, advertiser_id: str, campaign_id: str) -> Campaign:
    with ctx.reading() as uow:
        require_advertiser(uow, advertiser_id)
        return _owned_campaign(uow, advertiser_id, campaign_id)


def list_campaigns(ctx: ServiceContext, advertiser_id: str) -> list[Campaign]:
    with ctx.reading() as uow:
        require_advertiser(uow, advertiser_id)
        return uow.campaigns.for_advertiser(advertiser_id)


CHANGEABLE = frozenset(
    {
        "name",
        "bid",
        "bid_type",
        "daily_budget",
        "total_budget",
        "start",
        "end",
        "frequency_cap",
        "status",
        "pacing",
        "targeting",
    }
)


def update_campaign(
    ctx: ServiceContext, advertiser_id: str, campaign_id: str, changes: dict[str, Any]
) -> Campaign:
    """Change some of a campaign's settings (pause, resume, budgets, bid, schedule,
    targeting); the result must pass every rule a new campaign must."""
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise InvalidInput("cannot be changed", sorted(unknown)[0])
    return _change(ctx, advertiser_id, campaign_id, lambda c: replace(c, **changes))


def add_creative(
    ctx: ServiceContext, advertiser_id: str, campaign_id: str, creative: Creative
) -> Campaign:
    def with_creative(campaign: Campaign) -> Campaign:
        if any(c.id == creative.id for c in campaign.creatives):
            raise Conflict(f"campaign {campaign_id!r} already has creative {creative.id!r}", "id")
        return replace(campaign, creatives=(*campaign.creatives, creative))

    return _change(ctx, advertiser_id, campaign_id, with_creative)


def _change(ctx: ServiceContext, advertiser_id: str, campaign_id: str, how: Any) -> Campaign:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        require_advertiser(uow, advertiser_id)
        current = _owned_campaign(uow, advertiser_id, campaign_id)
        try:
            changed = validate_campaign(how(current), taxonomy=ctx.taxonomy, now=now)
        except ValidationError as exc:
            raise invalid(exc) from None
        uow.campaigns.replace(changed, now)
        uow.commit()
    ctx.ads.campaign_changed(changed)
    return changed


def spend_of(ctx: ServiceContext, campaign_id: str) -> tuple[float, float]:
    """What the campaign was charged today (UTC) and in all."""
    ctx.delivery.flush(ctx.uow)  # charges written behind serving count too
    with ctx.reading() as uow:
        rows = uow.spend.spend(utc_day(ctx.clock.now()), [campaign_id])
    return (rows[0].spent_today, rows[0].spent_total) if rows else (0.0, 0.0)


def advertiser_report(
    ctx: ServiceContext, advertiser_id: str, first: date, last: date
) -> tuple[ReportRow, ...]:
    """Impressions, clicks, spend and reach by day and campaign, ``first``..``last``.

    Cells that reached fewer than ``report_min_people`` distinct people are withheld
    whole; with ``report_noise_epsilon`` > 0 the rest get seeded Laplace noise (the same
    question gets the same answer, so repeating it averages nothing away).
    """
    if last < first:
        raise InvalidInput("the report must end on or after its first day", "to")
    if (last - first).days >= MAX_REPORT_DAYS:
        raise InvalidInput(f"a report covers at most {MAX_REPORT_DAYS} days", "to")
    config = ctx.ads.config
    ctx.delivery.flush(ctx.uow)  # impressions written behind serving count too
    with ctx.reading() as uow:
        require_advertiser(uow, advertiser_id)
        cells = uow.impressions.report_cells(advertiser_id, first, last)
    noise = (
        NoiseConfig(config.report_noise_epsilon, f"{advertiser_id}|{first}|{last}")
        if config.report_noise_epsilon > 0
        else None
    )
    return finalize_report(cells, min_people=config.report_min_people, noise=noise)

"""Serving ads to a person: the same decision for the HTTP API and the simulator.

``serve_ads`` reads the person's ads profile (hidden topics removed; none at all used
for minors), their ads seen today, and asks the in-process :class:`AdRuntime` for a
decision. Every ad served is recorded as an impression with its price, cost, CTR
features and "why am I seeing this?" entries, and charged to its campaign, in one
transaction; only then does the runtime's ledger and model learn of it.

The reads run outside any write lock, and once the person's profile and ads today are
cached the decision reads only memory. The impressions and charges are written behind
the answer, batched across requests, by the process's :class:`DeliveryLog` (see
services/delivery_log.py for what that keeps and what it trades).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from chatsignals.domain.accounts import Account, Purpose
from chatsignals.domain.campaigns import BidType
from chatsignals.domain.delivery import AdDecision, AdRequest, ServedAd
from chatsignals.domain.explain import why_json
from chatsignals.domain.identity import Identity
from chatsignals.domain.instants import iso_z
from chatsignals.domain.pacing import utc_day
from chatsignals.domain.profile import ProfileEntry
from chatsignals.domain.targeting import Viewer
from chatsignals.domain.values import quick_init
from chatsignals.services.accounts import identity_of, require_account
from chatsignals.services.context import ServiceContext
from chatsignals.services.delivery_ports import SpendCharge, StoredImpression
from chatsignals.services.errors import InvalidInput, NotFound
from chatsignals.services.ids import time_ordered_hex
from chatsignals.services.interests import profile_entries
from chatsignals.services.ports import JSONDict, UnitOfWork

MAX_SLOTS = 100


def person_key(identity: Identity) -> str:
    """Who frequency caps and reach count: the Accounts Center, or the lone account."""
    if identity.center_id is not None:
        return f"center:{identity.center_id}"
    return f"account:{identity.account_ids[0]}"


@quick_init
@dataclass(frozen=True, slots=True)
class ServedAds:
    request_id: str
    account: Account
    app: str
    decision: AdDecision
    impressions: tuple[StoredImpression, ...]  # one per served ad, in order, as recorded

    def to_json(self, *, rejected: bool = False) -> JSONDict:
        out: JSONDict = {
            "request_id": self.request_id,
            "account": self.account.id,
            "app": self.app,
            "ads": [
                ad_json(ad, impression)
                for ad, impression in zip(self.decision.served, self.impressions, strict=True)
            ],
            "candidates": self.decision.candidates,
        }
        if rejected:
            out["rejected"] = [r.to_json() for r in self.decision.rejected]
        return out


def ad_json(ad: ServedAd, impression: StoredImpression) -> JSONDict:
    """An ad as served, with the "why" its impression stores (worked out once)."""
    creative = ad.creative
    return {
        "impression": impression.id,
        "campaign": ad.campaign_id,
        "advertiser": ad.advertiser_id,
        "title": creative.title,
        "body": creative.body,
        "image_url": creative.image_url,
        "landing_url": creative.landing_url,
        "creative": {
            "id": creative.id,
            "title": creative.title,
            "body": creative.body,
            "image_url": creative.image_url,
            "landing_url": creative.landing_url,
            "categories": list(creative.categories),
        },
        "sponsored": True,
        "position": ad.position,
        "bid_type": ad.bid_type.value,
        "price": round(ad.price, 6),
        "pctr": round(ad.pctr, 6),
        "why": impression.why,
    }


def viewer_of(ctx: ServiceContext, uow: UnitOfWork, account: Account) -> tuple[Viewer, Identity]:
    """The person as the ad decision sees them: age, country, ads profile, hidden topics.

    The identity, hidden topics and profile come from ``ctx.caches`` while fresh (see
    services/read_cache.py): a change through this process shows at once, another
    process's as soon as the cache's change feed sees it."""
    _, viewer, identity = _viewer(ctx, uow, account.id, account)
    return viewer, identity


_CachedViewer = tuple[Account, Identity, frozenset[str], tuple[ProfileEntry, ...]]


def _viewer_from(
    ctx: ServiceContext, cached: _CachedViewer, now: datetime
) -> tuple[Account, Viewer, Identity]:
    account, identity, hidden, profile = cached
    viewer = Viewer(
        person_id=person_key(identity),
        age=account.age_on(utc_day(now)),
        country=account.country,
        profile=profile,
        hidden=hidden,
        adult_age=ctx.preset.adult_age,  # one age of majority: the policy preset's
    )
    return account, viewer, identity


def _depends_on(cached: _CachedViewer) -> tuple[str, ...]:
    return cached[1].account_ids  # the identity: a change to any of its accounts


def _cached_viewer(
    ctx: ServiceContext, account_id: str, now: datetime
) -> tuple[Account, Viewer] | None:
    hit = ctx.caches.cached_profile(("ads", account_id), now)
    if hit is None:
        return None
    account, viewer, _ = _viewer_from(ctx, hit, now)  # type: ignore[arg-type]
    return account, viewer


def _viewer(
    ctx: ServiceContext, uow: UnitOfWork, account_id: str, account: Account | None = None
) -> tuple[Account, Viewer, Identity]:
    """The account (NotFound when unknown) and its viewer, cached together."""
    now = ctx.clock.now()

    def read() -> tuple[Account, Identity, frozenset[str], tuple[ProfileEntry, ...]]:
        found = account or require_account(uow, account_id)
        identity = identity_of(uow, found.id)
        hidden = uow.hidden_topics.for_accounts(identity.account_ids).get(Purpose.ADS, frozenset())
        profile = profile_entries(ctx, uow, found.id, Purpose.ADS, identity=identity, hidden=hidden)
        return found, identity, hidden, profile

    started = uow.read_started
    cached: _CachedViewer = (
        read()
        if started is None
        else ctx.caches.profile(("ads", account_id), started, now, read, _depends_on)
    )
    return _viewer_from(ctx, cached, now)


@quick_init
@dataclass(frozen=True, slots=True)
class _Request:
    slots: int
    now: datetime
    day: date
    request_id: str


def _request(ctx: ServiceContext, slots: int | None, request_id: str | None) -> _Request:
    slots = ctx.ads.config.default_slots if slots is None else slots
    if not 1 <= slots <= MAX_SLOTS:
        raise InvalidInput(f"slots must be between 1 and {MAX_SLOTS}", "slots")
    now = ctx.clock.now()
    return _Request(slots, now, utc_day(now), request_id or f"req-{time_ordered_hex()}")


def serve_ads(
    ctx: ServiceContext,
    account_id: str,
    *,
    app: str | None = None,
    slots: int | None = None,
    request_id: str | None = None,
) -> ServedAds:
    """Choose up to ``slots`` ads for the account, record them as impressions, charge them.

    The decision reads only memory once the person's profile and ads today are cached;
    the impressions and charges are written behind it (services/delivery_log.py)."""
    req = _request(ctx, slots, request_id)
    cached = _cached_viewer(ctx, account_id, req.now)
    if cached is not None and ctx.ads.ready(req.now):
        account, viewer = cached  # no store read at all
        _refresh_if_due(ctx, req.now)
    else:
        with ctx.reading() as uow:
            ctx.ads.ensure_ready(uow, ctx.taxonomy, req.now)
            account, viewer, _ = _viewer(ctx, uow, account_id)
    log = ctx.delivery
    # One person's ads are decided and counted one request at a time, so two requests
    # cannot both take the last impression a frequency cap allows.
    with log.person_lock(viewer.person_id):
        seen = log.seen_today(ctx.uow, viewer.person_id, req.day)
        served = _decide_and_record(ctx, account, viewer, app, req, seen)
    return served  # the delivery log's writer saves what the CTR model learned


def serve_ads_in_memory(
    ctx: ServiceContext,
    account_id: str,
    *,
    app: str | None = None,
    slots: int | None = None,
    request_id: str | None = None,
) -> ServedAds | None:
    """:func:`serve_ads` when it needs neither the store nor a wait: the viewer and the
    person's ads today cached, the ad runtime fresh, impressions written behind, no
    other request of this person under way. None otherwise (then
    call :func:`serve_ads`). Safe on an event loop: it never blocks."""
    req = _request(ctx, slots, request_id)
    log = ctx.delivery
    if not log.writes_behind or not ctx.ads.ready(req.now):
        return None
    cached = _cached_viewer(ctx, account_id, req.now)
    if cached is None:
        return None
    _refresh_if_due(ctx, req.now)
    account, viewer = cached
    lock = log.person_lock(viewer.person_id)
    if not lock.acquire(blocking=False):
        return None
    try:
        seen = log.cached_seen_today(viewer.person_id, req.day)
        if seen is None:
            return None
        return _decide_and_record(ctx, account, viewer, app, req, seen)
    finally:
        lock.release()


def _refresh_if_due(ctx: ServiceContext, now: datetime) -> None:
    """Other processes' campaign and spend changes are reloaded in the background while
    this request decides on what is loaded."""
    if ctx.ads.refresh_due():
        ctx.ads.refresh_in_background(ctx.uow, ctx.taxonomy, now)


def _decide_and_record(
    ctx: ServiceContext,
    account: Account,
    viewer: Viewer,
    app: str | None,
    req: _Request,
    seen: dict[str, int],
) -> ServedAds:
    """Decide, hand the impressions and charges to the delivery log, tell the ledger and
    the CTR model (called holding the person's lock)."""
    app_name = app or account.app
    request_id, now, day = req.request_id, req.now, req.day
    decision = ctx.ads.decide(
        viewer, AdRequest(request_id, app_name, now, req.slots), ctx.taxonomy, seen
    )
    impressions = tuple(
        StoredImpression(
            id=f"{request_id}.{ad.position}",
            request_id=request_id,
            account_id=account.id,
            person=viewer.person_id,
            app=app_name,
            kind="ad",
            position=ad.position,
            why=why_json(ad.why),
            at=now,
            advertiser_id=ad.advertiser_id,
            campaign_id=ad.campaign_id,
            creative_id=ad.creative.id,
            bid_type=ad.bid_type.value,
            price=ad.price,
            cost=ad.cost_per_impression,
            features=dict(ad.features),
        )
        for ad in decision.served
    )
    ctx.delivery.record(
        ctx.uow,
        impressions,
        [SpendCharge(ad.campaign_id, day, ad.cost_per_impression, 1) for ad in decision.served],
    )
    ctx.ads.charged_many([(ad.campaign_id, ad.cost_per_impression) for ad in decision.served], day)
    # The CTR model learns from the impressions when the delivery log writes them
    # (learn_from_written), and from a click when it comes.
    return ServedAds(request_id, account, app_name, decision, impressions)


def learn_from_written(ctx: ServiceContext, impressions: Sequence[StoredImpression]) -> None:
    """What the CTR model learns from ads being written: each one not clicked, for now
    (a click, when it comes, is learned as the correction; see ad_runtime)."""
    ctx.ads.learn_many(
        [i.features for i in impressions if i.kind == "ad" and i.features is not None],
        clicked=False,
    )


def record_click(ctx: ServiceContext, impression_id: str, at: datetime | None = None) -> JSONDict:
    """A click on a served ad: charged for CPC ads, learned by the CTR model. Idempotent."""
    now = at or ctx.clock.now()
    ctx.delivery.flush(ctx.uow)  # the impression may have been served a moment ago
    with ctx.uow() as uow:
        impression = uow.impressions.get(impression_id)
        if impression is None or impression.kind != "ad":
            raise NotFound(f"unknown ad impression {impression_id!r}", "impression")
        if now < impression.at:
            raise InvalidInput("a click cannot come before its impression", "at")
        ctx.ads.ensure_ready(uow, ctx.taxonomy, ctx.clock.now())
        cost = 0.0
        if impression.bid_type == BidType.CPC.value and impression.price is not None:
            cost = impression.price
        first = uow.impressions.mark_clicked(impression_id, now, cost)
        if first and impression.campaign_id is not None:
            uow.spend.charge(impression.campaign_id, utc_day(now), cost, clicks=1)
        uow.commit()
    if first:
        if impression.campaign_id is not None and cost:
            ctx.ads.charged(impression.campaign_id, utc_day(now), cost)
        if impression.features is not None:
            ctx.ads.learn(impression.features, clicked=True)
        save_model_if_due(ctx)
    return {
        "impression": impression_id,
        "clicked": True,
        "first_click": first,
        "cost": round(cost, 6) if first else 0.0,
    }


def save_model_if_due(ctx: ServiceContext, *, force: bool = False) -> bool:
    """Save what the CTR model learned, in a transaction of its own, when due."""
    with ctx.uow() as uow:
        if not write_model_if_due(ctx, uow, force=force):
            return False
        uow.commit()
    return True


def write_model_if_due(ctx: ServiceContext, uow: UnitOfWork, *, force: bool = False) -> bool:
    """Write the CTR model in ``uow`` when it learned ``model_save_every`` events since
    it was last saved (the delivery log's writer calls it in each of its transactions)."""
    data = ctx.ads.model_to_save(force=force)
    if data is None:
        return False
    from chatsignals.services.ad_runtime import MODEL_NAME

    uow.ctr_models.put(MODEL_NAME, dict(data), ctx.clock.now())
    return True


def impression_json(impression: StoredImpression) -> JSONDict:
    """What a person (or the platform on their behalf) may see of a stored impression."""
    out: JSONDict = {
        "id": impression.id,
        "kind": impression.kind,
        "account": impression.account_id,
        "app": impression.app,
        "position": impression.position,
        "at": iso_z(impression.at),
        "why": impression.why,
    }
    if impression.kind == "ad":
        out.update(
            {
                "campaign": impression.campaign_id,
                "advertiser": impression.advertiser_id,
                "creative": impression.creative_id,
                "bid_type": impression.bid_type,
                "price": impression.price,
                "clicked": impression.clicked_at is not None,
            }
        )
    else:
        out["item"] = impression.item_id
    return out


def read_impression(ctx: ServiceContext, impression_id: str) -> JSONDict:
    """A stored impression's "why am I seeing this?", as it was when it was shown."""
    impression = ctx.delivery.pending(impression_id)
    if impression is None:
        with ctx.reading() as uow:
            impression = uow.impressions.get(impression_id)
    if impression is None:
        raise NotFound(f"unknown impression {impression_id!r}", "impression")
    return impression_json(impression)

"""One ad decision, end to end: candidates -> eligibility -> scoring -> auction -> why.

Pure: the caller passes the index, the CTR model, the clock and a lookup of delivery
state (spend so far, and this person's impressions today, per campaign). The result
names every candidate left out and why, and for each ad served: its price, its
predicted CTR, the features to log with the impression (so ``learn_one`` can learn from
the click or its absence), and the "why am I seeing this?" entries.
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from chatsignals.domain.auction import AuctionKind, Bid, run_auction
from chatsignals.domain.campaigns import BidType, Campaign, Creative
from chatsignals.domain.ctr import AdContext, LogisticCtrModel, ad_features
from chatsignals.domain.explain import WhyEntry, explain_ad
from chatsignals.domain.pacing import DEFAULT_SLACK
from chatsignals.domain.relevance import ProfileMatcher, TopicMatch, relevance_of
from chatsignals.domain.targeting import (
    AdIndex,
    DeliveryState,
    Eligibility,
    Viewer,
    check_eligibility,
)
from chatsignals.domain.taxonomy import Taxonomy


@dataclass(frozen=True, slots=True)
class AdRequest:
    request_id: str
    app: str
    now: datetime
    slots: int = 1


@dataclass(frozen=True, slots=True)
class AuctionConfig:
    kind: AuctionKind = AuctionKind.SECOND_PRICE
    reserve_cpm: float = 0.0
    pacing_slack: float = DEFAULT_SLACK
    # Pre-ranking: candidates are checked in order of their best possible eCPM (bid,
    # or bid x prior CTR x 1000 for CPC) until this many are eligible.
    max_eligible: int = 50


@dataclass(frozen=True, slots=True)
class ServedAd:
    campaign_id: str
    advertiser_id: str
    creative: Creative
    position: int
    bid_type: BidType
    price: float  # per 1,000 impressions (CPM) or per click (CPC)
    cost_per_impression: float  # charge now; CPC ads charge ``price`` on a click
    pctr: float
    ecpm: float
    relevance: float
    features: dict[str, float]  # log with the impression; learn_one(features, clicked)
    why: tuple[WhyEntry, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "campaign_id": self.campaign_id,
            "creative_id": self.creative.id,
            "title": self.creative.title,
            "position": self.position,
            "bid_type": self.bid_type.value,
            "price": round(self.price, 6),
            "pctr": round(self.pctr, 6),
            "ecpm": round(self.ecpm, 6),
            "why": [w.to_json() for w in self.why],
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    campaign_id: str
    code: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"campaign_id": self.campaign_id, "code": self.code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class AdDecision:
    served: tuple[ServedAd, ...]
    rejected: tuple[Rejection, ...]
    candidates: int  # campaigns examined (pre-ranking stops after max_eligible eligible)


@dataclass(frozen=True, slots=True)
class _Scored:
    campaign: Campaign
    eligibility: Eligibility
    creative: Creative
    relevance: float
    pctr: float


_TIER1: dict[int, dict[str, str]] = {}


def _tier1(taxonomy: Taxonomy, category: str) -> str:
    """The tier-1 topic of a category (the category itself when unknown), memoized per
    taxonomy object."""
    cache = _TIER1.get(id(taxonomy))
    if cache is None:
        cache = _TIER1[id(taxonomy)] = {}
        weakref.finalize(taxonomy, _TIER1.pop, id(taxonomy), None)
    found = cache.get(category)
    if found is None:
        found = cache[category] = taxonomy.get(category).tier1 if category in taxonomy else category
    return found


def _context(
    campaign: Campaign,
    creative: Creative,
    relevance: float,
    request: AdRequest,
    taxonomy: Taxonomy,
    position: int,
) -> AdContext:
    tier1 = _tier1(taxonomy, creative.categories[0])
    return AdContext(
        relevance=relevance,
        bid=campaign.bid,
        cpc=campaign.bid_type is BidType.CPC,
        position=position,
        app=request.app,
        tier1=tier1,
        hour=request.now.astimezone(UTC).hour,
    )


def decide_ads(
    viewer: Viewer,
    request: AdRequest,
    *,
    index: AdIndex,
    taxonomy: Taxonomy,
    model: LogisticCtrModel,
    state_of: Callable[[str], DeliveryState],
    config: AuctionConfig = AuctionConfig(),
) -> AdDecision:
    rejected: list[Rejection] = []
    scored: dict[str, _Scored] = {}
    matcher = ProfileMatcher(viewer.usable_profile, taxonomy)
    examined = 0
    # Candidates come lazily from the index's bid-sorted buckets, best possible eCPM
    # first (the bid for CPM; for CPC the model's upper bound of bid x pCTR x 1000).
    # Once ``slots + 1`` eligible ads (the winners and the price-setter) each beat the
    # best that any remaining candidate could reach, the auction's result is settled and
    # the rest are never touched; ``max_eligible`` caps the work in any case.
    enough = max(request.slots, 0) + 1
    top: list[float] = []  # the best ``enough`` eCPMs so far, a min-heap
    # No ad can fit this person better than all their interests together, and the
    # request's app and hour are known: the tighter the bound, the sooner the auction
    # is settled.
    best_fit = relevance_of(TopicMatch(e.topic, e, 1.0) for e in viewer.usable_profile)
    cpc_bound = model.cpc_upper_bound(
        max_relevance=best_fit, app=request.app, hour=request.now.astimezone(UTC).hour
    )
    score = model.first_slot_scorer(app=request.app, hour=request.now.astimezone(UTC).hour)
    for bound, campaign in index.ranked_candidates(viewer, cpc_bound):
        if len(scored) >= config.max_eligible:
            break
        if len(top) >= enough and top[0] > bound:
            break
        examined += 1
        eligibility = check_eligibility(
            campaign,
            viewer,
            taxonomy=taxonomy,
            now=request.now,
            state=state_of(campaign.id),
            draw_key=request.request_id,
            pacing_slack=config.pacing_slack,
            matcher=matcher,
        )
        if not eligibility.eligible:
            rejected.extend(
                Rejection(campaign.id, r.code.value, r.reason) for r in eligibility.reasons
            )
            continue
        best: tuple[float, str, Creative] | None = None
        for creative in eligibility.creatives:
            rel = relevance_of(matcher.match(creative.categories))
            if best is None or (-rel, creative.id) < (-best[0], best[1]):
                best = (rel, creative.id, creative)
        assert best is not None  # eligible campaigns keep at least one creative
        relevance, _, creative = best
        pctr = score(
            relevance,
            campaign.bid,
            campaign.bid_type is BidType.CPC,
            _tier1(taxonomy, creative.categories[0]),
        )
        scored[campaign.id] = _Scored(campaign, eligibility, creative, relevance, pctr)
        ecpm = campaign.bid * pctr * 1000.0 if campaign.bid_type is BidType.CPC else campaign.bid
        if len(top) < enough:
            heapq.heappush(top, ecpm)
        elif ecpm > top[0]:
            heapq.heapreplace(top, ecpm)

    bids = [
        Bid(
            f"{s.campaign.id}:{s.creative.id}",
            s.campaign.id,
            s.campaign.bid_type,
            s.campaign.bid,
            s.pctr,
        )
        for s in scored.values()
    ]
    result = run_auction(
        bids, slots=request.slots, reserve_cpm=config.reserve_cpm, kind=config.kind
    )
    rejected.extend(
        Rejection(loser.bid.campaign_id, "auction", loser.reason) for loser in result.losers
    )
    served: list[ServedAd] = []
    for winner in result.winners:
        s = scored[winner.bid.campaign_id]
        features = ad_features(
            _context(s.campaign, s.creative, s.relevance, request, taxonomy, winner.position)
        )
        served.append(
            ServedAd(
                campaign_id=s.campaign.id,
                advertiser_id=s.campaign.advertiser_id,
                creative=s.creative,
                position=winner.position,
                bid_type=s.campaign.bid_type,
                price=winner.price,
                cost_per_impression=winner.cost_per_impression,
                pctr=s.pctr,
                ecpm=winner.ecpm,
                relevance=s.relevance,
                features=features,
                why=explain_ad(s.campaign, viewer, s.eligibility),
            )
        )
    return AdDecision(tuple(served), tuple(rejected), examined)

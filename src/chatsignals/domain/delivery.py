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
from chatsignals.domain.pacing import DEFAULT_SLACK, day_fraction
from chatsignals.domain.relevance import ProfileMatcher, TopicMatch, relevance_of
from chatsignals.domain.targeting import (
    AdIndex,
    CandidateLists,
    DeliveryState,
    Eligibility,
    TargetingFit,
    Viewer,
    check_eligibility,
    targeting_fit,
)
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.domain.values import quick_init


@quick_init
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


@quick_init
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


@quick_init
@dataclass(frozen=True, slots=True)
class Rejection:
    campaign_id: str
    code: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"campaign_id": self.campaign_id, "code": self.code, "reason": self.reason}


@quick_init
@dataclass(frozen=True, slots=True)
class AdDecision:
    served: tuple[ServedAd, ...]
    rejected: tuple[Rejection, ...]
    candidates: int  # campaigns examined (pre-ranking stops after max_eligible eligible)


@quick_init
@dataclass(frozen=True, slots=True)
class _Fitted:
    """A campaign's :class:`TargetingFit` for one person, and what scoring takes from
    it: the creative that fits them best, its relevance and its tier-1 topic."""

    fit: TargetingFit
    creative: Creative | None  # None: no creative may be shown to them
    relevance: float
    tier1: str


class PersonMemo:
    """What ad decisions work out about one person that holds until their ads profile,
    hidden topics, age or country change: their profile indexed for matching, and each
    campaign's :class:`TargetingFit` (kept while the campaign object is the same).

    The caller keeps one per person and passes it to each of the person's decisions
    while :meth:`holds_for` the viewer (services/ad_runtime.py). Time, spend, caps and
    pacing are checked in every decision, never kept."""

    __slots__ = ("best_fit", "candidates", "fits", "matcher", "viewer", "whys")

    def __init__(self, viewer: Viewer, taxonomy: Taxonomy) -> None:
        self.viewer = viewer
        self.matcher = ProfileMatcher(viewer.usable_profile, taxonomy)
        # No ad can fit this person better than all their interests together.
        self.best_fit = relevance_of(TopicMatch(e.topic, e, 1.0) for e in viewer.usable_profile)
        self.fits: dict[str, _Fitted] = {}
        self.candidates: CandidateLists | None = None
        self.whys: dict[str, tuple[Campaign, tuple[WhyEntry, ...]]] = {}

    def holds_for(self, viewer: Viewer) -> bool:
        was = self.viewer
        return (
            was.person_id == viewer.person_id
            and was.age == viewer.age
            and was.country == viewer.country
            and was.adult_age == viewer.adult_age
            and (was.profile is viewer.profile or was.profile == viewer.profile)
            and was.hidden == viewer.hidden
        )

    def candidate_lists(self, index: AdIndex) -> CandidateLists:
        """The person's candidates in ``index`` merged once (AdIndex.candidate_lists),
        kept while the index adds no campaign. Not merged for a person with more than
        ``_KEPT_CANDIDATES`` (each decision then merges their buckets lazily: it reads
        only the best few, where merging would sort them all, hundreds of microseconds
        for a person met once)."""
        lists = self.candidates
        if lists is None or not lists.hold_for(index):
            lists = self.candidates = index.candidate_lists(self.viewer, _KEPT_CANDIDATES)
        return lists

    def why(self, campaign: Campaign, eligibility: Eligibility) -> tuple[WhyEntry, ...]:
        """``explain_ad`` for this person, kept while the campaign object is the same:
        it reads only the campaign, the person's country and the interests that met
        the targeting (the campaign's fit, kept the same way)."""
        found = self.whys.get(campaign.id)
        if found is not None and found[0] is campaign:
            return found[1]
        why = explain_ad(campaign, self.viewer, eligibility)
        self.whys[campaign.id] = (campaign, why)
        return why

    def fitted(self, campaign: Campaign, taxonomy: Taxonomy) -> _Fitted:
        found = self.fits.get(campaign.id)
        if found is not None and found.fit.campaign is campaign:
            return found
        fit = targeting_fit(campaign, self.viewer, taxonomy=taxonomy, matcher=self.matcher)
        best: tuple[float, str, Creative] | None = None
        for creative in fit.creatives:
            rel = relevance_of(self.matcher.match(creative.categories))
            if best is None or (-rel, creative.id) < (-best[0], best[1]):
                best = (rel, creative.id, creative)
        if best is None:
            found = _Fitted(fit, None, 0.0, "")
        else:
            relevance, _, creative = best
            found = _Fitted(fit, creative, relevance, _tier1(taxonomy, creative.categories[0]))
        self.fits[campaign.id] = found
        return found


_TIER1: dict[int, dict[str, str]] = {}
# A person's candidates are merged into two lists when their buckets hold at most this
# many entries (the bench's demo store: about 40; 100,000 campaigns: thousands).
_KEPT_CANDIDATES = 512
# A bound and the eCPM it bounds are summed in different orders: a bound equal to the
# eCPM may come out a few ulps under it, so a bound counts as under the reserve only
# when it is clearly under.
_BOUND_SLACK = 1.0 - 1e-9


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
    memo: PersonMemo | None = None,
) -> AdDecision:
    """``memo``: what earlier decisions worked out about this person (a new one is
    used when it does not hold for ``viewer``); the decision adds to it."""
    kept = memo is not None and memo.holds_for(viewer)
    if memo is None or not kept:
        memo = PersonMemo(viewer, taxonomy)
    rejected: list[Rejection] = []
    # Each eligible campaign's bid, and what its ad is made of should it win.
    bids: list[Bid] = []
    scored: dict[str, tuple[Campaign, Eligibility, Creative, float]] = {}
    matcher = memo.matcher
    examined = 0
    # Candidates come lazily from the index's bid-sorted buckets, best possible eCPM
    # first (the bid for CPM; for CPC the model's upper bound of bid x pCTR x 1000).
    # Once ``slots + 1`` eligible ads (the winners and the price-setter) each beat the
    # best that any remaining candidate could reach, the auction's result is settled and
    # the rest are never touched; ``max_eligible`` caps the work in any case. Nor is any
    # candidate touched once the best it could reach is under the reserve price: the
    # auction would drop it, and it could set no one's price.
    enough = max(request.slots, 0) + 1
    reserve = config.reserve_cpm
    top: list[float] = []  # the best ``enough`` eCPMs that clear the reserve, a min-heap
    # The person's best possible fit, and the request's app and hour, bound what a CPC
    # ad can reach: the tighter the bound, the sooner the auction is settled.
    cpc_bound = model.cpc_upper_bound(
        max_relevance=memo.best_fit, app=request.app, hour=request.now.astimezone(UTC).hour
    )
    score = model.first_slot_scorer(app=request.app, hour=request.now.astimezone(UTC).hour)
    # A memo made for this decision alone is dropped after it: merging would not pay.
    lists = memo.candidate_lists(index) if kept else None
    most, floor = config.max_eligible, reserve * _BOUND_SLACK
    now, draw_key, slack = request.now, request.request_id, config.pacing_slack
    fraction = day_fraction(now)  # the same for every candidate's pacing
    for bound, campaign in index.ranked_candidates(viewer, cpc_bound, lists):
        if len(scored) >= most:
            break
        if (len(top) >= enough and top[0] > bound) or bound < floor:
            break
        examined += 1
        fitted = memo.fitted(campaign, taxonomy)
        eligibility = check_eligibility(
            campaign,
            viewer,
            taxonomy=taxonomy,
            now=now,
            state=state_of(campaign.id),
            draw_key=draw_key,
            pacing_slack=slack,
            matcher=matcher,
            fit=fitted.fit,
            day_fraction=fraction,
        )
        if eligibility.reasons:
            rejected.extend(
                Rejection(campaign.id, r.code.value, r.reason) for r in eligibility.reasons
            )
            continue
        creative = fitted.creative
        assert creative is not None  # eligible campaigns keep at least one creative
        relevance = fitted.relevance
        cpc = campaign.bid_type is BidType.CPC
        pctr = score(relevance, campaign.bid, cpc, fitted.tier1)
        ad_id = f"{campaign.id}:{creative.id}"
        bids.append(Bid(ad_id, campaign.id, campaign.bid_type, campaign.bid, pctr))
        scored[campaign.id] = (campaign, eligibility, creative, relevance)
        ecpm = campaign.bid * pctr * 1000.0 if cpc else campaign.bid
        if ecpm < reserve or ecpm <= 0.0:
            continue  # the auction drops it (and says why); it settles nothing
        if len(top) < enough:
            heapq.heappush(top, ecpm)
        elif ecpm > top[0]:
            heapq.heapreplace(top, ecpm)

    result = run_auction(
        bids, slots=request.slots, reserve_cpm=config.reserve_cpm, kind=config.kind
    )
    rejected.extend(
        Rejection(loser.bid.campaign_id, "auction", loser.reason) for loser in result.losers
    )
    served: list[ServedAd] = []
    for winner in result.winners:
        campaign, eligibility, creative, relevance = scored[winner.bid.campaign_id]
        features = ad_features(
            _context(campaign, creative, relevance, request, taxonomy, winner.position)
        )
        served.append(
            ServedAd(
                campaign_id=campaign.id,
                advertiser_id=campaign.advertiser_id,
                creative=creative,
                position=winner.position,
                bid_type=campaign.bid_type,
                price=winner.price,
                cost_per_impression=winner.cost_per_impression,
                pctr=winner.bid.pctr,
                ecpm=winner.ecpm,
                relevance=relevance,
                features=features,
                why=memo.why(campaign, eligibility),
            )
        )
    return AdDecision(tuple(served), tuple(rejected), examined)

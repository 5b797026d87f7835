"""The auction: rank bids by expected value per 1,000 impressions, and price the winners.

A bid's score (eCPM) is ``bid × factor``: for a CPM bid the factor is its quality;
for a CPC bid it is quality × pCTR × 1000 (the expected value of 1,000 impressions).
Bids scoring under the reserve are dropped. In a generalized second-price auction each
winner pays the least that would have kept its position: the next score divided by its
own factor, at least the reserve (in its own bid units), never above its own bid. A
first-price auction charges the bid. Ties break by ad id, so results are deterministic.
Each campaign takes at most one slot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from operator import itemgetter

from chatsignals.domain.campaigns import BidType
from chatsignals.domain.values import quick_init


class AuctionKind(StrEnum):
    SECOND_PRICE = "second-price"
    FIRST_PRICE = "first-price"


@quick_init
@dataclass(frozen=True, slots=True)
class Bid:
    ad_id: str  # campaign id and creative id, as the caller names the ad
    campaign_id: str
    bid_type: BidType
    bid: float  # per 1,000 impressions (CPM) or per click (CPC)
    pctr: float
    quality: float = 1.0

    @property
    def factor(self) -> float:
        """eCPM per unit of bid."""
        if self.bid_type is BidType.CPC:
            return self.quality * self.pctr * 1000.0
        return self.quality

    @property
    def ecpm(self) -> float:
        return self.bid * self.factor


@quick_init
@dataclass(frozen=True, slots=True)
class Winner:
    bid: Bid
    position: int  # 0 for the first slot
    price: float  # in the bid's own units: per 1,000 impressions (CPM) or per click (CPC)
    ecpm: float

    @property
    def cost_per_impression(self) -> float:
        """What one impression costs (CPM); CPC winners pay only on a click."""
        return self.price / 1000.0 if self.bid.bid_type is BidType.CPM else 0.0

    @property
    def cost_per_click(self) -> float:
        return self.price if self.bid.bid_type is BidType.CPC else 0.0


@quick_init
@dataclass(frozen=True, slots=True)
class Loser:
    bid: Bid
    reason: str


@quick_init
@dataclass(frozen=True, slots=True)
class AuctionResult:
    winners: tuple[Winner, ...]
    losers: tuple[Loser, ...]


def run_auction(
    bids: Iterable[Bid],
    *,
    slots: int = 1,
    reserve_cpm: float = 0.0,
    kind: AuctionKind = AuctionKind.SECOND_PRICE,
) -> AuctionResult:
    """Fill up to ``slots`` positions from ``bids``; every bid left out says why."""
    losers: list[Loser] = []
    # Each bid's factor and eCPM are worked out once here (as properties they would be
    # recomputed at every comparison and check below), ranked by eCPM, then ad id.
    scored: list[tuple[float, str, float, Bid]] = []
    for b in bids:
        factor = b.factor
        scored.append((-(b.bid * factor), b.ad_id, factor, b))
    scored.sort(key=itemgetter(0, 1))
    best: dict[str, tuple[float, float, Bid]] = {}  # campaign -> (eCPM, factor, bid), ranked
    for negative, _, factor, bid in scored:
        ecpm = -negative
        if bid.bid <= 0.0 or factor <= 0.0:
            losers.append(Loser(bid, "The bid has no expected value."))
        elif ecpm < reserve_cpm:
            reason = f"eCPM {ecpm:.4f} is below the reserve price {reserve_cpm:.4f}."
            losers.append(Loser(bid, reason))
        elif bid.campaign_id in best:
            losers.append(Loser(bid, "Another ad of the same campaign ranked higher."))
        else:
            best[bid.campaign_id] = (ecpm, factor, bid)
    ranked = list(best.values())  # in rank order, as inserted
    winners: list[Winner] = []
    for position, (ecpm, factor, bid) in enumerate(ranked[: max(slots, 0)]):
        if kind is AuctionKind.FIRST_PRICE:
            price = bid.bid
        else:
            floor = reserve_cpm / factor
            needed = ranked[position + 1][0] / factor if position + 1 < len(ranked) else 0.0
            price = min(bid.bid, max(floor, needed))
        winners.append(Winner(bid, position, price, ecpm))
    for _, _, bid in ranked[max(slots, 0) :]:
        losers.append(Loser(bid, "Outranked: every slot went to a higher eCPM."))
    return AuctionResult(tuple(winners), tuple(losers))

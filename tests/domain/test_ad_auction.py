import pytest

from chatsignals.domain.auction import AuctionKind, Bid, run_auction
from chatsignals.domain.campaigns import BidType


def cpm(ad: str, bid: float, quality: float = 1.0, campaign: str | None = None) -> Bid:
    return Bid(ad, campaign or ad, BidType.CPM, bid, pctr=0.01, quality=quality)


def cpc(ad: str, bid: float, pctr: float, quality: float = 1.0) -> Bid:
    return Bid(ad, ad, BidType.CPC, bid, pctr=pctr, quality=quality)


def test_cpc_ecpm_is_bid_times_pctr_times_1000() -> None:
    assert cpc("a", 0.5, 0.02).ecpm == pytest.approx(10.0)
    assert cpm("b", 4.0, quality=0.5).ecpm == pytest.approx(2.0)


def test_winner_is_the_highest_ecpm() -> None:
    result = run_auction([cpm("a", 3.0), cpc("b", 0.5, 0.02), cpm("c", 8.0)])
    assert [w.bid.ad_id for w in result.winners] == ["b"]


def test_second_price_pays_next_bid_over_quality() -> None:
    result = run_auction([cpm("a", 10.0, quality=2.0), cpm("b", 12.0, quality=1.0)])
    (winner,) = result.winners
    assert winner.bid.ad_id == "a"  # eCPM 20 beats 12
    assert winner.price == pytest.approx(6.0)  # 12 / 2


def test_cpc_winner_pays_per_click_the_minimum_to_keep_its_rank() -> None:
    result = run_auction([cpc("a", 1.0, pctr=0.02), cpm("b", 10.0)])
    (winner,) = result.winners
    assert winner.price == pytest.approx(0.5)  # 10 / (0.02 * 1000)
    assert winner.cost_per_click == pytest.approx(0.5) and winner.cost_per_impression == 0.0


def test_the_price_is_never_above_the_bid_and_at_least_the_reserve() -> None:
    alone = run_auction([cpm("a", 5.0)], reserve_cpm=2.0)
    assert alone.winners[0].price == pytest.approx(2.0)
    tie = run_auction([cpm("a", 5.0), cpm("b", 5.0)])
    assert tie.winners[0].price == pytest.approx(5.0)
    free = run_auction([cpm("a", 5.0)])
    assert free.winners[0].price == 0.0


def test_bids_under_the_reserve_are_dropped_with_a_reason() -> None:
    result = run_auction([cpm("a", 1.0)], reserve_cpm=2.0)
    assert result.winners == () and "reserve" in result.losers[0].reason


def test_reserve_is_converted_to_the_winners_own_bid_units() -> None:
    result = run_auction([cpc("a", 1.0, pctr=0.01)], reserve_cpm=4.0)
    assert result.winners[0].price == pytest.approx(0.4)


def test_first_price_charges_the_bid() -> None:
    result = run_auction([cpm("a", 9.0), cpm("b", 3.0)], kind=AuctionKind.FIRST_PRICE)
    assert result.winners[0].price == 9.0


def test_ties_break_by_ad_id() -> None:
    result = run_auction([cpm("b", 5.0), cpm("a", 5.0), cpm("c", 5.0)], slots=2)
    assert [w.bid.ad_id for w in result.winners] == ["a", "b"]
    assert [w.position for w in result.winners] == [0, 1]


def test_multi_slot_prices_follow_the_next_rank_down() -> None:
    result = run_auction([cpm("a", 10.0), cpm("b", 8.0), cpm("c", 5.0)], slots=2, reserve_cpm=1.0)
    assert [w.price for w in result.winners] == [pytest.approx(8.0), pytest.approx(5.0)]
    assert [loser.bid.ad_id for loser in result.losers] == ["c"]


def test_one_campaign_takes_at_most_one_slot() -> None:
    result = run_auction(
        [cpm("x1", 10.0, campaign="x"), cpm("x2", 9.0, campaign="x"), cpm("y", 1.0)], slots=2
    )
    assert [w.bid.ad_id for w in result.winners] == ["x1", "y"]
    assert any("same campaign" in loser.reason for loser in result.losers)


def test_nothing_to_sell_gives_no_winner() -> None:
    assert run_auction([]).winners == ()

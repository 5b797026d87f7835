from datetime import UTC, datetime

from chatsignals.domain.campaigns import BidType, Campaign, Creative, PacingMode, Targeting
from chatsignals.domain.ctr import LogisticCtrModel
from chatsignals.domain.delivery import AdRequest, decide_ads
from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.targeting import AdIndex, DeliveryState, Viewer
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()
NOW = datetime(2026, 1, 10, 15, tzinfo=UTC)


def entry(topic: str, weight: float = 1.0) -> ProfileEntry:
    node = TAX.get(topic)
    ev = Evidence(SourceKind.CHAT, "m1", datetime(2026, 1, 9, tzinfo=UTC), weight)
    return ProfileEntry(topic, node.name, node.tier1, weight, (ev,))


def campaign(
    cid: str,
    bid: float,
    interests: tuple[str, ...] = (),
    categories: tuple[str, ...] = ("483",),
    bid_type: BidType = BidType.CPM,
) -> Campaign:
    return Campaign(
        cid,
        "adv",
        cid,
        bid_type,
        bid,
        100.0,
        1000.0,
        datetime(2026, 1, 1, tzinfo=UTC),
        None,
        (Creative(f"{cid}-cr", cid, "", "https://i/x", "https://l/x", categories),),
        Targeting(interests=interests),
        pacing=PacingMode.ASAP,
    )


INDEX = AdIndex.build(
    [
        campaign("sports", 6.0, interests=("483",)),
        campaign("cooking", 9.0, interests=("216",), categories=("216",)),
        campaign("generic", 4.0),
        campaign("beer", 20.0, categories=("211",)),
    ],
    TAX,
)
ADULT = Viewer("p1", 30, "US", profile=(entry("533"),))
TEEN = Viewer("t1", 15, "US", profile=(entry("533"),))


def decide(viewer: Viewer, slots: int = 1, state: DeliveryState = DeliveryState()):  # type: ignore[no-untyped-def]
    return decide_ads(
        viewer,
        AdRequest("req-1", "facebook", NOW, slots),
        index=INDEX,
        taxonomy=TAX,
        model=LogisticCtrModel(),
        state_of=lambda _cid: state,
    )


def test_an_adult_sees_the_best_ad_among_matching_and_untargeted_ones() -> None:
    decision = decide(ADULT, slots=2)
    assert [ad.campaign_id for ad in decision.served] == ["beer", "sports"]
    assert decision.served[0].price == 6.0  # pays the runner-up's eCPM
    assert decision.candidates == 3  # cooking is never even looked at
    sports = decision.served[1]
    assert [w.to_json()["source"] for w in sports.why] == ["chat"]
    assert sports.features["position"] == 1.0 and sports.cost_per_impression > 0


def test_a_teen_gets_neither_interest_targeting_nor_restricted_products() -> None:
    decision = decide(TEEN, slots=3)
    assert [ad.campaign_id for ad in decision.served] == ["generic"]
    assert decision.served[0].relevance == 0.0
    codes = {r.campaign_id: r.code for r in decision.rejected}
    assert codes == {"beer": "minor-restricted-category"}


def test_capped_campaigns_are_rejected_with_reasons() -> None:
    decision = decide(ADULT, state=DeliveryState(impressions_today=3))
    assert decision.served == ()
    assert {r.code for r in decision.rejected} == {"frequency-cap"}


def test_served_ads_serialize_with_their_why() -> None:
    ad = decide(ADULT).served[0].to_json()
    assert ad["campaign_id"] == "beer" and ad["why"] == [{"source": "untargeted"}]

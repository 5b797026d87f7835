from dataclasses import replace
from datetime import UTC, datetime

from chatsignals.domain.campaigns import (
    BidType,
    Campaign,
    CampaignStatus,
    Creative,
    PacingMode,
    Targeting,
)
from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.targeting import (
    AdIndex,
    DeliveryState,
    IneligibleCode,
    MinorRestriction,
    Viewer,
    check_eligibility,
    minor_restriction_of,
)
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)


def entry(topic: str, weight: float = 1.0, source: str = "m1") -> ProfileEntry:
    node = TAX.get(topic)
    ev = Evidence(SourceKind.CHAT, source, datetime(2026, 1, 9, tzinfo=UTC), weight)
    return ProfileEntry(topic, node.name, node.tier1, weight, (ev,))


def campaign(
    cid: str = "c1",
    interests: tuple[str, ...] = (),
    categories: tuple[str, ...] = ("483",),
    **kw: object,
) -> Campaign:
    targeting = kw.pop("targeting", Targeting(interests=interests))
    kw.setdefault("pacing", PacingMode.ASAP)
    kw.setdefault("start", datetime(2026, 1, 1, tzinfo=UTC))
    kw.setdefault("end", None)
    return Campaign(
        id=cid,
        advertiser_id="a1",
        name=cid,
        bid_type=BidType.CPM,
        bid=5.0,
        daily_budget=100.0,
        total_budget=1000.0,
        creatives=(Creative(f"{cid}-cr", "t", "b", "https://i/x", "https://l/x", categories),),
        targeting=targeting,  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


ADULT = Viewer("p1", 30, "US", profile=(entry("533"), entry("216", 0.5)))
TEEN = Viewer("t1", 15, "US", profile=(entry("533"),))


def codes(c: Campaign, v: Viewer, state: DeliveryState = DeliveryState()) -> set[IneligibleCode]:
    return {r.code for r in check_eligibility(c, v, taxonomy=TAX, now=NOW, state=state).reasons}


def test_targeting_a_node_matches_interest_in_its_descendants() -> None:
    result = check_eligibility(campaign(interests=("483",)), ADULT, taxonomy=TAX, now=NOW)
    assert result.eligible
    assert [(m.category, m.entry.topic) for m in result.matches] == [("483", "533")]


def test_interest_in_a_parent_does_not_match_targeting_of_a_child() -> None:
    viewer = Viewer("p2", 30, "US", profile=(entry("483"),))
    assert codes(campaign(interests=("533",)), viewer) == {IneligibleCode.NO_INTEREST_MATCH}


def test_teens_get_no_interest_targeted_ads() -> None:
    assert codes(campaign(interests=("483",)), TEEN) == {IneligibleCode.MINOR_INTEREST_TARGETING}


def test_teens_get_ads_targeted_by_age_and_location_only() -> None:
    c = campaign(targeting=Targeting(countries=("US",), min_age=13, max_age=17))
    assert check_eligibility(c, TEEN, taxonomy=TAX, now=NOW).eligible


def test_unknown_age_is_treated_as_a_minor() -> None:
    viewer = Viewer("u", None, "US", profile=(entry("533"),))
    assert viewer.is_minor and viewer.usable_profile == ()
    assert IneligibleCode.MINOR_INTEREST_TARGETING in codes(campaign(interests=("483",)), viewer)


def test_alcohol_gambling_weight_loss_and_financial_ads_never_reach_minors() -> None:
    for category in ("211", "181", "480", "231", "406", "410", "Rm3SiT"):
        c = campaign(categories=(category,))
        assert codes(c, TEEN) == {IneligibleCode.MINOR_RESTRICTED}, category
        assert check_eligibility(c, ADULT, taxonomy=TAX, now=NOW).eligible, category


def test_minor_restriction_names_the_kind_of_product() -> None:
    assert minor_restriction_of(TAX, ("483", "211")) == ("211", MinorRestriction.ALCOHOL)
    assert minor_restriction_of(TAX, ("524",)) == ("524", MinorRestriction.GAMBLING)
    assert minor_restriction_of(TAX, ("483",)) is None


def test_a_restricted_creative_is_dropped_but_a_safe_one_remains_for_teens() -> None:
    c = replace(
        campaign(),
        creatives=(
            Creative("beer", "t", "b", "https://i/x", "https://l/x", ("211",)),
            Creative("soda", "t", "b", "https://i/x", "https://l/x", ("222",)),
        ),
    )
    result = check_eligibility(c, TEEN, taxonomy=TAX, now=NOW)
    assert result.eligible and [cr.id for cr in result.creatives] == ["soda"]


def test_an_ad_about_a_hidden_topic_or_its_descendant_is_never_shown() -> None:
    viewer = Viewer("p", 30, "US", profile=(entry("216"),), hidden=frozenset({"483"}))
    result = check_eligibility(campaign(categories=("533",)), viewer, taxonomy=TAX, now=NOW)
    assert {r.code for r in result.reasons} == {IneligibleCode.HIDDEN_TOPIC}
    assert "Sports" in result.reasons[0].reason


def test_targeting_matched_only_through_a_hidden_topic_is_ineligible() -> None:
    viewer = Viewer("p", 30, "US", profile=(entry("533"),), hidden=frozenset({"533"}))
    c = campaign(interests=("483",), categories=("216",))
    assert codes(c, viewer) == {IneligibleCode.HIDDEN_TOPIC}


def test_country_and_age_targeting_are_enforced() -> None:
    c = campaign(targeting=Targeting(countries=("CA",), min_age=40))
    assert codes(c, ADULT) == {IneligibleCode.COUNTRY, IneligibleCode.AGE}


def test_schedule_and_status_are_enforced() -> None:
    assert codes(campaign(start=datetime(2026, 2, 1, tzinfo=UTC)), ADULT) == {
        IneligibleCode.NOT_STARTED
    }
    assert codes(campaign(end=datetime(2026, 1, 10, tzinfo=UTC)), ADULT) == {IneligibleCode.ENDED}
    assert codes(campaign(status=CampaignStatus.PAUSED), ADULT) == {IneligibleCode.NOT_ACTIVE}


def test_budgets_and_frequency_cap_are_enforced() -> None:
    c = campaign()
    assert codes(c, ADULT, DeliveryState(spent_today=100.0)) == {IneligibleCode.DAILY_BUDGET}
    assert codes(c, ADULT, DeliveryState(spent_total=999.999)) == {IneligibleCode.TOTAL_BUDGET}
    assert codes(c, ADULT, DeliveryState(impressions_today=3)) == {IneligibleCode.FREQUENCY_CAP}
    assert check_eligibility(
        c, ADULT, taxonomy=TAX, now=NOW, state=DeliveryState(impressions_today=2)
    ).eligible


def test_even_pacing_holds_back_a_campaign_ahead_of_the_clock() -> None:
    c = campaign(pacing=PacingMode.EVEN)
    # At noon half the daily budget (50) is allowed, plus 10 % slack.
    assert codes(c, ADULT, DeliveryState(spent_today=40.0)) == set()
    assert codes(c, ADULT, DeliveryState(spent_today=61.0)) == {IneligibleCode.PACING}


def test_every_ineligibility_reason_is_a_sentence() -> None:
    result = check_eligibility(
        campaign(interests=("483",), categories=("211",)), TEEN, taxonomy=TAX, now=NOW
    )
    assert len(result.reasons) == 2
    for reason in result.reasons:
        assert reason.reason.endswith(".")
        assert set(reason.to_json()) == {"code", "reason"}


def test_index_returns_campaigns_targeting_any_ancestor_of_profile_topics() -> None:
    index = AdIndex.build(
        [
            campaign("sports", interests=("483",)),
            campaign("soccer", interests=("533",)),
            campaign("basket", interests=("547",)),
            campaign("cooking", interests=("216",)),
            campaign("travel", interests=("653",)),
            campaign("anyone"),
            campaign("canada", targeting=Targeting(countries=("CA",))),
            campaign("us", targeting=Targeting(countries=("US",))),
        ],
        TAX,
    )
    got = [c.id for c in index.candidates(ADULT)]
    assert got == ["anyone", "cooking", "soccer", "sports", "us"]


def test_index_gives_minors_only_untargeted_candidates() -> None:
    index = AdIndex.build([campaign("sports", interests=("483",)), campaign("anyone")], TAX)
    assert [c.id for c in index.candidates(TEEN)] == ["anyone"]


def test_index_add_replaces_and_paused_campaigns_leave_it() -> None:
    index = AdIndex.build([campaign("x", interests=("483",))], TAX)
    index.add(campaign("x", interests=("216",)))
    viewer = Viewer("p", 30, "US", profile=(entry("533"),))
    assert index.candidates(viewer) == ()
    index.add(campaign("y", interests=("483",), status=CampaignStatus.PAUSED))
    assert "y" not in index and len(index) == 1
    index.remove("x")
    assert len(index) == 0


def test_index_scales_to_many_campaigns_while_touching_few() -> None:
    many = [campaign(f"c{i:05d}", interests=("216",)) for i in range(5000)]
    many.append(campaign("needle", interests=("533",)))
    index = AdIndex.build(many, TAX)
    viewer = Viewer("p", 30, "US", profile=(entry("547"), entry("533")))
    assert [c.id for c in index.candidates(viewer)] == ["needle"]

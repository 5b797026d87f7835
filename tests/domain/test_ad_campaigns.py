from dataclasses import replace
from datetime import UTC, datetime

import pytest

from chatsignals.domain.campaigns import (
    Advertiser,
    BidType,
    Campaign,
    Creative,
    Targeting,
    validate_advertiser,
    validate_campaign,
    validate_targeting,
)
from chatsignals.domain.errors import DomainError, ValidationError
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()
NOW = datetime(2026, 1, 10, 12, tzinfo=UTC)


def creative(cid: str = "cr1", categories: tuple[str, ...] = ("483",)) -> Creative:
    return Creative(
        cid,
        "Trail boots",
        "Light and dry.",
        "https://img.example/b.png",
        "https://shop.example/b",
        categories,
    )


def campaign(**changes: object) -> Campaign:
    base = Campaign(
        id="c1",
        advertiser_id="a1",
        name="Boots",
        bid_type=BidType.CPM,
        bid=4.0,
        daily_budget=50.0,
        total_budget=500.0,
        start=datetime(2026, 1, 1, tzinfo=UTC),
        end=datetime(2026, 2, 1, tzinfo=UTC),
        creatives=(creative(),),
        targeting=Targeting(interests=("483",), countries=("us",), min_age=18, max_age=65),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def field_of(c: Campaign) -> str:
    with pytest.raises(ValidationError) as info:
        validate_campaign(c, taxonomy=TAX, now=NOW)
    return info.value.field


def test_valid_campaign_is_returned_with_countries_upper_cased() -> None:
    out = validate_campaign(campaign(), taxonomy=TAX, now=NOW)
    assert out.targeting.countries == ("US",)


def test_validation_error_is_a_domain_error_naming_its_field() -> None:
    err = ValidationError("bid", "must be positive")
    assert isinstance(err, DomainError)
    assert err.to_json() == {"field": "bid", "message": "must be positive"}


@pytest.mark.parametrize("bid", [0.0, -1.0, float("nan"), float("inf")])
def test_zero_negative_or_non_finite_bids_are_refused(bid: float) -> None:
    assert field_of(campaign(bid=bid)) == "bid"


def test_non_positive_budgets_are_refused() -> None:
    assert field_of(campaign(daily_budget=0.0)) == "daily_budget"
    assert field_of(campaign(total_budget=-5.0)) == "total_budget"


def test_daily_budget_above_total_is_refused() -> None:
    assert field_of(campaign(daily_budget=600.0)) == "daily_budget"


def test_a_cpc_bid_above_the_daily_budget_is_refused() -> None:
    assert field_of(campaign(bid_type=BidType.CPC, bid=60.0)) == "bid"


def test_schedule_ending_in_the_past_is_refused() -> None:
    assert field_of(campaign(end=datetime(2026, 1, 5, tzinfo=UTC))) == "end"


def test_schedule_ending_before_it_starts_is_refused() -> None:
    c = campaign(start=datetime(2026, 3, 1, tzinfo=UTC), end=datetime(2026, 2, 1, tzinfo=UTC))
    assert field_of(c) == "end"


def test_naive_datetimes_are_refused() -> None:
    assert field_of(campaign(start=datetime(2026, 1, 1))) == "start"


def test_open_ended_schedule_is_accepted() -> None:
    assert validate_campaign(campaign(end=None), taxonomy=TAX, now=NOW).end is None


def test_frequency_cap_below_one_is_refused() -> None:
    assert field_of(campaign(frequency_cap=0)) == "frequency_cap"


def test_unknown_targeting_category_is_refused() -> None:
    c = campaign(targeting=Targeting(interests=("nope",)))
    assert field_of(c) == "targeting.interests[0]"


@pytest.mark.parametrize(
    "topic",
    [
        "286",
        "301",
        "453",
        "386",
        "457",
        "228",
    ],  # Medical Health, Mental Health, Religion, Politics, Atheism, Men's Health
)
def test_interest_targeting_on_a_sensitive_category_is_refused(topic: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_targeting(Targeting(interests=("483", topic)), TAX)
    assert info.value.field == "targeting.interests[1]"
    assert "sensitive" in info.value.message


def test_interest_targeting_on_brand_safety_topics_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        validate_targeting(Targeting(interests=("HxqYV1",)), TAX)
    assert "brand-safety" in info.value.message


def test_min_age_above_max_age_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        validate_targeting(Targeting(min_age=40, max_age=30), TAX)
    assert info.value.field == "targeting.min_age"


def test_ages_under_thirteen_are_refused() -> None:
    with pytest.raises(ValidationError) as info:
        validate_targeting(Targeting(min_age=8), TAX)
    assert info.value.field == "targeting.min_age"


def test_bad_country_code_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        validate_targeting(Targeting(countries=("USA",)), TAX)
    assert info.value.field == "targeting.countries[0]"


def test_creatives_need_known_categories_and_http_urls() -> None:
    assert (
        field_of(campaign(creatives=(creative(categories=("zz",)),)))
        == "creatives[0].categories[0]"
    )
    assert field_of(campaign(creatives=(creative(categories=()),))) == "creatives[0].categories"
    bad_url = replace(creative(), landing_url="javascript:alert(1)")
    assert field_of(campaign(creatives=(bad_url,))) == "creatives[0].landing_url"
    assert field_of(campaign(creatives=())) == "creatives"


def test_duplicate_creative_ids_are_refused() -> None:
    assert field_of(campaign(creatives=(creative(), creative()))) == "creatives[1].id"


def test_a_creative_may_advertise_a_health_product_without_targeting_health() -> None:
    c = campaign(creatives=(creative(categories=("229",)),), targeting=Targeting())
    assert validate_campaign(c, taxonomy=TAX, now=NOW).creatives[0].categories == ("229",)


def test_max_charge_is_per_impression_for_cpm_and_per_click_for_cpc() -> None:
    assert campaign(bid=4.0).max_charge == pytest.approx(0.004)
    assert campaign(bid_type=BidType.CPC, bid=0.5).max_charge == 0.5
    # Worked out as the campaign is made: a changed copy has its own, and it is no field
    # to compare or show.
    cpm = campaign(bid=4.0)
    assert replace(cpm, bid_type=BidType.CPC, bid=0.75).max_charge == 0.75
    assert replace(cpm, bid=8.0).max_charge == pytest.approx(0.008)
    assert "max_charge" not in repr(cpm)


def test_advertiser_needs_a_name() -> None:
    with pytest.raises(ValidationError):
        validate_advertiser(Advertiser("a1", " "))
    assert validate_advertiser(Advertiser("a1", "Acme")).name == "Acme"


def test_age_targeting_matches_inclusive_bounds_and_refuses_unknown_ages() -> None:
    t = Targeting(min_age=18, max_age=30)
    assert t.age_matches(18) and t.age_matches(30)
    assert not t.age_matches(31) and not t.age_matches(None)
    assert Targeting().age_matches(None)

"""Advertisers, campaigns, creatives and targeting: values and the rules they must satisfy.

Money is in the advertiser's currency as a float: a CPM bid is the price of 1,000
impressions, a CPC bid the price of one click. Times are timezone-aware; a "day" for
budgets and frequency caps is a UTC calendar day.

Interest targeting names IAB Content Taxonomy 3.1 nodes and matches the node and
everything below it. Targeting any of the seven sensitive categories (or the IAB's
brand-safety "Sensitive Topics" branch) is refused: people are never sorted for ads by
health, religion, politics and the like.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from chatsignals.domain.errors import ValidationError
from chatsignals.domain.sensitive import SENSITIVE_LABELS, sensitive_category_of_topic
from chatsignals.domain.taxonomy import Taxonomy

# The IAB's brand-safety branch (adult content, arms, crime, hate speech, drugs...).
BRAND_SAFETY_ROOT = "v9i3On"
MIN_AUDIENCE_AGE = 13
MAX_AUDIENCE_AGE = 120
MAX_TITLE_CHARS = 120
MAX_BODY_CHARS = 1000
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class BidType(StrEnum):
    CPM = "cpm"  # pays per 1,000 impressions
    CPC = "cpc"  # pays per click


class CampaignStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ARCHIVED = "archived"


class PacingMode(StrEnum):
    EVEN = "even"  # spread the daily budget over the day
    ASAP = "asap"  # spend as fast as the auctions allow


@dataclass(frozen=True, slots=True)
class Advertiser:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Targeting:
    """Who may see a campaign. Empty interests: untargeted; empty countries: everywhere."""

    interests: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None

    @property
    def has_interests(self) -> bool:
        return bool(self.interests)

    def age_matches(self, age: int | None) -> bool:
        """Unknown ages match only campaigns without an age range."""
        if self.min_age is None and self.max_age is None:
            return True
        if age is None:
            return False
        if self.min_age is not None and age < self.min_age:
            return False
        return not (self.max_age is not None and age > self.max_age)

    def country_matches(self, country: str) -> bool:
        return not self.countries or country.upper() in self.countries


@dataclass(frozen=True, slots=True)
class Creative:
    """What is shown, and what it advertises (``categories``: taxonomy node ids).

    ``image_url`` is optional: a text-only ad, or one whose image the app draws itself.
    """

    id: str
    title: str
    body: str
    image_url: str | None
    landing_url: str
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    advertiser_id: str
    name: str
    bid_type: BidType
    bid: float
    daily_budget: float
    total_budget: float
    start: datetime
    end: datetime | None
    creatives: tuple[Creative, ...]
    targeting: Targeting = Targeting()
    frequency_cap: int = 3  # impressions per person per UTC day
    status: CampaignStatus = CampaignStatus.ACTIVE
    pacing: PacingMode = PacingMode.EVEN
    # The most one event can cost: one impression (CPM) or one click (CPC). Worked out
    # once: every candidate of every ad decision reads it, and the ledger at each charge.
    max_charge: float = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        charge = self.bid / 1000.0 if self.bid_type is BidType.CPM else self.bid
        object.__setattr__(self, "max_charge", charge)

    def creative(self, creative_id: str) -> Creative:
        for creative in self.creatives:
            if creative.id == creative_id:
                return creative
        raise KeyError(f"campaign {self.id!r} has no creative {creative_id!r}")


def _require_text(field: str, value: str, limit: int | None = None) -> None:
    if not value or not value.strip():
        raise ValidationError(field, "must not be empty")
    if limit is not None and len(value) > limit:
        raise ValidationError(field, f"must be at most {limit} characters")


def _require_positive(field: str, value: float) -> None:
    if isinstance(value, bool) or not math.isfinite(value) or value <= 0:
        raise ValidationError(field, f"must be a positive amount, got {value!r}")


def _require_url(field: str, value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError(field, f"must be an absolute http(s) URL, got {value!r}")


def _require_aware(field: str, value: datetime) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, "must carry a time zone (UTC recommended)")


def validate_advertiser(advertiser: Advertiser) -> Advertiser:
    _require_text("id", advertiser.id)
    _require_text("name", advertiser.name, 200)
    return advertiser


def refuse_targeting_reason(taxonomy: Taxonomy, topic: str) -> str | None:
    """Why ``topic`` may not be used for interest targeting, or None when it may."""
    if topic not in taxonomy:
        return f"unknown IAB Content Taxonomy 3.1 category {topic!r}"
    category = sensitive_category_of_topic(taxonomy, topic)
    name = taxonomy.get(topic).name
    if category is not None:
        return (
            f"'{name}' ({topic}) is about {SENSITIVE_LABELS[category]}, a sensitive category; "
            "ads are never targeted by it"
        )
    if taxonomy.is_within(topic, BRAND_SAFETY_ROOT):
        return f"'{name}' ({topic}) is a brand-safety category and cannot be targeted"
    return None


def validate_targeting(targeting: Targeting, taxonomy: Taxonomy) -> Targeting:
    """Return the targeting with country codes upper-cased; raise on anything refused."""
    for i, topic in enumerate(targeting.interests):
        reason = refuse_targeting_reason(taxonomy, topic)
        if reason is not None:
            raise ValidationError(f"targeting.interests[{i}]", reason)
    if len(set(targeting.interests)) != len(targeting.interests):
        raise ValidationError("targeting.interests", "lists a category twice")
    countries = tuple(c.strip().upper() for c in targeting.countries)
    for i, country in enumerate(countries):
        if not _COUNTRY.match(country):
            raise ValidationError(
                f"targeting.countries[{i}]", f"must be an ISO 3166-1 alpha-2 code, got {country!r}"
            )
    for field, age in (
        ("targeting.min_age", targeting.min_age),
        ("targeting.max_age", targeting.max_age),
    ):
        if age is not None and not MIN_AUDIENCE_AGE <= age <= MAX_AUDIENCE_AGE:
            raise ValidationError(
                field, f"must be between {MIN_AUDIENCE_AGE} and {MAX_AUDIENCE_AGE}, got {age}"
            )
    if (
        targeting.min_age is not None
        and targeting.max_age is not None
        and targeting.min_age > targeting.max_age
    ):
        raise ValidationError(
            "targeting.min_age",
            f"min_age {targeting.min_age} is greater than max_age {targeting.max_age}",
        )
    return Targeting(targeting.interests, countries, targeting.min_age, targeting.max_age)


def validate_creative(creative: Creative, taxonomy: Taxonomy, field: str = "creative") -> Creative:
    _require_text(f"{field}.id", creative.id)
    _require_text(f"{field}.title", creative.title, MAX_TITLE_CHARS)
    if len(creative.body) > MAX_BODY_CHARS:
        raise ValidationError(f"{field}.body", f"must be at most {MAX_BODY_CHARS} characters")
    if creative.image_url is not None:
        _require_url(f"{field}.image_url", creative.image_url)
    _require_url(f"{field}.landing_url", creative.landing_url)
    if not creative.categories:
        raise ValidationError(
            f"{field}.categories", "name at least one category of what is advertised"
        )
    for i, topic in enumerate(creative.categories):
        if topic not in taxonomy:
            raise ValidationError(
                f"{field}.categories[{i}]", f"unknown IAB Content Taxonomy 3.1 category {topic!r}"
            )
    return creative


def validate_campaign(campaign: Campaign, *, taxonomy: Taxonomy, now: datetime) -> Campaign:
    """Check every rule a campaign must satisfy at ``now``; return it normalized.

    Raises :class:`ValidationError` naming the first offending field.
    """
    _require_text("id", campaign.id)
    _require_text("advertiser_id", campaign.advertiser_id)
    _require_text("name", campaign.name, 200)
    _require_positive("bid", campaign.bid)
    _require_positive("daily_budget", campaign.daily_budget)
    _require_positive("total_budget", campaign.total_budget)
    if campaign.daily_budget > campaign.total_budget:
        raise ValidationError("daily_budget", "must not exceed the total budget")
    if campaign.max_charge > campaign.daily_budget:
        raise ValidationError(
            "bid", "one impression or click would cost more than the daily budget"
        )
    if isinstance(campaign.frequency_cap, bool) or campaign.frequency_cap < 1:
        raise ValidationError("frequency_cap", "must allow at least one impression a day")
    _require_aware("start", campaign.start)
    if campaign.end is not None:
        _require_aware("end", campaign.end)
        if campaign.end <= campaign.start:
            raise ValidationError("end", "must be after the start")
        if campaign.end <= now:
            raise ValidationError("end", "the schedule ends in the past")
    if not campaign.creatives:
        raise ValidationError("creatives", "a campaign needs at least one creative")
    seen: set[str] = set()
    for i, creative in enumerate(campaign.creatives):
        validate_creative(creative, taxonomy, f"creatives[{i}]")
        if creative.id in seen:
            raise ValidationError(f"creatives[{i}].id", f"duplicate creative id {creative.id!r}")
        seen.add(creative.id)
    targeting = validate_targeting(campaign.targeting, taxonomy)
    return Campaign(
        id=campaign.id,
        advertiser_id=campaign.advertiser_id,
        name=campaign.name,
        bid_type=campaign.bid_type,
        bid=float(campaign.bid),
        daily_budget=float(campaign.daily_budget),
        total_budget=float(campaign.total_budget),
        start=campaign.start,
        end=campaign.end,
        creatives=campaign.creatives,
        targeting=targeting,
        frequency_cap=campaign.frequency_cap,
        status=campaign.status,
        pacing=campaign.pacing,
    )

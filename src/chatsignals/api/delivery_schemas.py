"""Request bodies of the advertiser and delivery routes.

Shapes only: amounts, schedules, categories and targeting are judged by the domain's
campaign rules, so the API and the simulator refuse the same things with the same words.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, StrictFloat, StrictInt, StringConstraints

from chatsignals.api.schemas import Body, Id, TopicId

Amount = StrictFloat  # JSON numbers, whole or not; never strings
Url = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Country = Annotated[str, StringConstraints(min_length=1, max_length=8)]


class AdvertiserIn(Body):
    id: Id
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]


class TargetingIn(Body):
    interests: list[TopicId] = Field(default_factory=list, max_length=50)
    countries: list[Country] = Field(default_factory=list, max_length=250)
    min_age: StrictInt | None = None
    max_age: StrictInt | None = None


class CreativeIn(Body):
    id: Id
    title: Annotated[str, StringConstraints(max_length=500)]
    body: Annotated[str, StringConstraints(max_length=5000)] = ""
    image_url: Url | None = None
    landing_url: Url
    categories: list[TopicId] = Field(default_factory=list, max_length=20)


class CampaignIn(Body):
    id: Id
    name: Annotated[str, StringConstraints(max_length=500)]
    bid_type: Literal["cpm", "cpc"] = "cpm"
    bid: Amount = Field(description="Per 1,000 impressions (cpm) or per click (cpc).")
    total_budget: Amount
    daily_budget: Amount | None = Field(default=None, description="Default: the total budget.")
    start: AwareDatetime | None = Field(default=None, description="Default: now.")
    end: AwareDatetime | None = None
    frequency_cap: StrictInt = Field(default=3, description="Impressions per person per UTC day.")
    status: Literal["active", "paused"] = "active"
    pacing: Literal["even", "asap"] = "even"
    targeting: TargetingIn = Field(default_factory=TargetingIn)
    creatives: list[CreativeIn] = Field(min_length=1, max_length=20)


class CampaignPatch(Body):
    """Only the fields sent change; the result must pass every rule a new campaign must."""

    name: Annotated[str, StringConstraints(max_length=500)] | None = None
    bid_type: Literal["cpm", "cpc"] | None = None
    bid: Amount | None = None
    total_budget: Amount | None = None
    daily_budget: Amount | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    frequency_cap: StrictInt | None = None
    status: Literal["active", "paused", "archived"] | None = None
    pacing: Literal["even", "asap"] | None = None
    targeting: TargetingIn | None = None


class ClickIn(Body):
    impression: Id
    at: AwareDatetime | None = None


class BidRequestIn(Body):
    account: Id
    request: dict[str, object] = Field(description="An OpenRTB 2.6 bid request.")

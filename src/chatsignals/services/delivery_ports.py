"""Storage the ad and feed services need: advertisers, campaigns, spend, impressions,
the CTR model and the content catalog as feeds read it.

Like every port, these never commit; the unit of work does. One contract suite
(``tests/contract/test_delivery_repositories.py``) runs against every implementation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from chatsignals.domain.campaigns import Advertiser, Campaign
from chatsignals.domain.interactions import ContentItem
from chatsignals.domain.reporting import CellTotals
from chatsignals.domain.values import quick_init

JSONObject = dict[str, Any]  # a JSON object, as json.loads gives it


@dataclass(frozen=True, slots=True)
class CampaignSpend:
    """What a campaign was charged: on one UTC day, and in all."""

    campaign_id: str
    spent_today: float
    spent_total: float


@quick_init
@dataclass(frozen=True, slots=True)
class SpendCharge:
    campaign_id: str
    day: date
    amount: float
    impressions: int = 0
    clicks: int = 0


@quick_init
@dataclass(frozen=True, slots=True)
class StoredImpression:
    """One ad (``kind="ad"``) or feed item (``kind="item"``) shown to one person."""

    id: str
    request_id: str
    account_id: str
    person: str  # the identity: the Accounts Center, or the account alone
    app: str
    kind: str
    position: int
    why: list[JSONObject]
    at: datetime
    advertiser_id: str | None = None
    campaign_id: str | None = None
    creative_id: str | None = None
    item_id: str | None = None
    bid_type: str | None = None
    price: float | None = None
    cost: float = 0.0
    click_cost: float = 0.0
    features: dict[str, float] | None = None
    clicked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Follows:
    """Followed items and authors, each with the ``follow`` engagements behind it."""

    items: dict[str, tuple[str, ...]]
    authors: dict[str, tuple[str, ...]]


class AdvertiserRepository(ABC):
    @abstractmethod
    def add(self, advertiser: Advertiser, at: datetime) -> None: ...

    @abstractmethod
    def get(self, advertiser_id: str) -> Advertiser | None: ...

    @abstractmethod
    def list(self) -> list[Advertiser]:
        """Every advertiser, by id."""


class CampaignRepository(ABC):
    @abstractmethod
    def add(self, campaign: Campaign, at: datetime) -> None:
        """Store a new campaign with its creatives."""

    @abstractmethod
    def replace(self, campaign: Campaign, at: datetime) -> None:
        """Overwrite a stored campaign (and its creatives); marks it changed at ``at``."""

    @abstractmethod
    def get(self, campaign_id: str) -> Campaign | None: ...

    @abstractmethod
    def for_advertiser(self, advertiser_id: str) -> list[Campaign]:
        """The advertiser's campaigns, by id."""

    @abstractmethod
    def changed_since(
        self, since: datetime | None, known: Collection[tuple[str, int]] = ()
    ) -> tuple[list[Campaign], datetime | None, frozenset[tuple[str, int]]]:
        """Campaigns changed after ``since`` (all when None), and those changed at
        ``since`` whose (id, revision) is not in ``known`` (read already); then the
        latest change, and the (id, revision) of the campaigns changed then: ``known``
        for the next call."""


class SpendRepository(ABC):
    @abstractmethod
    def charge(
        self, campaign_id: str, day: date, amount: float, *, impressions: int = 0, clicks: int = 0
    ) -> None:
        """Add to the campaign's spend for ``day`` and in total."""

    @abstractmethod
    def charge_many(self, charges: Sequence[SpendCharge]) -> None:
        """:meth:`charge` for many (campaign, day) pairs at once, each at most once."""

    @abstractmethod
    def spend(self, day: date, campaign_ids: Sequence[str] | None = None) -> list[CampaignSpend]:
        """Spend on ``day`` and in total of the given campaigns (all that spent when None)."""


class ImpressionRepository(ABC):
    @abstractmethod
    def add_many(self, impressions: Sequence[StoredImpression]) -> None: ...

    @abstractmethod
    def get(self, impression_id: str) -> StoredImpression | None: ...

    @abstractmethod
    def mark_clicked(self, impression_id: str, at: datetime, click_cost: float) -> bool:
        """Record the first click; False when it was already clicked (nothing changes)."""

    @abstractmethod
    def ads_seen_by(self, people: Sequence[str], day: date) -> dict[str, dict[str, int]]:
        """Per person and campaign, how many ads of it the person was shown on ``day``
        (people shown none are left out)."""

    @abstractmethod
    def report_cells(self, advertiser_id: str, first: date, last: date) -> list[CellTotals]:
        """True totals per (day, campaign) of the advertiser's ads, ``reach`` counting
        distinct people. Aggregates only; callers suppress small cells."""


class CtrModelRepository(ABC):
    @abstractmethod
    def get(self, name: str) -> JSONObject | None: ...

    @abstractmethod
    def put(self, name: str, model: JSONObject, at: datetime) -> None: ...


class FeedRepository(ABC):
    @abstractmethod
    def items_for_app(self, app: str) -> list[ContentItem]:
        """Catalog items shown in ``app``: those of that app and those of no app."""

    @abstractmethod
    def count_for_app(self, app: str) -> int:
        """How many items :meth:`items_for_app` would give (items are only added, so an
        unchanged count means an unchanged catalog)."""

    @abstractmethod
    def follows(self, account_ids: Sequence[str]) -> Follows:
        """What the accounts follow: a ``follow`` engagement on a group follows the group;
        on a post or reel it follows the item's author (or the item when it has none)."""

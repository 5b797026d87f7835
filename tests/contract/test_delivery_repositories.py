"""The delivery repositories' contract, run against every store: SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.domain.accounts import Account
from chatsignals.domain.campaigns import (
    Advertiser,
    BidType,
    Campaign,
    CampaignStatus,
    Creative,
    Targeting,
)
from chatsignals.domain.interactions import ContentItem, Engagement, EngagementKind
from chatsignals.services.delivery_ports import SpendCharge, StoredImpression
from chatsignals.services.ports import UnitOfWork

T = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)
DAY = date(2025, 12, 17)


@pytest.fixture
def uow(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: SqlUnitOfWork(engine)


def _campaign(cid: str = "c1", advertiser: str = "adv", **changes: object) -> Campaign:
    campaign = Campaign(
        id=cid,
        advertiser_id=advertiser,
        name="Boots",
        bid_type=BidType.CPM,
        bid=4.0,
        daily_budget=10.0,
        total_budget=100.0,
        start=T,
        end=T + timedelta(days=30),
        creatives=(
            Creative("cr1", "Boots", "Grippy", None, "https://example.com/b", ("159",)),
            Creative("cr2", "Boots 2", "", "https://example.com/i.png", "https://e.com", ("551",)),
        ),
        targeting=Targeting(("159",), ("US", "CA"), 18, None),
        frequency_cap=2,
    )
    return replace(campaign, **changes)  # type: ignore[arg-type]


def _seed(uow: UnitOfWork) -> None:
    uow.advertisers.add(Advertiser("adv", "TrailCo"), T)
    uow.accounts.add(Account("fb:a", "facebook", "US", date(1990, 4, 2), T))


def _impression(iid: str, person: str = "account:fb:a", **changes: object) -> StoredImpression:
    base = StoredImpression(
        id=iid,
        request_id="r1",
        account_id="fb:a",
        person=person,
        app="facebook",
        kind="ad",
        position=0,
        why=[{"source": "chat", "topic": "159", "evidence": ["m1"]}],
        at=T,
        advertiser_id="adv",
        campaign_id="c1",
        creative_id="cr1",
        bid_type="cpm",
        price=2.0,
        cost=0.002,
        features={"bias": 1.0, "relevance": 0.5},
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_campaigns_round_trip_with_creatives_and_targeting(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _seed(u)
        u.campaigns.add(_campaign(), T)
        u.commit()
    with uow() as u:
        assert u.advertisers.get("adv") == Advertiser("adv", "TrailCo")
        assert u.advertisers.list() == [Advertiser("adv", "TrailCo")]
        assert u.campaigns.get("c1") == _campaign()
        assert u.campaigns.for_advertiser("adv") == [_campaign()]
        assert u.campaigns.for_advertiser("other") == []
        assert u.campaigns.get("nope") is None


def test_replacing_a_campaign_changes_it_and_reports_the_change(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _seed(u)
        u.campaigns.add(_campaign(), T)
        u.campaigns.add(_campaign("c2"), T)
        u.commit()
    later = T + timedelta(hours=1)
    paused = _campaign(status=CampaignStatus.PAUSED, creatives=_campaign().creatives[:1])
    with uow() as u:
        u.campaigns.replace(paused, later)
        u.commit()
    with uow() as u:
        assert u.campaigns.get("c1") == paused
        everything, latest, at_latest = u.campaigns.changed_since(None)
        assert [c.id for c in everything] == ["c1", "c2"] and latest == later
        assert at_latest == {("c1", 1)}  # replaced once
        changed, _, _ = u.campaigns.changed_since(later)
        assert changed == [paused]
        # What was read at that instant is not read again...
        assert u.campaigns.changed_since(later, at_latest) == ([], later, at_latest)
        changed, _, _ = u.campaigns.changed_since(T, {("c2", 0)})
        assert [c.id for c in changed] == ["c1"]
    # ... but a campaign added, or changed again, at that same instant is.
    again = _campaign(status=CampaignStatus.ACTIVE, creatives=_campaign().creatives[:1])
    with uow() as u:
        u.campaigns.add(_campaign("c3"), later)
        u.campaigns.replace(again, later)
        u.commit()
    with uow() as u:
        changed, latest, now_at_latest = u.campaigns.changed_since(later, at_latest)
        assert [c.id for c in changed] == ["c1", "c3"] and changed[0] == again
        assert latest == later and now_at_latest == {("c1", 2), ("c3", 0)}


def test_spend_adds_up_per_day_and_in_total(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _seed(u)
        u.campaigns.add(_campaign(), T)
        u.campaigns.add(_campaign("c2"), T)
        u.spend.charge("c1", DAY, 0.5, impressions=1)
        u.spend.charge("c1", DAY, 0.25, impressions=1)
        u.spend.charge("c1", DAY + timedelta(days=1), 1.0, clicks=1)
        u.commit()
    with uow() as u:
        [today] = u.spend.spend(DAY)
        assert (today.campaign_id, today.spent_today, today.spent_total) == ("c1", 0.75, 1.75)
        both = u.spend.spend(DAY + timedelta(days=1), ["c1", "c2"])
        assert [(s.campaign_id, s.spent_today, s.spent_total) for s in both] == [
            ("c1", 1.0, 1.75),
            ("c2", 0.0, 0.0),
        ]


def test_charges_for_many_campaigns_land_at_once_on_top_of_earlier_ones(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _seed(u)
        for cid in ("c1", "c2", "c3"):
            u.campaigns.add(_campaign(cid), T)
        u.spend.charge("c1", DAY, 0.5, impressions=1)
        u.spend.charge_many(
            [
                SpendCharge("c1", DAY, 0.25, impressions=2),
                SpendCharge("c2", DAY, 1.0, impressions=3, clicks=1),
                SpendCharge("c2", DAY + timedelta(days=1), 2.0, clicks=1),
                SpendCharge("c3", DAY, 0.0, impressions=1),  # free: totals untouched
                SpendCharge("c1", DAY, 0.25, impressions=1),  # the same day row again
            ]
        )
        u.commit()
    with uow() as u:
        rows = u.spend.spend(DAY, ["c1", "c2", "c3"])
    assert [(r.campaign_id, r.spent_today, r.spent_total) for r in rows] == [
        ("c1", 1.0, 1.0),
        ("c2", 1.0, 3.0),
        ("c3", 0.0, 0.0),
    ]


def test_impressions_keep_their_why_and_count_per_person_and_day(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _seed(u)
        u.campaigns.add(_campaign(), T)
        u.impressions.add_many(
            [
                _impression("i1"),
                _impression("i2", position=1),
                _impression("i3", at=T + timedelta(days=1)),
                _impression("i4", kind="item", campaign_id=None, item_id=None, advertiser_id=None),
            ]
        )
        u.commit()
    with uow() as u:
        stored = u.impressions.get("i1")
        assert stored == _impression("i1")
        seen = u.impressions.ads_seen_by(["account:fb:a", "account:other"], DAY)
        assert seen == {"account:fb:a": {"c1": 2}}
        assert u.impressions.ads_seen_by([], DAY) == {}
        assert u.impressions.get("missing") is None


def test_a_large_batch_of_impressions_is_stored_whole(
    uow: Callable[[], UnitOfWork],
) -> None:
    # 341 = 256 + 64 + 16 + 4 + 1: on SQLite every size of multi-row INSERT is used once.
    many = [
        _impression(f"i{n:03d}", position=n % 3, at=T + timedelta(seconds=n)) for n in range(341)
    ]
    with uow() as u:
        _seed(u)
        u.campaigns.add(_campaign(), T)
        u.impressions.add_many(many)
        u.impressions.add_many(many[:0])  # nothing to add: no statement at all
        u.commit()
    with uow() as u:
        assert [u.impressions.get(i.id) for i in many] == many
        assert u.impressions.ads_seen_by(["account:fb:a"], DAY) == {"account:fb:a": {"c1": 341}}


def test_a_click_is_recorded_once(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _seed(u)
        u.campaigns.add(_campaign(), T)
        u.impressions.add_many([_impression("i1")])
        u.commit()
    with uow() as u:
        assert u.impressions.mark_clicked("i1", T + timedelta(minutes=1), 1.5) is True
        assert u.impressions.mark_clicked("i1", T + timedelta(minutes=2), 1.5) is False
        u.commit()
    with uow() as u:
        stored = u.impressions.get("i1")
        assert stored is not None
        assert stored.clicked_at == T + timedelta(minutes=1) and stored.click_cost == 1.5


def test_report_cells_count_distinct_people_and_never_name_them(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _seed(u)
        u.accounts.add(Account("fb:b", "facebook", "US", None, T))
        u.campaigns.add(_campaign(), T)
        u.impressions.add_many(
            [
                _impression("i1"),
                _impression("i2"),
                _impression("i3", account_id="fb:b", person="account:fb:b"),
                _impression("i4", at=T + timedelta(days=1)),
            ]
        )
        u.impressions.mark_clicked("i1", T, 0.5)
        u.commit()
    with uow() as u:
        cells = u.impressions.report_cells("adv", DAY, DAY + timedelta(days=1))
    assert [(c.day, c.campaign_id, c.impressions, c.clicks, c.reach) for c in cells] == [
        (DAY, "c1", 3, 1, 2),
        (DAY + timedelta(days=1), "c1", 1, 0, 1),
    ]
    assert cells[0].spend == pytest.approx(0.006 + 0.5)


def test_ctr_models_are_stored_as_json(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        assert u.ctr_models.get("default") is None
        u.ctr_models.put("default", {"type": "logistic-ctr", "weights": {"bias": -4.6}}, T)
        u.ctr_models.put("default", {"type": "logistic-ctr", "weights": {"bias": -4.0}}, T)
        u.commit()
    with uow() as u:
        assert u.ctr_models.get("default") == {"type": "logistic-ctr", "weights": {"bias": -4.0}}


def test_feed_reads_the_apps_items_and_what_people_follow(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _seed(u)
        u.content.add(ContentItem("g1", "group", "Hikers", ("159",), "@admin", "facebook"))
        u.content.add(ContentItem("p1", "post", "Trail", ("159",), "@tess", None))
        u.content.add(ContentItem("r1", "reel", "Insta", ("159",), None, "instagram"))
        u.engagements.add(Engagement("e1", "fb:a", EngagementKind.FOLLOW, "g1", T))
        u.engagements.add(Engagement("e2", "fb:a", EngagementKind.FOLLOW, "p1", T))
        u.engagements.add(Engagement("e3", "fb:a", EngagementKind.LIKE, "r1", T))
        u.commit()
    with uow() as u:
        assert [i.id for i in u.feed.items_for_app("facebook")] == ["g1", "p1"]
        assert [i.id for i in u.feed.items_for_app("instagram")] == ["p1", "r1"]
        assert [u.feed.count_for_app(a) for a in ("facebook", "instagram", "whatsapp")] == [
            2,
            2,
            1,
        ]
        follows = u.feed.follows(["fb:a"])
        assert follows.items == {"g1": ("e1",)} and follows.authors == {"@tess": ("e2",)}
        assert u.feed.follows(["fb:other"]).items == {}

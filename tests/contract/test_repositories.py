"""One repository contract, run against every store: SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from chatsignals.adapters.db.migrate import current_revision, upgrade
from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.domain.accounts import Account, ConsentRecord, Purpose
from chatsignals.domain.interactions import (
    ContentItem,
    Engagement,
    EngagementKind,
    Interaction,
    Modality,
    Role,
)
from chatsignals.domain.policy import Rule, RuleDecision
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.services.ports import UnitOfWork

T = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)


@pytest.fixture
def uow(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: SqlUnitOfWork(engine)


def _account(uow: UnitOfWork, acct: str = "fb:a") -> Account:
    account = Account(acct, "facebook", "US", date(1990, 4, 2), T)
    uow.accounts.add(account)
    return account


def _interaction(
    mid: str, at: datetime = T, role: Role = Role.USER, conv: str = "c1"
) -> Interaction:
    return Interaction(mid, "fb:a", "facebook", conv, role, "", Modality.TEXT, False, at)


def test_migrations_are_idempotent(engine: Engine) -> None:
    upgrade(engine)
    assert current_revision(engine) is not None


def test_accounts_round_trip_with_aware_times(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        account = _account(u)
        u.commit()
    with uow() as u:
        got = u.accounts.get("fb:a")
        assert got == account and got.created_at.tzinfo is not None
        assert u.accounts.get("nobody") is None
        assert set(u.accounts.get_many(["fb:a", "nobody"])) == {"fb:a"}


def test_leaving_without_commit_rolls_back(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
    with uow() as u:
        assert u.accounts.get("fb:a") is None


def test_center_links(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u, "fb:a")
        _account(u, "ig:a")
        u.centers.link("ac", "fb:a", T)
        u.centers.link("ac", "ig:a", T)
        u.commit()
    with uow() as u:
        assert u.centers.members("ac") == ("fb:a", "ig:a")
        assert u.centers.center_of("ig:a") == "ac"
        u.centers.unlink("ig:a")
        assert u.centers.center_of("ig:a") is None and u.centers.members("ac") == ("fb:a",)


def test_notices_give_the_first_delivery(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
        assert u.notices.first_delivery("fb:a") is None
        u.notices.add("fb:a", T)
        u.notices.add("fb:a", T - timedelta(days=1))
        assert u.notices.first_delivery("fb:a") == T - timedelta(days=1)


def test_consent_state_is_the_latest_choice_at_a_moment(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
        u.consents.add(ConsentRecord("fb:a", Purpose.ADS, True, T))
        u.consents.add(ConsentRecord("fb:a", Purpose.ADS, False, T + timedelta(hours=1)))
        assert u.consents.state_at("fb:a", T - timedelta(seconds=1)) == {}
        assert u.consents.state_at("fb:a", T) == {Purpose.ADS: True}
        assert u.consents.state_at("fb:a", T + timedelta(hours=2)) == {Purpose.ADS: False}


def test_hidden_topics_per_purpose(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
        u.hidden_topics.add("fb:a", Purpose.ADS, "159", T)
        u.hidden_topics.add("fb:a", Purpose.ADS, "159", T)  # twice is once
        assert u.hidden_topics.for_accounts(["fb:a"]) == {
            Purpose.ADS: frozenset({"159"}),
            Purpose.CONTENT: frozenset(),
        }
        assert u.hidden_topics.remove("fb:a", Purpose.ADS, "159") is True
        assert u.hidden_topics.remove("fb:a", Purpose.ADS, "159") is False


def test_interactions_store_sealed_text_and_results(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
        u.interactions.add(_interaction("m1"), b"sealed", T)
        u.interactions.add(_interaction("m2", T + timedelta(minutes=1), Role.ASSISTANT), None, T)
        u.interactions.add(_interaction("m3", T + timedelta(minutes=2)), b"x", T)
        u.commit()
    with uow() as u:
        got = u.interactions.get("m1")
        assert got is not None and got.text_sealed == b"sealed" and got.status == "pending"
        u.interactions.set_result("m1", "processed", {"used_for": {"ads": True}})
        got = u.interactions.get("m1")
        assert (
            got is not None
            and got.status == "processed"
            and got.result == {"used_for": {"ads": True}}
        )
        before = u.interactions.preceding("fb:a", "c1", T + timedelta(minutes=2), 5)
        assert [s.interaction.id for s in before] == ["m1", "m2"]
        assert u.interactions.ids_in_conversation("c1") == ["m1", "m2", "m3"]
        assert u.interactions.delete("m1") and not u.interactions.delete("m1")


def test_signals_by_account_and_purpose_and_source(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
        u.signals.add_many(
            [
                Signal("fb:a", Purpose.ADS, "159", 0.8, SourceKind.CHAT, "m1", T),
                Signal("fb:a", Purpose.CONTENT, "159", 0.8, SourceKind.CHAT, "m1", T),
                Signal("fb:a", Purpose.CONTENT, "227", 0.5, SourceKind.ENGAGEMENT, "e1", T),
            ]
        )
        assert len(u.signals.for_accounts(["fb:a"])) == 3
        ads = u.signals.for_accounts(["fb:a"], Purpose.ADS)
        assert [(s.topic, s.source_id, s.at) for s in ads] == [("159", "m1", T)]
        assert u.signals.delete_for_source(SourceKind.CHAT, "m1", "fb:a") == 2
        assert u.signals.delete_for_account("fb:a", Purpose.CONTENT, SourceKind.CHAT) == 0
        assert u.signals.delete_for_account("fb:a", Purpose.CONTENT) == 1


def test_content_and_engagements(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
        item = ContentItem("grp", "group", "Hikers", ("159",), "@trail", "facebook", T)
        u.content.add(item)
        assert u.content.get("grp") == item
        e = Engagement("e1", "fb:a", EngagementKind.LIKE, "grp", T)
        u.engagements.add(e)
        assert u.engagements.get("e1") == e
        assert u.engagements.delete("e1") and u.engagements.get("e1") is None


def test_decisions_log(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _account(u)
        u.decisions.add_many(
            SourceKind.CHAT,
            "m1",
            "fb:a",
            [
                RuleDecision(Rule.REGION, Purpose.ADS, "r"),
                RuleDecision(Rule.REGION, Purpose.CONTENT, "r"),
            ],
            T,
        )
        assert u.decisions.count_by_rule() == {"region": 2}
        assert u.decisions.recent(1)[0]["rule"] == "region"
        assert u.decisions.delete_for_source(SourceKind.CHAT, "m1") == 2


def test_deleting_an_account_cascades(uow: Callable[[], UnitOfWork], engine: Engine) -> None:
    with uow() as u:
        _account(u)
        u.interactions.add(_interaction("m1"), b"x", T)
        u.signals.add_many([Signal("fb:a", Purpose.ADS, "159", 0.8, SourceKind.CHAT, "m1", T)])
        u.commit()
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM accounts WHERE id = 'fb:a'")
    with uow() as u:
        assert u.interactions.get("m1") is None and u.signals.for_accounts(["fb:a"]) == []

"""The profile change feed: a committed change to signals, hidden topics, links or an
erasure names the accounts it touched (by key), in the same transaction; a rolled-back
one names nothing; readers page through it and old entries are pruned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.domain.accounts import Account, Purpose
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.services.ports import UnitOfWork

T = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)


def key(account_id: str) -> str:
    return f"k:{account_id}"


@pytest.fixture
def uow(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: SqlUnitOfWork(engine, change_key=key)


def feed(uow: Callable[[], UnitOfWork], after: int = 0) -> list[str]:
    with uow() as u:
        return [k for _, k in u.profile_changes.after(after, 100)]


def seed(uow: Callable[[], UnitOfWork]) -> int:
    with uow() as u:
        for acct in ("fb:a", "ig:a", "fb:b"):
            u.accounts.add(Account(acct, "facebook", "US", date(1990, 4, 2), T))
        u.commit()
    with uow() as u:
        return u.profile_changes.latest()


def test_each_kind_of_profile_change_names_its_accounts(uow: Callable[[], UnitOfWork]) -> None:
    start = seed(uow)
    assert feed(uow, start) == []  # new accounts have no cached profile to drop
    with uow() as u:
        u.signals.add_many([Signal("fb:a", Purpose.ADS, "159", 0.8, SourceKind.CHAT, "m1", T)])
        u.commit()
    assert feed(uow, start) == ["k:fb:a"]
    mark = len(feed(uow))
    with uow() as u:
        u.centers.link("c1", "fb:a", T)
        u.commit()
    with uow() as u:
        u.centers.link("c1", "ig:a", T)  # fb:a's profile changes too: it now has ig:a's
        u.commit()
    with uow() as u:
        u.hidden_topics.add("fb:b", Purpose.ADS, "159", T)
        u.commit()
    with uow() as u:
        u.personal_data.erase("fb:b")
        u.commit()
    assert feed(uow)[mark:] == ["k:fb:a", "k:fb:a", "k:ig:a", "k:fb:b", "k:fb:b"]


def test_a_rolled_back_change_names_nothing(uow: Callable[[], UnitOfWork]) -> None:
    start = seed(uow)
    with uow() as u:
        u.signals.add_many([Signal("fb:a", Purpose.ADS, "159", 0.8, SourceKind.CHAT, "m1", T)])
        u.rollback()
        u.hidden_topics.add("fb:b", Purpose.ADS, "159", T)
        u.commit()
    assert feed(uow, start) == ["k:fb:b"]


def test_the_feed_pages_in_order_and_prunes_old_entries(uow: Callable[[], UnitOfWork]) -> None:
    start = seed(uow)
    with uow() as u:
        u.profile_changes.record({"k1", "k2"}, T)
        u.profile_changes.record({"k3"}, T + timedelta(minutes=20))
        u.commit()
    with uow() as u:
        entries = u.profile_changes.after(start, 2)
        assert [k for _, k in entries] == ["k1", "k2"]
        assert [k for _, k in u.profile_changes.after(entries[-1][0], 10)] == ["k3"]
        assert u.profile_changes.latest() == entries[-1][0] + 1
        assert u.profile_changes.prune(T + timedelta(minutes=10)) == 2
        u.commit()
    assert feed(uow, start) == ["k3"]


def test_the_feed_also_reads_numbers_asked_for_below(uow: Callable[[], UnitOfWork]) -> None:
    start = seed(uow)
    with uow() as u:
        u.profile_changes.record({"k1", "k2", "k3"}, T)
        u.commit()
    with uow() as u:
        first, _, third = u.profile_changes.after(start, 10)
        assert u.profile_changes.after(third[0], 10, also=[first[0]]) == [first]
        assert u.profile_changes.after(third[0], 10, also=[]) == []


def test_rewriting_the_same_signals_names_nothing(uow: Callable[[], UnitOfWork]) -> None:
    """A re-decision that comes out as stored (a backfill under the same model) writes no
    bytes, so serving processes keep their cached profiles; a changed one is named."""
    start = seed(uow)
    same = Signal("fb:a", Purpose.ADS, "159", 0.8, SourceKind.CHAT, "m1", T)
    with uow() as u:
        u.signals.add_many([same])
        u.commit()
    mark = len(feed(uow, start))
    with uow() as u:
        u.signals.replace_for_sources(SourceKind.CHAT, {"m1": "fb:a"}, [same])
        u.signals.delete_for_source(SourceKind.CHAT, "m-none", "fb:b")  # nothing to delete
        u.commit()
    assert feed(uow, start)[mark:] == []
    with uow() as u:
        changed = Signal("fb:a", Purpose.ADS, "159", 0.6, SourceKind.CHAT, "m1", T)
        u.signals.replace_for_sources(SourceKind.CHAT, {"m1": "fb:a"}, [changed])
        u.commit()
    assert feed(uow, start)[mark:] == ["k:fb:a"]

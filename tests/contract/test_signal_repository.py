"""The signal repository over packed weekly buckets, on every store: what add, replace
and delete leave behind, and that concurrent writers of one person lose nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from chatsignals.adapters.db.schema import accounts, signal_buckets
from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.domain.accounts import Purpose
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.services.ports import UnitOfWork

T = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)
CHAT, ENGAGEMENT = SourceKind.CHAT, SourceKind.ENGAGEMENT


@pytest.fixture
def uow(engine: Engine) -> Callable[[], UnitOfWork]:
    with engine.begin() as conn:
        for acct in ("fb:a", "fb:b"):
            conn.execute(
                accounts.insert().values(
                    id=acct, app="facebook", country="US", birth_date=date(1990, 4, 2), created_at=T
                )
            )
    return lambda: SqlUnitOfWork(engine)


def _sig(
    source: str,
    topic: str,
    purpose: Purpose = Purpose.ADS,
    days: float = 0,
    account: str = "fb:a",
    kind: SourceKind = CHAT,
    score: float = 0.8,
) -> Signal:
    return Signal(account, purpose, topic, score, kind, source, T + timedelta(days=days))


def _buckets(engine: Engine, account: str = "fb:a") -> int:
    t = signal_buckets
    with engine.connect() as conn:
        query = select(func.count()).select_from(t).where(t.c.account_id == account)
        return int(conn.execute(query).scalar_one())


def test_a_person_gets_a_row_per_active_week(uow: Callable[[], UnitOfWork], engine: Engine) -> None:
    signals = [_sig(f"m{d}", "159", days=d) for d in (0, 1, 2, 30)]
    with uow() as u:
        u.signals.add_many(list(reversed(signals)))
        u.commit()
    with uow() as u:
        assert u.signals.for_accounts(["fb:a"]) == signals  # by time, whatever the order in
    assert 2 <= _buckets(engine) <= 3


def test_adding_the_same_source_purpose_and_topic_replaces_it(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        u.signals.add_many([_sig("m1", "159", score=0.5), _sig("m1", "483")])
        u.signals.add_many([_sig("m1", "159", score=0.9)])
        got = u.signals.for_accounts(["fb:a"])
    assert sorted((s.topic, s.score) for s in got) == [("159", 0.9), ("483", 0.8)]


def test_replacing_sources_keeps_the_others_and_drops_emptied_weeks(
    uow: Callable[[], UnitOfWork], engine: Engine
) -> None:
    with uow() as u:
        u.signals.add_many(
            [
                _sig("m1", "159"),
                _sig("m2", "483", days=20),
                _sig("e1", "227", kind=ENGAGEMENT, days=20),
                _sig("m9", "159", account="fb:b"),
            ]
        )
        u.commit()
    with uow() as u:
        u.signals.replace_for_sources(
            CHAT,
            {"m1": "fb:a", "m2": "fb:a", "m3": "fb:b"},
            [_sig("m1", "1", Purpose.CONTENT), _sig("m3", "2", account="fb:b", days=40)],
        )
        u.commit()
    with uow() as u:
        a = u.signals.for_accounts(["fb:a"])
        b = u.signals.for_accounts(["fb:b"], Purpose.ADS)
    assert [(s.source_id, s.topic, s.purpose) for s in a] == [
        ("m1", "1", Purpose.CONTENT),
        ("e1", "227", Purpose.ADS),
    ]
    assert [s.source_id for s in b] == ["m9", "m3"]
    with uow() as u:
        u.signals.replace_for_sources(CHAT, {"m1": "fb:a"}, [])
        u.commit()
    assert _buckets(engine) == 1  # m1's week is gone, e1's stays


def test_deleting_by_source_or_by_purpose_counts_what_went(
    uow: Callable[[], UnitOfWork], engine: Engine
) -> None:
    with uow() as u:
        u.signals.add_many(
            [
                _sig("m1", "159"),
                _sig("m1", "159", Purpose.CONTENT),
                _sig("m2", "483", Purpose.CONTENT, days=10),
                _sig("e1", "227", Purpose.CONTENT, kind=ENGAGEMENT, days=10),
            ]
        )
        assert u.signals.delete_for_source(CHAT, "m1", "fb:b") == 0  # not fb:b's
        assert u.signals.delete_for_source(CHAT, "m1", "fb:a") == 2
        assert u.signals.delete_for_account("fb:a", Purpose.CONTENT, CHAT) == 1
        assert [s.source_id for s in u.signals.for_accounts(["fb:a", "fb:b"])] == ["e1"]
        assert u.signals.delete_for_account("fb:a", Purpose.CONTENT) == 1
        u.commit()
    assert _buckets(engine) == 0


def test_two_writers_of_one_person_both_land(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        u.signals.add_many([_sig("m0", "1")])  # the week exists: both writers rewrite it
        u.commit()
    errors: list[BaseException] = []
    second_started = threading.Event()

    def second() -> None:
        second_started.set()
        try:
            with uow() as u:
                u.signals.replace_for_sources(CHAT, {"m2": "fb:a"}, [_sig("m2", "2")])
                u.commit()
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    with uow() as first:
        first.signals.replace_for_sources(CHAT, {"m1": "fb:a"}, [_sig("m1", "1")])
        thread = threading.Thread(target=second)
        thread.start()
        second_started.wait(5)
        thread.join(0.5)  # the second writer waits for the first's transaction
        assert thread.is_alive()
        first.commit()
    thread.join(30)
    assert not errors and not thread.is_alive()
    with uow() as u:
        assert {s.source_id for s in u.signals.for_accounts(["fb:a"])} == {"m0", "m1", "m2"}


def test_a_source_is_its_kind_and_whole_id(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        u.signals.add_many(
            [
                _sig("m1", "1"),
                _sig("m10", "2", days=14),
                _sig("m1", "3", kind=ENGAGEMENT, days=28),
            ]
        )
        u.signals.replace_for_sources(CHAT, {"m1": "fb:a"}, [])
        assert [(s.source_id, s.topic) for s in u.signals.for_accounts(["fb:a"])] == [
            ("m10", "2"),
            ("m1", "3"),
        ]


def test_replacing_sources_returns_what_they_held_before_and_nothing_else(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        u.signals.add_many(
            [
                _sig("m1", "159"),
                _sig("m1", "483", Purpose.CONTENT, days=20),
                _sig("m2", "483"),
                _sig("e1", "m1", kind=ENGAGEMENT),  # another kind of source, named alike
                _sig("m9", "159", account="fb:b"),
            ]
        )
        u.commit()
    with uow() as u:
        replaced = u.signals.replace_for_sources(
            CHAT, {"m1": "fb:a", "m3": "fb:b"}, [_sig("m1", "159"), _sig("m3", "2", account="fb:b")]
        )
        again = u.signals.replace_for_sources(CHAT, {"m1": "fb:a"}, [_sig("m1", "159")])
        nothing = u.signals.replace_for_sources(CHAT, {"m7": "fb:a"}, [])
    assert sorted((s.source_id, s.purpose, s.topic) for s in replaced) == [
        ("m1", Purpose.ADS, "159"),
        ("m1", Purpose.CONTENT, "483"),
    ]
    assert [(s.source_id, s.topic) for s in again] == [("m1", "159")]
    assert nothing == []

"""The batch methods queue workers read and write through: each gives what its one-at-a-
time counterpart gives, for many inputs in one go, on every store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.domain.accounts import Account, ConsentRecord, Purpose
from chatsignals.domain.interactions import Interaction, Modality, Role
from chatsignals.domain.policy import Rule, RuleDecision
from chatsignals.domain.profile import SourceKind
from chatsignals.services.ports import UnitOfWork
from chatsignals.services.security_ports import AuditEntry, WrappedKey

T = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)


@pytest.fixture
def uow(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: SqlUnitOfWork(engine)


def _accounts(uow: UnitOfWork, *ids: str) -> None:
    for account_id in ids:
        uow.accounts.add(Account(account_id, "facebook", "US", date(1990, 4, 2), T))


def _turn(
    mid: str, at: datetime, role: Role = Role.USER, conv: str = "c1", account: str = "fb:a"
) -> Interaction:
    return Interaction(mid, account, "facebook", conv, role, "", Modality.TEXT, False, at)


def test_first_deliveries_give_each_accounts_first_notice(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _accounts(u, "fb:a", "fb:b", "fb:c")
        u.notices.add("fb:a", T)
        u.notices.add("fb:a", T - MIN)
        u.notices.add("fb:b", T + MIN)
        got = u.notices.first_deliveries(["fb:a", "fb:b", "fb:c", "fb:a"])
        assert got == {"fb:a": T - MIN, "fb:b": T + MIN}
        assert all(u.notices.first_delivery(a) == got.get(a) for a in ("fb:a", "fb:b", "fb:c"))


def test_consent_states_at_many_moments_match_one_at_a_time(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _accounts(u, "fb:a", "fb:b")
        u.consents.add(ConsentRecord("fb:a", Purpose.ADS, True, T))
        u.consents.add(ConsentRecord("fb:a", Purpose.ADS, False, T + 60 * MIN))
        u.consents.add(ConsentRecord("fb:a", Purpose.CONTENT, True, T + 60 * MIN))
        u.consents.add(ConsentRecord("fb:b", Purpose.ADS, False, T))
        moments = [
            ("fb:a", T + 120 * MIN),
            ("fb:a", T - MIN),
            ("fb:b", T),
            ("fb:a", T),
            ("fb:a", T + 60 * MIN),
            ("fb:nobody", T),
        ]
        assert u.consents.state_at_many(moments) == [
            {Purpose.ADS: False, Purpose.CONTENT: True},
            {},
            {Purpose.ADS: False},
            {Purpose.ADS: True},
            {Purpose.ADS: False, Purpose.CONTENT: True},
            {},
        ]
        assert u.consents.state_at_many(moments) == [u.consents.state_at(*m) for m in moments]
        assert u.consents.state_at_many([]) == []


def test_centers_and_members_of_many_accounts(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _accounts(u, "fb:a", "ig:a", "fb:b", "ig:b", "fb:alone")
        for center, account_id in (("ca", "fb:a"), ("ca", "ig:a"), ("cb", "ig:b"), ("cb", "fb:b")):
            u.centers.link(center, account_id, T)
        assert u.centers.centers_of(["fb:a", "ig:b", "fb:alone"]) == {"fb:a": "ca", "ig:b": "cb"}
        assert u.centers.members_many(["ca", "cb", "nowhere"]) == {
            "ca": ("fb:a", "ig:a"),
            "cb": ("fb:b", "ig:b"),
        }
        assert u.centers.members("cb") == ("fb:b", "ig:b") and u.centers.members("nowhere") == ()


def test_hidden_topics_per_account_keep_accounts_apart(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _accounts(u, "fb:a", "fb:b", "fb:c")
        u.hidden_topics.add("fb:a", Purpose.ADS, "159", T)
        u.hidden_topics.add("fb:a", Purpose.CONTENT, "227", T)
        u.hidden_topics.add("fb:b", Purpose.ADS, "42", T)
        none = {Purpose.ADS: frozenset[str](), Purpose.CONTENT: frozenset[str]()}
        assert u.hidden_topics.per_account(["fb:a", "fb:b", "fb:c"]) == {
            "fb:a": {Purpose.ADS: frozenset({"159"}), Purpose.CONTENT: frozenset({"227"})},
            "fb:b": {Purpose.ADS: frozenset({"42"}), Purpose.CONTENT: frozenset()},
            "fb:c": none,
        }


def test_interactions_added_many_at_once_read_back_like_one_by_one(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _accounts(u, "fb:a")
        u.interactions.add_many(
            [(_turn("m1", T), b"one", T), (_turn("m2", T + MIN, Role.ASSISTANT), None, T)]
        )
        u.interactions.add_many([])
        u.commit()
    with uow() as u:
        m1, m2 = u.interactions.get("m1"), u.interactions.get("m2")
        assert m1 is not None and m1.text_sealed == b"one" and m1.status == "pending"
        assert m2 is not None and m2.text_sealed is None and m2.interaction.role is Role.ASSISTANT


def test_set_results_writes_each_message_and_leaves_others_alone(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _accounts(u, "fb:a")
        for n in range(3):
            u.interactions.add(_turn(f"m{n}", T + n * MIN), b"x", T)
        u.interactions.set_results("processed", {"m0": {"n": 0}, "m2": {"n": 2, "k": [1]}})
        u.interactions.set_results("processed", {})
        got = {m: u.interactions.get(m) for m in ("m0", "m1", "m2")}
        assert {m: (g.status, g.result) for m, g in got.items() if g is not None} == {
            "m0": ("processed", {"n": 0}),
            "m1": ("pending", None),
            "m2": ("processed", {"n": 2, "k": [1]}),
        }


def test_preceding_many_matches_preceding_for_each_moment(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _accounts(u, "fb:a")
        for n in range(8):  # two conversations, turns alternating, two at the same instant
            role = Role.USER if n % 2 == 0 else Role.ASSISTANT
            u.interactions.add(_turn(f"a{n}", T + n * MIN, role), b"a", T)
            u.interactions.add(_turn(f"b{n}", T + (n // 2) * MIN, role, conv="c2"), b"b", T)
        moments = [
            ("fb:a", "c1", T + 7 * MIN),
            ("fb:a", "c2", T + 3 * MIN),
            ("fb:a", "c1", T),  # nothing before
            ("fb:a", "c1", T + 7 * MIN),  # asked twice
            ("fb:a", "nowhere", T),
            ("fb:a", "c1", T + 100 * MIN),
        ]
        many = u.interactions.preceding_many(moments, 3)
        one = [u.interactions.preceding(a, c, at, 3) for a, c, at in moments]
        assert [[s.interaction.id for s in found] for found in many] == [
            ["a4", "a5", "a6"],
            ["b3", "b4", "b5"],  # b4 and b5 share an instant: ordered by id
            [],
            ["a4", "a5", "a6"],
            [],
            ["a5", "a6", "a7"],
        ]
        assert many == one
        assert u.interactions.preceding_many([], 3) == []


def test_preceding_many_answers_more_moments_than_one_statement_holds(
    uow: Callable[[], UnitOfWork],
) -> None:
    with uow() as u:
        _accounts(u, "fb:a")
        u.interactions.add_many(
            [(_turn(f"m{n:03d}", T + n * MIN, conv=f"c{n % 7}"), b"x", T) for n in range(300)]
        )
        moments = [("fb:a", f"c{n % 7}", T + n * MIN) for n in range(300)]
        many = u.interactions.preceding_many(moments, 2)
        assert many == [u.interactions.preceding(a, c, at, 2) for a, c, at in moments]
        assert [s.interaction.id for s in many[299]] == ["m285", "m292"]


def test_preceding_many_with_a_conversations_moments_far_apart(
    uow: Callable[[], UnitOfWork],
) -> None:
    """Two moments with many turns between them (more than are read a moment at once on
    PostgreSQL) and a conversation whose moments are close: each window as if alone."""
    with uow() as u:
        _accounts(u, "fb:a")
        u.interactions.add_many(
            [(_turn(f"m{n:03d}", T + n * MIN, conv="long"), b"x", T) for n in range(120)]
            + [(_turn(f"s{n}", T + n * MIN, conv="short"), b"x", T) for n in range(5)]
        )
        moments = [
            ("fb:a", "long", T + 3 * MIN),
            ("fb:a", "short", T + 4 * MIN),
            ("fb:a", "long", T + 119 * MIN),
            ("fb:a", "short", T + 2 * MIN),
        ]
        many = u.interactions.preceding_many(moments, 3)
        assert many == [u.interactions.preceding(a, c, at, 3) for a, c, at in moments]
        assert [[s.interaction.id for s in found] for found in many] == [
            ["m000", "m001", "m002"],
            ["s1", "s2", "s3"],
            ["m116", "m117", "m118"],
            ["s0", "s1"],
        ]


def test_windows_hold_only_the_accounts_own_turns_of_a_shared_conversation_id(
    uow: Callable[[], UnitOfWork],
) -> None:
    """Another account posting under the same conversation id, here a hundred turns between
    two of the person's messages, lends nothing to the person's windows (nor they to its)."""
    A, U = Role.ASSISTANT, Role.USER

    def turn(mid: str, account: str, minute: int, role: Role) -> Interaction:
        return _turn(mid, T + minute * MIN, role, conv="shared", account=account)

    with uow() as u:
        _accounts(u, "fb:a", "fb:b")
        u.interactions.add_many(
            [
                (turn("a0", "fb:a", 0, U), b"x", T),
                (turn("a1", "fb:a", 1, A), b"x", T),
                (turn("a2", "fb:a", 2, U), b"x", T),
                (turn("b-reply", "fb:b", 3, A), b"x", T),  # the latest turn before a3
                (turn("a3", "fb:a", 200, U), b"x", T),
            ]
            + [(turn(f"b{n:03d}", "fb:b", 100 + n, A if n % 2 else U), b"x", T) for n in range(99)]
        )
        moments = [
            ("fb:a", "shared", T + 2 * MIN),
            ("fb:a", "shared", T + 4 * MIN),
            ("fb:a", "shared", T + 200 * MIN),
            ("fb:b", "shared", T + 100 * MIN),
        ]
        many = u.interactions.preceding_many(moments, 3)
        assert [[s.interaction.id for s in found] for found in many] == [
            ["a0", "a1"],
            ["a0", "a1", "a2"],
            ["a0", "a1", "a2"],
            ["b-reply"],
        ]
        assert many == [u.interactions.preceding(a, c, at, 3) for a, c, at in moments]
        context = u.interactions.context_many(moments, 3)
        assert [[s.interaction.id for s in found] for found in context] == [
            ["a1"],
            [],
            [],
            ["b-reply"],
        ]


def test_context_many_keeps_only_the_turns_after_the_persons_last_one(
    uow: Callable[[], UnitOfWork],
) -> None:
    A, U = Role.ASSISTANT, Role.USER
    roles = [U, A, A, U, A, U, U, A, A, A]  # c1, a minute apart
    with uow() as u:
        _accounts(u, "fb:a")
        for n, role in enumerate(roles):
            u.interactions.add(_turn(f"t{n}", T + n * MIN, role), b"x", T)
        u.interactions.add(_turn("other", T + 5 * MIN, A, conv="c2"), b"x", T)
        moments = [
            ("fb:a", "c1", T + 3 * MIN),  # after t1, t2 (assistant), t0 (person)
            ("fb:a", "c1", T + 7 * MIN),  # the turn just before is the person's own
            ("fb:a", "c1", T + 10 * MIN),  # three assistant turns, two within the window
            ("fb:a", "c1", T + 3 * MIN),  # asked twice
            ("fb:a", "c1", T + 2 * MIN),
            ("fb:a", "c1", T),  # nothing before
            ("fb:a", "c2", T + 6 * MIN),  # no turn of the person's in the window
            ("fb:a", "nowhere", T),
        ]
        got = u.interactions.context_many(moments, 2)
        preceding = u.interactions.preceding_many(moments, 2)
        assert [[s.interaction.id for s in found] for found in got] == [
            ["t1", "t2"],
            [],
            ["t8", "t9"],
            ["t1", "t2"],
            ["t1"],
            [],
            ["other"],
            [],
        ]
        for found, window in zip(got, preceding, strict=True):  # the same rows, a suffix
            assert found == window[len(window) - len(found) :]
        assert u.interactions.context_many([], 2) == []
        assert u.interactions.context_many([("fb:a", "c1", T + 3 * MIN)], 0) == [[]]


def test_decisions_replaced_for_several_sources_leave_other_sources_alone(
    uow: Callable[[], UnitOfWork],
) -> None:
    region = RuleDecision(Rule.REGION, Purpose.ADS, "r")
    minor = RuleDecision(Rule.REGION, Purpose.CONTENT, "m")
    with uow() as u:
        _accounts(u, "fb:a", "fb:b")
        u.decisions.add_many(SourceKind.CHAT, "m1", "fb:a", [region, minor], T)
        u.decisions.add_many(SourceKind.CHAT, "m2", "fb:b", [region], T)
        u.decisions.add_many(SourceKind.CHAT, "keep", "fb:a", [region], T)
        u.decisions.add_many(SourceKind.ENGAGEMENT, "m1", "fb:a", [region], T)
        u.decisions.replace_for_sources(
            SourceKind.CHAT,
            {"m1": "fb:a", "m2": "fb:b", "m3": "fb:b"},
            {"m1": [minor], "m3": [region, minor]},
            T + MIN,
        )
        recent = u.decisions.recent(100)
        kept = sorted(
            (d["source_kind"], d["source_id"], d["account"], d["purpose"]) for d in recent
        )
        assert kept == [
            ("chat", "keep", "fb:a", "ads"),
            ("chat", "m1", "fb:a", "content"),
            ("chat", "m3", "fb:b", "ads"),
            ("chat", "m3", "fb:b", "content"),
            ("engagement", "m1", "fb:a", "ads"),
        ]
        u.decisions.replace_for_sources(SourceKind.CHAT, {"m1": "fb:a"}, {}, T)
        assert u.decisions.delete_for_source(SourceKind.CHAT, "m1") == 0


def test_enqueue_many_queues_each_message(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        _accounts(u, "fb:a")
        u.interactions.add_many([(_turn(f"m{n}", T), b"x", T) for n in range(3)])
        u.queue.enqueue_many(["m0", "m1", "m2"], T)
        u.queue.enqueue_many([], T)
        assert u.queue.stats().depth == 3 and u.queue.stats().oldest_enqueued_at == T
        claimed = u.queue.claim("w", 10, T, T + MIN)
        assert sorted(j.interaction_id for j in claimed) == ["m0", "m1", "m2"]
        assert all(j.attempts == 1 and j.enqueued_at == T for j in claimed)


def test_data_keys_get_many_gives_the_keys_that_exist(uow: Callable[[], UnitOfWork]) -> None:
    with uow() as u:
        for subject in ("fb:a", "fb:b"):
            u.data_keys.add_if_absent(WrappedKey(subject, subject.encode() * 3, "v1"), T)
        got = u.data_keys.get_many(["fb:b", "fb:a", "fb:gone", "fb:a"])
        assert got == {
            "fb:a": WrappedKey("fb:a", b"fb:afb:afb:a", "v1"),
            "fb:b": WrappedKey("fb:b", b"fb:bfb:bfb:b", "v1"),
        }
        assert u.data_keys.get_many([]) == {}


def test_audit_append_many_keeps_the_order_given(uow: Callable[[], UnitOfWork]) -> None:
    # Read back inside the transaction and rolled back: the log refuses deletes, so the
    # shared PostgreSQL schema could not be emptied after a commit.
    with uow() as u:
        head = u.audit.lock_head()
        start = 1 if head is None else head.seq + 1
        entries = [
            AuditEntry(
                start + n, T + n * MIN, "policy:x", "policy.deny", f"s{n}", {"n": n}, "p", "h"
            )
            for n in range(3)
        ]
        u.audit.append_many(entries)
        u.audit.append_many([])
        assert u.audit.entries(start - 1) == entries
        assert u.audit.lock_head() == entries[-1]

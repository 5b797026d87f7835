"""Accounts Center links, deletion and the interests query, through the simulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.simulator.scenarios import account, chat, interests, notice, scenario

Simulate = Callable[[dict[str, Any]], list[dict[str, Any]]]
HIKING = "I love hiking in the mountains"


def _link(
    center: str, acct: str, at: str = "2025-12-01T08:30:00Z", kind: str = "link"
) -> dict[str, Any]:
    return {"at": at, "type": kind, "center": center, "account": acct}


def test_signals_cross_apps_only_between_linked_accounts(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            account("ig:a", app="instagram"),
            account("ig:b", app="instagram"),
            _link("ac:a", "fb:a"),
            _link("ac:a", "ig:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING),
            interests("qa", "ig:a"),
            interests("qb", "ig:b"),
        )
    )
    assert lines[1]["ads"][0]["topic"] == "159" and lines[1]["ads"][0]["evidence"] == ["m1"]
    assert lines[2]["ads"] == [] and lines[2]["content"] == []


def test_unlinking_stops_the_flow_of_signals(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            account("ig:a", app="instagram"),
            _link("ac:a", "fb:a"),
            _link("ac:a", "ig:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING),
            interests("q1", "ig:a", at="2025-12-17T10:10:00Z"),
            _link("ac:a", "ig:a", at="2025-12-17T10:20:00Z", kind="unlink"),
            interests("q2", "ig:a", at="2025-12-17T10:30:00Z"),
            interests("q3", "fb:a", at="2025-12-17T10:30:00Z"),
        )
    )
    assert lines[1]["ads"] and not lines[2]["ads"] and lines[3]["ads"]


def test_deleting_a_chat_removes_its_signals(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING),
            interests("q1", "fb:a"),
            {"at": "2025-12-17T12:00:00Z", "type": "delete_chat", "account": "fb:a", "id": "m1"},
            interests("q2", "fb:a", at="2025-12-17T12:01:00Z"),
        )
    )
    assert lines[1]["ads"] and lines[2] == {
        "type": "interests",
        "id": "q2",
        "ads": [],
        "content": [],
    }


def test_deleting_a_conversation_removes_every_message_in_it(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING, conversation="c9"),
            chat(
                "m2",
                "fb:a",
                "Looking for cheap flights to Denver",
                conversation="c9",
                at="2025-12-17T10:01:00Z",
            ),
            {
                "at": "2025-12-17T12:00:00Z",
                "type": "delete_conversation",
                "account": "fb:a",
                "conversation": "c9",
            },
            interests("q", "fb:a", at="2025-12-17T12:01:00Z"),
        )
    )
    assert lines[-1]["ads"] == [] and lines[-1]["content"] == []


def test_weights_decay_with_a_thirty_day_half_life(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING, at="2025-12-17T00:00:00Z"),
            interests("q1", "fb:a", at="2025-12-17T00:00:00Z"),
            interests("q2", "fb:a", at="2026-01-16T00:00:00Z"),
        )
    )
    w1, w2 = lines[1]["ads"][0]["weight"], lines[2]["ads"][0]["weight"]
    assert abs(w2 - w1 / 2) < 1e-3


def test_engagements_feed_profiles_with_their_ids_as_evidence(simulate: Simulate) -> None:
    catalog = {
        "content": [
            {"id": "grp-hikers", "kind": "group", "title": "Bay Area Hikers", "categories": ["159"]}
        ]
    }
    lines = simulate(
        scenario(
            account("fb:a"),
            {
                "at": "2025-12-17T10:05:00Z",
                "type": "engagement",
                "id": "e1",
                "account": "fb:a",
                "kind": "follow",
                "item": "grp-hikers",
            },
            interests("q", "fb:a"),
            catalog=catalog,
        )
    )
    assert lines[0]["content"][0] == {
        "topic": "159",
        "name": "Outdoor Activities",
        "weight": lines[0]["content"][0]["weight"],
        "evidence": ["e1"],
    }


def test_assistant_turns_are_context_not_signals(simulate: Simulate) -> None:
    [line] = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            chat("m1", "fb:a", "There are great hiking trails in Yosemite.", role="assistant"),
        )
    )
    assert line["used_for"] == {"ads": False, "content": False} and line["interests"] == []


def test_a_message_reads_as_context_only_its_own_accounts_turns(simulate: Simulate) -> None:
    """A short reply is read with the assistant turn before it, when that turn is of the
    person's own conversation; another account posting under the same conversation id
    cannot lend it one (and so steer what is inferred about the person)."""
    offer = "There is a United flight at 9am for $210. Shall I book it?"

    def reply_after(replier: str | None) -> list[str]:
        before = (
            []
            if replier is None
            else [chat("m1", replier, offer, at="2025-12-17T10:00:00Z", role="assistant")]
        )
        lines = simulate(
            scenario(
                account("fb:a"),
                account("fb:b"),
                notice("fb:a"),
                notice("fb:b"),
                *before,
                chat("m2", "fb:a", "Yes, book that one.", at="2025-12-17T10:01:00Z"),
            )
        )
        reply = next(line for line in lines if line.get("id") == "m2")
        return [i["topic"] for i in reply["interests"]]

    air_travel = "672"
    assert air_travel in reply_after("fb:a")
    assert reply_after("fb:b") == reply_after(None)
    assert air_travel not in reply_after(None)


def test_the_same_scenario_always_prints_the_same_lines(simulate: Simulate) -> None:
    doc = scenario(
        account("fb:a"), notice("fb:a"), chat("m1", "fb:a", HIKING), interests("q", "fb:a")
    )
    assert simulate(doc) == simulate(doc)

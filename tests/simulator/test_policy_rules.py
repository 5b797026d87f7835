"""Every policy rule, exercised through the simulator, with its name and reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.simulator.scenarios import account, chat, interests, notice, rules_of, scenario

Simulate = Callable[[dict[str, Any]], list[dict[str, Any]]]
HIKING = "I love hiking in the mountains and need new hiking boots"


def test_a_message_that_passes_every_rule_is_used_for_ads_and_content(simulate: Simulate) -> None:
    [line] = simulate(scenario(account("fb:a"), notice("fb:a"), chat("m1", "fb:a", HIKING)))
    assert line["type"] == "chat" and line["id"] == "m1"
    assert line["used_for"] == {"ads": True, "content": True}
    assert line["rules"] == []
    assert any(i["topic"] == "159" for i in line["interests"])


def test_messages_before_the_effective_date_are_never_used(simulate: Simulate) -> None:
    [line] = simulate(
        scenario(
            account("fb:a"), notice("fb:a"), chat("m1", "fb:a", HIKING, at="2025-12-15T23:59:59Z")
        )
    )
    assert line["used_for"] == {"ads": False, "content": False}
    assert rules_of(line) == {("effective-date", "ads"), ("effective-date", "content")}
    assert "2025-12-16" in line["rules"][0]["reason"]
    assert line["interests"] == []  # never read, so nothing extracted


def test_without_a_notice_chats_are_not_used(simulate: Simulate) -> None:
    [line] = simulate(scenario(account("fb:a"), chat("m1", "fb:a", HIKING)))
    assert rules_of(line) == {("notice", "ads"), ("notice", "content")}
    assert "not been shown the notice" in line["rules"][0]["reason"]


def test_a_notice_delivered_after_the_message_does_not_count(simulate: Simulate) -> None:
    [line] = simulate(
        scenario(
            account("fb:a"),
            chat("m1", "fb:a", HIKING, at="2025-12-17T10:00:00Z"),
            notice("fb:a", at="2025-12-17T10:30:00Z"),
        )
    )
    assert rules_of(line) == {("notice", "ads"), ("notice", "content")}


def test_a_notice_delivered_at_the_same_instant_as_the_message_does_not_count(
    simulate: Simulate,
) -> None:
    [line] = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a", at="2025-12-17T10:00:00Z"),
            chat("m1", "fb:a", HIKING, at="2025-12-17T10:00:00Z"),
        )
    )
    assert ("notice", "ads") in rules_of(line)


def test_accounts_in_excluded_regions_are_not_used(simulate: Simulate) -> None:
    for country in ("DE", "FR", "NO", "GB", "KR"):
        [line] = simulate(
            scenario(account("x", country=country), notice("x"), chat("m1", "x", HIKING))
        )
        assert rules_of(line) == {("region", "ads"), ("region", "content")}, country
        assert country in line["rules"][0]["reason"]


def test_accounts_outside_the_excluded_regions_are_used(simulate: Simulate) -> None:
    for country in ("US", "CA", "BR", "IN", "CH"):
        [line] = simulate(
            scenario(account("x", country=country), notice("x"), chat("m1", "x", HIKING))
        )
        assert line["rules"] == [], country


def test_end_to_end_encrypted_chats_are_never_read(simulate: Simulate) -> None:
    [line] = simulate(
        scenario(account("fb:a"), notice("fb:a"), chat("m1", "fb:a", HIKING, encrypted=True))
    )
    assert rules_of(line) == {("encrypted", "ads"), ("encrypted", "content")}
    assert "end-to-end encrypted" in line["rules"][0]["reason"]
    assert line["interests"] == [] and line["sensitive"] == []


def test_minors_get_no_chat_derived_ads_but_content_still_personalizes(simulate: Simulate) -> None:
    [line] = simulate(
        scenario(account("ig:t", birth="2009-03-14"), notice("ig:t"), chat("m1", "ig:t", HIKING))
    )
    assert line["used_for"] == {"ads": False, "content": True}
    assert rules_of(line) == {("minor", "ads")}
    assert "16" in line["rules"][0]["reason"] and "18" in line["rules"][0]["reason"]


def test_the_eighteenth_birthday_ends_the_minor_rule(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("x", birth="2007-12-17"),
            notice("x"),
            chat("m1", "x", HIKING, at="2025-12-16T23:00:00Z"),
            chat("m2", "x", HIKING, at="2025-12-17T00:30:00Z"),
        )
    )
    assert ("minor", "ads") in rules_of(lines[0])
    assert lines[1]["rules"] == []


def test_an_unknown_age_is_treated_as_a_minor(simulate: Simulate) -> None:
    [line] = simulate(scenario(account("x", birth=None), notice("x"), chat("m1", "x", HIKING)))
    assert rules_of(line) == {("minor", "ads")}
    assert "unknown" in line["rules"][0]["reason"]


def test_a_sensitive_message_gives_nothing_to_ads_or_content(simulate: Simulate) -> None:
    text = "My doctor changed my diabetes medication and I want to keep hiking"
    lines = simulate(
        scenario(account("fb:a"), notice("fb:a"), chat("m1", "fb:a", text), interests("q", "fb:a"))
    )
    line = lines[0]
    assert "health" in line["sensitive"]
    assert line["used_for"] == {"ads": False, "content": False}
    assert rules_of(line) == {("sensitive", "ads"), ("sensitive", "content")}
    assert "health" in line["rules"][0]["reason"]
    assert lines[1]["ads"] == [] and lines[1]["content"] == []  # not even the hiking part


def test_hiding_a_topic_hides_its_descendants(simulate: Simulate) -> None:
    # 227 Running and Jogging lies under 225 Fitness and Exercise under 223 Healthy Living.
    catalog = {
        "content": [{"id": "reel-run", "kind": "reel", "title": "Trail run", "categories": ["227"]}]
    }
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            {"at": "2025-12-17T09:00:00Z", "type": "hide_topic", "account": "fb:a", "topic": "223"},
            {
                "at": "2025-12-17T09:30:00Z",
                "type": "engagement",
                "id": "e1",
                "account": "fb:a",
                "kind": "like",
                "item": "reel-run",
            },
            interests("q", "fb:a"),
            catalog=catalog,
        )
    )
    [q] = lines
    assert q["ads"] == []  # hidden for ads, descendants included
    assert [e["topic"] for e in q["content"]] == ["227"]  # "see less" is about ads by default


def test_hidden_topics_are_reported_on_the_messages_they_stop(simulate: Simulate) -> None:
    [line] = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            {"at": "2025-12-17T09:00:00Z", "type": "hide_topic", "account": "fb:a", "topic": "150"},
            chat("m1", "fb:a", HIKING),
        )
    )
    assert ("hidden-topic", "ads") in rules_of(line)
    assert line["used_for"]["content"] is True
    hidden = [r for r in line["rules"] if r["rule"] == "hidden-topic"]
    assert hidden[0]["topics"] == ["159"] and "Attractions" in hidden[0]["reason"]


def test_consent_preset_uses_chats_only_after_an_opt_in_per_purpose(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            chat("m1", "fb:a", HIKING, at="2025-12-17T10:00:00Z"),
            {
                "at": "2025-12-17T10:01:00Z",
                "type": "consent",
                "account": "fb:a",
                "purpose": "content",
                "granted": True,
            },
            chat("m2", "fb:a", HIKING, at="2025-12-17T10:02:00Z"),
            {
                "at": "2025-12-17T10:03:00Z",
                "type": "consent",
                "account": "fb:a",
                "purpose": "ads",
                "granted": True,
            },
            chat("m3", "fb:a", HIKING, at="2025-12-17T10:04:00Z"),
            policy="consent",
        )
    )
    assert rules_of(lines[0]) == {("consent", "ads"), ("consent", "content")}
    assert "opted in" in lines[0]["rules"][0]["reason"]
    assert lines[1]["used_for"] == {"ads": False, "content": True}
    assert lines[2]["used_for"] == {"ads": True, "content": True}


def test_withdrawing_consent_removes_that_purposes_chat_signals(simulate: Simulate) -> None:
    lines = simulate(
        scenario(
            account("fb:a"),
            notice("fb:a"),
            {
                "at": "2025-12-17T09:00:00Z",
                "type": "consent",
                "account": "fb:a",
                "purpose": "ads",
                "granted": True,
            },
            {
                "at": "2025-12-17T09:00:00Z",
                "type": "consent",
                "account": "fb:a",
                "purpose": "content",
                "granted": True,
            },
            chat("m1", "fb:a", HIKING),
            {
                "at": "2025-12-17T10:30:00Z",
                "type": "consent",
                "account": "fb:a",
                "purpose": "ads",
                "granted": False,
            },
            interests("q", "fb:a"),
            policy="consent",
        )
    )
    assert lines[-1]["ads"] == [] and lines[-1]["content"][0]["evidence"] == ["m1"]


def test_meta_preset_ignores_consent_events(simulate: Simulate) -> None:
    [line] = simulate(scenario(account("fb:a"), notice("fb:a"), chat("m1", "fb:a", HIKING)))
    assert not any(r["rule"] == "consent" for r in line["rules"])


def test_every_failing_rule_is_listed_not_only_the_first(simulate: Simulate) -> None:
    [line] = simulate(
        scenario(
            account("x", country="DE", birth="2010-01-01"),
            chat("m1", "x", HIKING, at="2025-12-01T10:00:00Z", encrypted=True),
        )
    )
    names = {r for r, _ in rules_of(line)}
    assert names == {"effective-date", "encrypted", "region", "notice", "minor"}

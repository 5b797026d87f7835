"""Every policy rule through the HTTP API, with the rule's name and reason."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

HIKING = "I love hiking in the mountains and need new hiking boots"


def register(
    client: TestClient,
    acct: str,
    country: str = "US",
    birth: str | None = "1990-04-02",
    app: str = "facebook",
    notice_at: str | None = "2025-12-01T00:00:00Z",
) -> None:
    body: dict[str, Any] = {"id": acct, "app": app, "country": country}
    if birth:
        body["birth_date"] = birth
    assert client.post("/v1/accounts", json=body).status_code == 201
    if notice_at:
        r = client.post(f"/v1/accounts/{acct}/notice-deliveries", json={"at": notice_at})
        assert r.status_code == 201


def post(
    client: TestClient,
    mid: str,
    acct: str,
    text: str = HIKING,
    at: str = "2025-12-17T10:00:00Z",
    **extra: Any,
) -> dict[str, Any]:
    r = client.post(
        "/v1/interactions",
        json={"id": mid, "account": acct, "conversation": "c1", "text": text, "at": at, **extra},
    )
    assert r.status_code == 202, r.text
    body: dict[str, Any] = r.json()
    return body


def rules(body: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["rule"], r["purpose"]) for r in body["rules"]}


def test_a_message_that_passes_every_rule_is_used(client: TestClient) -> None:
    register(client, "fb:a")
    body = post(client, "m1", "fb:a")
    assert body["status"] == "processed" and body["rules"] == []
    assert body["used_for"] == {"ads": True, "content": True}
    interests = client.get("/v1/accounts/fb:a/interests").json()
    assert interests["ads"][0]["topic"] == "159" and interests["ads"][0]["evidence"] == ["m1"]
    assert interests["ads"][0]["sources"][0]["at"] == "2025-12-17T10:00:00Z"


@pytest.mark.parametrize(
    ("setup", "message", "expected", "phrase"),
    [
        (
            {},
            {"at": "2025-12-15T10:00:00Z"},
            {("effective-date", "ads"), ("effective-date", "content")},
            "2025-12-16",
        ),
        ({"notice_at": None}, {}, {("notice", "ads"), ("notice", "content")}, "notice"),
        (
            {"notice_at": "2025-12-18T00:00:00Z"},
            {},
            {("notice", "ads"), ("notice", "content")},
            "after this message",
        ),
        ({"country": "FR"}, {}, {("region", "ads"), ("region", "content")}, "FR"),
        (
            {},
            {"encrypted": True},
            {("encrypted", "ads"), ("encrypted", "content")},
            "end-to-end encrypted",
        ),
        ({"birth": "2010-06-01"}, {}, {("minor", "ads")}, "under 18"),
        (
            {},
            {"text": "I was diagnosed with diabetes, what medication helps?"},
            {("sensitive", "ads"), ("sensitive", "content")},
            "health",
        ),
    ],
    ids=[
        "effective-date",
        "notice-missing",
        "notice-late",
        "region",
        "encrypted",
        "minor",
        "sensitive",
    ],
)
def test_each_rule_stops_the_message_and_says_why(
    client: TestClient,
    setup: dict[str, Any],
    message: dict[str, Any],
    expected: set[tuple[str, str]],
    phrase: str,
) -> None:
    register(client, "x", **setup)
    body = post(client, "m1", "x", **message)
    assert rules(body) == expected
    assert all(phrase in r["reason"] for r in body["rules"])
    decisions = client.get("/v1/decisions").json()
    assert {(d["rule"], d["purpose"]) for d in decisions["decisions"]} == expected


def test_hidden_topic_rule_over_http(client: TestClient) -> None:
    register(client, "fb:a")
    r = client.post("/v1/accounts/fb:a/hidden-topics", json={"topic": "150"})
    assert r.status_code == 201
    body = post(client, "m1", "fb:a")
    assert ("hidden-topic", "ads") in rules(body)
    assert body["used_for"]["content"] is True
    assert client.get("/v1/accounts/fb:a/interests").json()["ads"] == []


def test_consent_rule_over_http() -> None:
    from datetime import UTC, datetime

    from chatsignals.bootstrap import bootstrap
    from chatsignals.services.clock import ManualClock
    from chatsignals.settings import Settings
    from tests.conftest import admin_client

    container = bootstrap(
        Settings(database_url="sqlite://", policy="consent"),
        clock=ManualClock(datetime(2025, 12, 17, tzinfo=UTC)),
    )
    client = admin_client(container)
    register(client, "fb:a")
    assert rules(post(client, "m1", "fb:a")) == {("consent", "ads"), ("consent", "content")}
    r = client.post("/v1/accounts/fb:a/consents", json={"purpose": "ads", "granted": True})
    assert r.status_code == 201
    body = post(client, "m2", "fb:a", at="2025-12-17T11:00:00Z")
    assert rules(body) == {("consent", "content")}
    assert "opted in" in body["rules"][0]["reason"]
    assert client.get("/v1/policy").json()["name"] == "consent"


def test_no_rules_means_deny() -> None:
    from datetime import UTC, date, datetime

    from chatsignals.domain.accounts import Account
    from chatsignals.domain.policy import META_2025, GateContext, evaluate_gate

    empty = type(META_2025)(name="empty", description="", rules=frozenset())
    ctx = GateContext(
        datetime(2026, 1, 1, tzinfo=UTC),
        False,
        Account("a", "facebook", "US", date(1990, 1, 1), datetime(2025, 1, 1, tzinfo=UTC)),
        datetime(2025, 11, 1, tzinfo=UTC),
    )
    denials = evaluate_gate(empty, ctx)
    assert all(d and d[0].rule.value == "default-deny" for d in denials.values())

"""Ingest over HTTP: idempotency, links, deletion, and bad input that stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from chatsignals.bootstrap import Container
from tests.api.test_policy_rules_http import HIKING, post, register
from tests.stored_signals import stored_signals


def _count(container: Container, table: str) -> int:
    with container.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar_one())


def test_posting_the_same_message_twice_is_idempotent(
    client: TestClient, container: Container
) -> None:
    register(client, "fb:a")
    first = post(client, "m1", "fb:a")
    r = client.post(
        "/v1/interactions",
        json={
            "id": "m1",
            "account": "fb:a",
            "conversation": "c1",
            "text": HIKING,
            "at": "2025-12-17T10:00:00Z",
        },
    )
    assert r.status_code == 200 and r.json() == first
    assert _count(container, "interactions") == 1
    assert len(stored_signals(container.engine)) == 2  # one per purpose, not doubled


def test_the_same_id_with_different_content_is_a_conflict(client: TestClient) -> None:
    register(client, "fb:a")
    post(client, "m1", "fb:a")
    r = client.post(
        "/v1/interactions",
        json={
            "id": "m1",
            "account": "fb:a",
            "conversation": "other",
            "text": HIKING,
            "at": "2025-12-17T10:00:00Z",
        },
    )
    assert r.status_code == 409 and "different content" in r.json()["detail"]


def test_linking_shares_signals_and_unlinking_stops_them(client: TestClient) -> None:
    register(client, "fb:a")
    register(client, "ig:a", app="instagram")
    assert client.put("/v1/centers/ac:a/accounts/fb:a").status_code == 200
    assert client.put("/v1/centers/ac:a/accounts/ig:a").json()["accounts"] == ["fb:a", "ig:a"]
    post(client, "m1", "fb:a")
    assert client.get("/v1/accounts/ig:a/interests").json()["ads"][0]["evidence"] == ["m1"]
    assert client.delete("/v1/centers/ac:a/accounts/ig:a").status_code == 204
    assert client.get("/v1/accounts/ig:a/interests").json()["ads"] == []
    assert client.get("/v1/accounts/fb:a/interests").json()["ads"] != []


def test_an_account_cannot_sit_in_two_centers(client: TestClient) -> None:
    register(client, "fb:a")
    client.put("/v1/centers/ac:1/accounts/fb:a")
    r = client.put("/v1/centers/ac:2/accounts/fb:a")
    assert r.status_code == 409 and "ac:1" in r.json()["detail"]


def test_deleting_a_message_deletes_its_signals_and_decisions(
    client: TestClient, container: Container
) -> None:
    register(client, "fb:a")
    post(client, "m1", "fb:a")
    post(client, "m2", "fb:a", text="I was diagnosed with asthma", at="2025-12-17T10:01:00Z")
    assert client.delete("/v1/interactions/m1").status_code == 204
    assert client.delete("/v1/interactions/m2").status_code == 204
    assert client.get("/v1/accounts/fb:a/interests").json()["ads"] == []
    for table in ("interactions", "signal_buckets", "decisions"):
        assert _count(container, table) == 0, table
    assert client.delete("/v1/interactions/m1").status_code == 404


def test_deleting_a_conversation(client: TestClient, container: Container) -> None:
    register(client, "fb:a")
    post(client, "m1", "fb:a")
    post(client, "m2", "fb:a", at="2025-12-17T10:05:00Z")
    r = client.delete("/v1/conversations/c1")
    assert r.status_code == 200 and r.json()["deleted"] == 2
    assert _count(container, "signal_buckets") == 0


def test_encrypted_text_is_never_stored(client: TestClient, container: Container) -> None:
    register(client, "fb:a")
    post(client, "m1", "fb:a", text="secret plans for Denver", encrypted=True)
    with container.engine.connect() as conn:
        sealed = conn.exec_driver_sql("SELECT text_sealed FROM interactions").scalar_one()
    assert sealed is None


def test_engagements_become_signals_and_can_be_deleted(client: TestClient) -> None:
    register(client, "fb:a")
    assert (
        client.post(
            "/v1/content",
            json={"id": "grp-1", "kind": "group", "title": "Hikers", "categories": ["159"]},
        ).status_code
        == 201
    )
    r = client.post(
        "/v1/engagements",
        json={
            "id": "e1",
            "account": "fb:a",
            "kind": "follow",
            "item": "grp-1",
            "at": "2025-12-17T10:00:00Z",
        },
    )
    assert r.status_code == 202 and r.json()["used_for"] == {"ads": True, "content": True}
    assert client.get("/v1/accounts/fb:a/interests").json()["content"][0]["evidence"] == ["e1"]
    assert client.delete("/v1/engagements/e1").status_code == 204
    assert client.get("/v1/accounts/fb:a/interests").json()["content"] == []


BAD_BODIES: list[tuple[str, Any, str]] = [
    (
        "missing text field type",
        {"id": "m9", "account": "fb:a", "conversation": "c", "text": 5},
        "text",
    ),
    ("missing id", {"account": "fb:a", "conversation": "c", "text": "hi"}, "id"),
    (
        "unknown account",
        {"id": "m9", "account": "nobody", "conversation": "c", "text": "hi"},
        "account",
    ),
    (
        "time without zone",
        {
            "id": "m9",
            "account": "fb:a",
            "conversation": "c",
            "text": "hi",
            "at": "2025-12-17T10:00:00",
        },
        "at",
    ),
    (
        "text over 32 KB",
        {"id": "m9", "account": "fb:a", "conversation": "c", "text": "é" * 17000},
        "text",
    ),
    (
        "bad role",
        {"id": "m9", "account": "fb:a", "conversation": "c", "text": "hi", "role": "system"},
        "role",
    ),
    (
        "stringly boolean",
        {"id": "m9", "account": "fb:a", "conversation": "c", "text": "hi", "encrypted": "yes"},
        "encrypted",
    ),
    (
        "unknown field",
        {"id": "m9", "account": "fb:a", "conversation": "c", "text": "hi", "txt": "x"},
        "txt",
    ),
    (
        "wrong app",
        {"id": "m9", "account": "fb:a", "conversation": "c", "text": "hi", "app": "whatsapp"},
        "app",
    ),
]


@pytest.mark.parametrize(("label", "body", "field"), BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_bad_interactions_get_a_4xx_with_a_message_and_store_nothing(
    client: TestClient, container: Container, label: str, body: Any, field: str
) -> None:
    register(client, "fb:a")
    r = client.post("/v1/interactions", json=body)
    assert 400 <= r.status_code < 500, label
    payload = r.json()
    assert payload["detail"] and field in (payload.get("field") or "") + payload["detail"]
    assert _count(container, "interactions") == 0


@pytest.mark.parametrize(
    "raw",
    [
        b'{"id": "m1", "account": ',
        b'{"id": "m1", "account": "fb:a", "conversation": "c", "text": "\xff\xfe"}',
        b"[1, 2, 3]",
        b"",
    ],
    ids=["truncated-json", "invalid-utf8", "not-an-object", "empty"],
)
def test_unreadable_bodies_get_a_4xx_and_store_nothing(
    client: TestClient, container: Container, raw: bytes
) -> None:
    register(client, "fb:a")
    r = client.post("/v1/interactions", content=raw, headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500 and r.json()["detail"]
    assert _count(container, "interactions") == 0


def test_oversized_bodies_are_refused_before_parsing(client: TestClient) -> None:
    r = client.post(
        "/v1/interactions", content=b"x" * 300_000, headers={"content-type": "application/json"}
    )
    assert r.status_code == 413 and "bytes" in r.json()["detail"]


def test_bad_accounts_and_topics_are_refused(client: TestClient) -> None:
    assert (
        client.post(
            "/v1/accounts", json={"id": "x", "app": "facebook", "country": "USA"}
        ).status_code
        == 422
    )
    assert (
        client.post(
            "/v1/accounts",
            json={"id": "x", "app": "facebook", "country": "US", "birth_date": "1990-13-01"},
        ).status_code
        == 422
    )
    register(client, "fb:a")
    r = client.post("/v1/accounts/fb:a/hidden-topics", json={"topic": "nope"})
    assert r.status_code == 422 and "nope" in r.json()["detail"]
    r = client.post(
        "/v1/content", json={"id": "c1", "kind": "post", "title": "t", "categories": ["zzz"]}
    )
    assert r.status_code == 422
    r = client.post(
        "/v1/engagements", json={"id": "e1", "account": "fb:a", "kind": "like", "item": "ghost"}
    )
    assert r.status_code == 404 and "ghost" in r.json()["detail"]


def test_openapi_and_health(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert "/v1/interactions" in doc["paths"]
    assert doc["paths"]["/v1/interactions"]["post"]["operationId"] == "post_interaction"
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_simulator_is_reachable_over_http(client: TestClient) -> None:
    r = client.post(
        "/v1/simulations",
        json={
            "events": [
                {
                    "at": "2025-12-01T00:00:00Z",
                    "type": "account",
                    "account": "a",
                    "app": "facebook",
                    "country": "ZZZ",
                }
            ]
        },
    )
    assert r.status_code == 422 and "event 0" in r.json()["detail"]

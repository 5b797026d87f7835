"""Chatting through POST /v1/assistant/messages: the message is ingested and decided like
any other, the answer is stored as an assistant turn, and personalization is the same
whichever backend answers."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.assistant.base import Assistant, AssistantError, Turn
from chatsignals.assistant.openai_compat import OpenAICompatAssistant
from chatsignals.bootstrap import Container
from chatsignals.services import person_tokens
from chatsignals.services.clock import ManualClock
from tests.api.test_policy_rules_http import HIKING, register
from tests.assistant.fake_openai import FakeOpenAI, fake_openai_server
from tests.assistant.test_assistant_contract import EchoAssistant
from tests.conftest import admin_client

DIABETES = "I was just diagnosed with type 2 diabetes and I'm scared about insulin"


def chat(client: TestClient, text: str, mid: str = "m1", **extra: Any) -> dict[str, Any]:
    body = {"id": mid, "account": "fb:a", "conversation": "c1", "text": text, **extra}
    r = client.post("/v1/assistant/messages", json=body)
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def _rows(container: Container, sql: str) -> list[tuple[Any, ...]]:
    with container.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def test_a_message_is_ingested_answered_and_the_answer_stored_as_an_assistant_turn(
    client: TestClient, container: Container
) -> None:
    register(client, "fb:a")
    out = chat(client, HIKING)
    assert out["message"]["used_for"] == {"ads": True, "content": True}
    assert out["reply"]["id"] == "m1:reply" and out["reply"]["role"] == "assistant"
    assert "not from an AI model" in out["reply"]["text"]
    assert out["assistant"]["backend"] == "offline"
    roles = _rows(container, "SELECT id, role FROM interactions ORDER BY at")
    assert roles == [("m1", "user"), ("m1:reply", "assistant")]
    interests = client.get("/v1/accounts/fb:a/interests").json()
    assert interests["ads"][0]["evidence"] == ["m1"]  # the answer is context, never a signal


def test_a_retry_returns_the_stored_answer_and_adds_nothing(
    client: TestClient, container: Container
) -> None:
    register(client, "fb:a")
    first = chat(client, HIKING)
    again = chat(client, HIKING)
    assert again["reply"] == first["reply"]
    assert len(_rows(container, "SELECT id FROM interactions")) == 2


def test_a_medical_chat_is_answered_but_never_reaches_ads(client: TestClient) -> None:
    register(client, "fb:a")
    out = chat(client, DIABETES)
    assert out["message"]["used_for"]["ads"] is False
    assert "health" in out["message"]["sensitive"]
    assert "medical advice" in out["reply"]["text"]
    assert client.get("/v1/accounts/fb:a/interests").json()["ads"] == []


def test_a_voice_transcript_is_stored_as_voice(client: TestClient) -> None:
    register(client, "fb:a")
    out = chat(client, HIKING, modality="voice")
    stored = client.get("/v1/interactions/m1").json()
    assert stored["modality"] == "voice" and out["message"]["used_for"]["ads"] is True


def test_the_history_is_sent_to_the_backend_oldest_first(
    client: TestClient, clock: ManualClock
) -> None:
    seen: list[Sequence[Turn]] = []

    class Recorder(EchoAssistant):
        def reply(self, turns: Sequence[Turn]) -> str:
            seen.append(turns)
            return super().reply(turns)

    client.app.state.assistant = Recorder()  # type: ignore[attr-defined]
    register(client, "fb:a")
    chat(client, "first question", mid="m1")
    clock.set(clock.now() + timedelta(minutes=1))
    chat(client, "second question", mid="m2")
    assert [t.text for t in seen[-1]] == [
        "first question",
        "echo: first question",
        "second question",
    ]


def test_a_failing_backend_answers_502_and_keeps_the_message_for_a_retry(
    client: TestClient, container: Container
) -> None:
    class Broken(Assistant):
        def reply(self, turns: Sequence[Turn]) -> str:
            raise AssistantError("model overloaded")

        def stream(self, turns: Sequence[Turn]) -> Iterator[str]:
            raise AssistantError("model overloaded")

    client.app.state.assistant = Broken()  # type: ignore[attr-defined]
    register(client, "fb:a")
    body = {"id": "m1", "account": "fb:a", "conversation": "c1", "text": HIKING}
    r = client.post("/v1/assistant/messages", json=body)
    assert r.status_code == 502 and "model overloaded" in r.json()["detail"]
    assert _rows(container, "SELECT id FROM interactions") == [("m1",)]
    client.app.state.assistant = EchoAssistant()  # type: ignore[attr-defined]
    assert chat(client, HIKING)["reply"]["text"] == f"echo: {HIKING}"


def test_bad_input_is_refused_and_stores_nothing(client: TestClient, container: Container) -> None:
    register(client, "fb:a")
    for body, field in (
        ({"account": "fb:a", "conversation": "c1", "text": ""}, "text"),
        ({"account": "fb:a", "conversation": "c1", "text": "hi", "modality": "video"}, "modality"),
        ({"account": "fb:a", "conversation": "c 1", "text": "hi"}, "conversation"),
    ):
        r = client.post("/v1/assistant/messages", json=body)
        assert r.status_code == 422 and r.json()["field"] == field
    r = client.post(
        "/v1/assistant/messages", json={"account": "nobody", "conversation": "c", "text": "hi"}
    )
    assert r.status_code == 404
    assert _rows(container, "SELECT id FROM interactions") == []


def _events(text: str) -> list[tuple[str, dict[str, Any]]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_the_stream_sends_the_decision_then_pieces_then_the_stored_answer(
    client: TestClient,
) -> None:
    register(client, "fb:a")
    body = {"id": "m1", "account": "fb:a", "conversation": "c1", "text": HIKING}
    r = client.post("/v1/assistant/messages/stream", json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = _events(r.text)
    assert events[0][0] == "message" and events[0][1]["message"]["used_for"]["ads"] is True
    deltas = "".join(d["text"] for name, d in events if name == "delta")
    assert events[-1][0] == "reply" and events[-1][1]["text"] == deltas
    assert client.get("/v1/interactions/m1:reply").json()["role"] == "assistant"


def test_personalization_is_the_same_with_an_openai_compatible_backend(
    container: Container, client: TestClient
) -> None:
    register(client, "fb:a")
    with fake_openai_server() as server:
        client.app.state.assistant = OpenAICompatAssistant(server.url, "tiny")  # type: ignore[attr-defined]
        out = chat(client, HIKING)
        assert out["reply"]["text"] == FakeOpenAI.answer_to(HIKING)
        assert server.requests[-1]["messages"][-1]["content"] == HIKING
    offline_interests = client.get("/v1/accounts/fb:a/interests").json()["ads"]
    assert [e["topic"] for e in offline_interests][:1] == ["159"]


def test_my_activity_quotes_the_messages_behind_each_interest(
    container: Container, client: TestClient
) -> None:
    register(client, "fb:a")
    chat(client, HIKING)
    token = person_tokens.mint(container.ctx, "fb:a")[0]
    me = TestClient(create_app(container), headers={"Authorization": f"Bearer {token}"})
    activity = me.get("/v1/me/activity").json()
    top = activity["ads"][0]
    assert top["topic"] == "159"
    source = activity["sources"][top["evidence"][0]]
    assert source["text"] == HIKING and source["at"].endswith("Z") and source["app"] == "facebook"
    conversation = me.get("/v1/me/conversations/c1").json()["messages"]
    assert [m["role"] for m in conversation] == ["user", "assistant"]


def test_a_conversation_reads_only_the_named_accounts_turns(client: TestClient) -> None:
    register(client, "fb:a")
    register(client, "fb:b")
    chat(client, HIKING)
    body = {"id": "x1", "account": "fb:b", "conversation": "c1", "text": "hello"}
    assert client.post("/v1/assistant/messages", json=body).status_code == 200
    mine = client.get("/v1/assistant/conversations/c1", params={"account": "fb:a"}).json()
    assert {m["account"] for m in mine["messages"]} == {"fb:a"}
    assert mine["messages"][0]["text"] == HIKING


@pytest.mark.parametrize("path", ["/v1/assistant/messages", "/v1/assistant/messages/stream"])
def test_the_assistant_routes_need_a_platform_key(container: Container, path: str) -> None:
    anonymous = TestClient(create_app(container))
    r = anonymous.post(path, json={"account": "fb:a", "conversation": "c", "text": "hi"})
    assert r.status_code == 401


def test_a_misconfigured_backend_answers_503_with_the_reason(container: Container) -> None:
    container.settings = replace(container.settings, assistant_backend="openai")
    client = admin_client(container)
    register(client, "fb:a")
    body = {"account": "fb:a", "conversation": "c1", "text": "hi"}
    r = client.post("/v1/assistant/messages", json=body)
    assert r.status_code == 503 and "base URL and a model" in r.json()["detail"]

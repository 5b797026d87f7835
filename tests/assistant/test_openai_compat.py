"""The OpenAI-compatible backend against a tiny local fake server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from chatsignals.assistant.base import AssistantError, Turn
from chatsignals.assistant.openai_compat import OpenAICompatAssistant, completions_url
from chatsignals.domain.interactions import Role
from tests.assistant.fake_openai import FakeOpenAI, fake_openai_server

TURNS = (Turn(Role.USER, "hiking boots"),)


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as fake:
        yield fake


def test_the_reply_comes_from_the_endpoint_with_model_history_and_key(server: FakeOpenAI) -> None:
    assistant = OpenAICompatAssistant(server.url, "tiny", api_key="sk-secret")
    turns = (Turn(Role.USER, "hi"), Turn(Role.ASSISTANT, "hello"), *TURNS)
    assert assistant.reply(turns) == FakeOpenAI.answer_to("hiking boots")
    request = server.requests[-1]
    assert request["model"] == "tiny" and request["stream"] is False
    assert [m["role"] for m in request["messages"]] == ["system", "user", "assistant", "user"]
    assert server.headers[-1]["Authorization"] == "Bearer sk-secret"


def test_streaming_reads_server_sent_events_until_done(server: FakeOpenAI) -> None:
    pieces = list(OpenAICompatAssistant(server.url, "tiny").stream(TURNS))
    assert "".join(pieces) == FakeOpenAI.answer_to("hiking boots")
    assert server.requests[-1]["stream"] is True
    assert "Authorization" not in server.headers[-1]


def test_an_http_error_becomes_an_assistant_error(server: FakeOpenAI) -> None:
    server.fail_with = 503
    with pytest.raises(AssistantError, match="HTTP 503"):
        OpenAICompatAssistant(server.url, "tiny").reply(TURNS)
    with pytest.raises(AssistantError, match="HTTP 503"):
        list(OpenAICompatAssistant(server.url, "tiny").stream(TURNS))


def test_an_unreadable_answer_becomes_an_assistant_error(server: FakeOpenAI) -> None:
    server.garbage = True
    with pytest.raises(AssistantError, match="unreadable"):
        OpenAICompatAssistant(server.url, "tiny").reply(TURNS)


def test_an_unreachable_endpoint_becomes_an_assistant_error() -> None:
    with fake_openai_server() as fake:
        url = fake.url  # the server is gone once the block ends
    with pytest.raises(AssistantError, match="could not be reached"):
        OpenAICompatAssistant(url, "tiny", timeout_s=2).reply(TURNS)


def test_the_completions_url_is_derived_from_the_base_url() -> None:
    assert completions_url("http://h/v1/") == "http://h/v1/chat/completions"
    assert completions_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"
    with pytest.raises(ValueError, match="http"):
        OpenAICompatAssistant("ftp://h", "m")

"""Every assistant backend, fakes included, keeps the same contract."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pytest

from chatsignals.assistant.base import Assistant, Turn
from chatsignals.assistant.offline import OfflineAssistant
from chatsignals.assistant.openai_compat import OpenAICompatAssistant
from chatsignals.assistant.registry import create_assistant
from chatsignals.domain.interactions import Role
from tests.assistant.fake_openai import FakeOpenAI, fake_openai_server


class EchoAssistant(Assistant):
    """The fake other tests use: repeats the person's last message."""

    name = "echo"

    def reply(self, turns: Sequence[Turn]) -> str:
        return f"echo: {turns[-1].text}"

    def stream(self, turns: Sequence[Turn]) -> Iterator[str]:
        text = self.reply(turns)
        yield text[:5]
        yield text[5:]


@pytest.fixture(scope="module")
def fake_server() -> Iterator[FakeOpenAI]:
    with fake_openai_server() as server:
        yield server


def _offline(_: FakeOpenAI) -> Assistant:
    return OfflineAssistant.builtin()


def _openai(server: FakeOpenAI) -> Assistant:
    return OpenAICompatAssistant(server.url, "fake-model", api_key="sk-test", timeout_s=5)


def _echo(_: FakeOpenAI) -> Assistant:
    return EchoAssistant()


FACTORIES: dict[str, Callable[[FakeOpenAI], Assistant]] = {
    "offline": _offline,
    "openai": _openai,
    "echo": _echo,
}
TURNS = (
    Turn(Role.USER, "hello"),
    Turn(Role.ASSISTANT, "Hi, how can I help?"),
    Turn(Role.USER, "Any tips for a first hiking trail?"),
)


@pytest.mark.parametrize("backend", sorted(FACTORIES))
def test_every_backend_answers_with_nonempty_text(backend: str, fake_server: FakeOpenAI) -> None:
    answer = FACTORIES[backend](fake_server).reply(TURNS)
    assert isinstance(answer, str) and answer.strip()


@pytest.mark.parametrize("backend", sorted(FACTORIES))
def test_the_stream_joined_is_the_reply(backend: str, fake_server: FakeOpenAI) -> None:
    assistant = FACTORIES[backend](fake_server)
    pieces = list(assistant.stream(TURNS))
    assert len(pieces) > 1
    assert "".join(pieces) == assistant.reply(TURNS)


@pytest.mark.parametrize("backend", sorted(FACTORIES))
def test_describe_names_the_backend_and_no_secret(backend: str, fake_server: FakeOpenAI) -> None:
    described = FACTORIES[backend](fake_server).describe()
    assert described["backend"]
    assert "sk-test" not in str(described)


def test_the_registry_builds_backends_by_name(fake_server: FakeOpenAI) -> None:
    assert isinstance(create_assistant("offline"), OfflineAssistant)
    built = create_assistant("openai", base_url=fake_server.url, model="m")
    assert isinstance(built, OpenAICompatAssistant)
    with pytest.raises(ValueError, match="base URL and a model"):
        create_assistant("openai")
    with pytest.raises(ValueError, match="unknown assistant backend"):
        create_assistant("nope")

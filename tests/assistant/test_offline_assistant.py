"""The offline assistant: built-in notes, matched by keywords, honest about what it is."""

from __future__ import annotations

from chatsignals.assistant.base import Turn
from chatsignals.assistant.offline import OfflineAssistant
from chatsignals.domain.interactions import Role


def _ask(*texts: str) -> str:
    turns = [Turn(Role.USER, t) for t in texts]
    return OfflineAssistant.builtin().reply(turns)


def test_a_hiking_question_gets_the_hiking_note_and_says_it_is_not_a_model() -> None:
    answer = _ask("Any tips for a first hiking trail this weekend?")
    assert "day hike" in answer
    assert "not from an AI model" in answer


def test_topics_are_matched_by_keyword() -> None:
    assert "laptop" in _ask("Which laptop should I buy for programming?").lower()
    assert "pasta" in _ask("How do I cook pasta properly?").lower()
    assert "5 km" in _ask("I want to start running")


def test_a_medical_question_gets_no_medical_advice() -> None:
    answer = _ask("I was just diagnosed with diabetes, what medication should I take?")
    assert "can't give medical advice" in answer


def test_an_unknown_question_is_answered_honestly() -> None:
    answer = _ask("What is the capital of Peru?")
    assert "offline demo assistant" in answer and "none of them fits" in answer


def test_a_follow_up_is_read_with_the_message_before_it() -> None:
    answer = _ask("I love hiking in the mountains", "what should I wear on my feet then?")
    assert "Hiking" in answer or "hike" in answer.lower()


def test_a_greeting_gets_an_introduction() -> None:
    assert "I'm not an AI model" in _ask("hello!")


def test_answers_are_deterministic() -> None:
    assert _ask("tips for sourdough bread?") == _ask("tips for sourdough bread?")

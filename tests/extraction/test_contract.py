"""The extractor contract, run against every backend (the LLM one against a fake server)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from chatsignals.domain.extraction import MAX_INTERESTS, ExtractionItem, Turn
from chatsignals.domain.interactions import Role
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor
from chatsignals.extraction.registry import BACKENDS, create_extractor

from .conftest import FakeOpenAI

ITEMS = [
    ExtractionItem.from_text("a", "How do I reverse a linked list in Python?"),
    ExtractionItem.from_text("b", ""),
    ExtractionItem.from_text("c", "   "),
    ExtractionItem.from_text("d", "Book me a flight to Denver and a hotel downtown."),
    ExtractionItem.from_text("e", "My doctor changed my blood pressure medication."),
    ExtractionItem(
        "f",
        (
            Turn(Role.ASSISTANT, "I found three flights to Denver on Friday."),
            Turn(Role.USER, "Yes, book that one."),
        ),
    ),
    ExtractionItem("g", (Turn(Role.ASSISTANT, "Here are some golf courses near you."),)),
    ExtractionItem.from_text("a", "How do I reverse a linked list in Python?"),
]


@pytest.fixture(params=BACKENDS)
def extractor(
    request: pytest.FixtureRequest, taxonomy: Taxonomy, fake_openai: FakeOpenAI
) -> Extractor:
    name: str = request.param
    if name == "llm":
        return create_extractor("llm", taxonomy, base_url=fake_openai.base_url, model="fake")
    return create_extractor(name, taxonomy)


def test_extract_many_returns_one_result_per_item_in_order(extractor: Extractor) -> None:
    results = extractor.extract_many(ITEMS)
    assert [r.item_id for r in results] == [i.id for i in ITEMS]
    assert all(r.backend == extractor.name for r in results)


def test_extract_many_equals_extract_one_for_each_item(extractor: Extractor) -> None:
    assert extractor.extract_many(ITEMS) == [extractor.extract_one(i) for i in ITEMS]


def test_interests_are_bounded_scored_sorted_and_from_the_taxonomy(
    extractor: Extractor, taxonomy: Taxonomy
) -> None:
    for result in extractor.extract_many(ITEMS):
        assert len(result.interests) <= MAX_INTERESTS
        scores = [i.score for i in result.interests]
        assert scores == sorted(scores, reverse=True)
        for interest in result.interests:
            assert 0.0 <= interest.score <= 1.0
            node = taxonomy.get(interest.topic)
            assert interest.name == node.name
            assert interest.tier1 == node.tier1
        assert len({i.topic for i in result.interests}) == len(result.interests)


def test_empty_text_gives_no_interests_and_no_sensitive_categories(extractor: Extractor) -> None:
    for result in extractor.extract_many(ITEMS[1:3]):
        assert result.interests == ()
        assert result.sensitive == ()
        assert result.purchase_intent is False


def test_assistant_turns_alone_give_nothing(extractor: Extractor) -> None:
    result = extractor.extract_one(ITEMS[6])
    assert result.interests == ()
    assert result.sensitive == ()


def test_health_text_is_flagged_and_gives_advertisers_nothing(extractor: Extractor) -> None:
    result = extractor.extract_one(ITEMS[4])
    assert "health" in [c.value for c in result.sensitive]
    assert result.ad_interests == ()


@pytest.mark.parametrize("name", ["embedded"])
def test_coding_and_travel_are_recognised(
    name: str, taxonomy: Taxonomy, fake_openai: FakeOpenAI, request: pytest.FixtureRequest
) -> None:
    make: Callable[[], Extractor] = lambda: create_extractor(  # noqa: E731
        name, taxonomy, base_url=fake_openai.base_url, model="fake"
    )
    results = make().extract_many(ITEMS)
    assert results[0].interests[0].tier1 == "Technology & Computing"
    assert results[0].ad_interests == results[0].interests
    assert results[3].interests[0].tier1 == "Travel"
    assert results[3].purchase_intent is True


def test_unknown_backend_is_refused(taxonomy: Taxonomy) -> None:
    with pytest.raises(ValueError, match="unknown extraction backend"):
        create_extractor("nope", taxonomy)


def test_llm_backend_needs_an_endpoint(taxonomy: Taxonomy) -> None:
    with pytest.raises(ValueError, match="base_url"):
        create_extractor("llm", taxonomy)

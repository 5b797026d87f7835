"""The LLM backend against a fake OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import pytest

from chatsignals.domain.extraction import ExtractionItem
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.llm import ExtractionError, LLMExtractor

from .conftest import FakeOpenAI


def make(taxonomy: Taxonomy, fake: FakeOpenAI, **options: object) -> LLMExtractor:
    return LLMExtractor(
        taxonomy,
        base_url=fake.base_url,
        model="fake-model",
        api_key="sk-test",
        **options,  # type: ignore[arg-type]
    )


def test_requests_ask_for_json_schema_output_with_the_key(
    taxonomy: Taxonomy, fake_openai: FakeOpenAI
) -> None:
    make(taxonomy, fake_openai).extract_one(ExtractionItem.from_text("1", "python code please"))
    body = fake_openai.requests[0]
    assert body["model"] == "fake-model"
    assert body["response_format"]["type"] == "json_schema"
    assert "items" in body["response_format"]["json_schema"]["schema"]["properties"]
    assert fake_openai.headers[0]["Authorization"] == "Bearer sk-test"


def test_answers_are_checked_against_the_taxonomy(
    taxonomy: Taxonomy, fake_openai: FakeOpenAI
) -> None:
    result = make(taxonomy, fake_openai).extract_one(ExtractionItem.from_text("1", "python code"))
    topics = [i.topic for i in result.interests]
    assert "NOT-A-NODE" not in topics
    assert topics[0] == "483" and result.interests[0].score == 1.0  # clipped from 7.0
    assert topics[1:] == ["631", "596"]


def test_items_are_batched_and_empty_items_never_sent(
    taxonomy: Taxonomy, fake_openai: FakeOpenAI
) -> None:
    items = [ExtractionItem.from_text(str(i), f"book flight {i}") for i in range(5)]
    items.append(ExtractionItem.from_text("empty", ""))
    results = make(taxonomy, fake_openai, batch_size=2).extract_many(items)
    assert len(fake_openai.requests) == 3
    assert [r.item_id for r in results] == [i.id for i in items]
    assert results[-1].interests == ()
    assert all(r.purchase_intent for r in results[:5])


def test_sensitive_categories_fail_closed_with_the_lexicon(
    taxonomy: Taxonomy, fake_openai: FakeOpenAI
) -> None:
    # The fake model says nothing sensitive here; the lexicon still sees the politics.
    result = make(taxonomy, fake_openai).extract_one(
        ExtractionItem.from_text("1", "Who should I vote for in the election?")
    )
    assert [c.value for c in result.sensitive] == ["politics"]
    assert result.ad_interests == ()


def test_a_failing_endpoint_raises_a_clear_error(
    taxonomy: Taxonomy, fake_openai: FakeOpenAI
) -> None:
    fake_openai.status = 500
    with pytest.raises(ExtractionError, match="failed"):
        make(taxonomy, fake_openai).extract_one(ExtractionItem.from_text("1", "hello"))

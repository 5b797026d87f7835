"""Behaviour of the default embedded backend on examples written for these tests."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any

import pytest

from chatsignals.domain.extraction import Extraction, ExtractionItem, Turn
from chatsignals.domain.interactions import Role
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.embedded import EmbeddedExtractor


def top_tier1(extractor: EmbeddedExtractor, text: str) -> str | None:
    result = extractor.extract_one(ExtractionItem.from_text("x", text))
    return result.interests[0].tier1 if result.interests else None


def categories(extractor: EmbeddedExtractor, text: str) -> set[str]:
    return {c.value for c in extractor.extract_one(ExtractionItem.from_text("x", text)).sensitive}


@pytest.mark.parametrize(
    ("text", "tier1"),
    [
        ("Write a Python function that merges two sorted lists.", "Technology & Computing"),
        ("Why does my React app show a blank page after deploying?", "Technology & Computing"),
        ("Write a marketing email announcing our spring sale.", "Business and Finance"),
        ("Give me a recipe for vegetable lasagna.", "Food & Drink"),
        ("Find me a cheap flight to Lisbon in May.", "Travel"),
        ("Who won the NBA finals last year?", "Sports"),
        ("Recommend a good horror movie for tonight.", "Entertainment"),
        ("I'm looking for a two bedroom apartment to rent in Denver.", "Real Estate"),
        ("Help me write a cover letter for a data analyst job.", "Careers"),
    ],
)
def test_ordinary_prompts_get_the_right_tier1(
    embedded: EmbeddedExtractor, text: str, tier1: str
) -> None:
    assert top_tier1(embedded, text) == tier1


def test_interests_go_deeper_than_tier1_when_the_text_supports_it(
    embedded: EmbeddedExtractor, taxonomy: Taxonomy
) -> None:
    result = embedded.extract_one(
        ExtractionItem.from_text("x", "How do I fix this JavaScript bug?")
    )
    assert taxonomy.get(result.interests[0].topic).depth >= 2


def test_the_headline_hiking_example_reads_as_outdoor_activities(
    embedded: EmbeddedExtractor, taxonomy: Taxonomy
) -> None:
    text = "I love hiking in the mountains and need new hiking boots"
    result = embedded.extract_one(ExtractionItem.from_text("x", text))
    top = result.ad_interests[0].topic if result.ad_interests else None
    assert top == "159" or top in taxonomy.descendants("159")  # Outdoor Activities
    assert result.sensitive == ()


def test_a_rejected_topic_gives_no_interest(embedded: EmbeddedExtractor) -> None:
    assert embedded.extract_one(ExtractionItem.from_text("x", "I hate golf.")).interests == ()
    kept = embedded.extract_one(
        ExtractionItem.from_text("x", "I hate golf but I love cooking pasta.")
    )
    assert kept.interests and kept.interests[0].tier1 == "Food & Drink"
    assert all(i.tier1 != "Sports" for i in kept.interests)


def test_assistant_context_explains_a_short_reply(embedded: EmbeddedExtractor) -> None:
    item = ExtractionItem(
        "x",
        (
            Turn(Role.USER, "Find me a flight from Boston to Denver on Friday."),
            Turn(Role.ASSISTANT, "There is a United flight at 9am for $210. Shall I book it?"),
            Turn(Role.USER, "Yes, book that one."),
        ),
    )
    result = embedded.extract_one(item)
    assert result.interests[0].tier1 == "Travel"
    assert result.purchase_intent is True
    assert result.sensitive == ()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I was diagnosed with diabetes last week, what should I eat?", "health"),
        ("Can I take ibuprofen with my antidepressants?", "health"),
        ("I need to find a dentist in San Jose, my tooth hurts.", "health"),
        ("I've been going to church every Sunday and praying more.", "religion"),
        ("I'm gay and not sure how to come out to my parents.", "sexual_orientation"),
        ("Who should I vote for in the senate election?", "politics"),
        ("As a Black woman in tech I often feel excluded.", "race_ethnicity"),
        ("I'm an atheist and my family keeps pushing me to pray.", "philosophical_beliefs"),
        ("Should I join the teachers' union at my school?", "trade_union"),
    ],
)
def test_sensitive_texts_are_flagged_and_hidden_from_ads(
    embedded: EmbeddedExtractor, text: str, category: str
) -> None:
    result = embedded.extract_one(ExtractionItem.from_text("x", text))
    assert category in {c.value for c in result.sensitive}
    assert result.ad_interests == ()


@pytest.mark.parametrize(
    "text",
    [
        "Add a god_mode flag to my player class so it takes no damage.",
        "Write SQL for a hospital's billing table: total charges per month.",
        "Help me format my political science homework in APA style.",
        "How do I compute the union of two sets in Python?",
        "How do I fix a race condition in threads?",
        "I'm sick of this bug, the build keeps failing.",
        "Oh my god, that's hilarious.",
        "Find me a table for two at an Italian restaurant tonight.",
    ],
)
def test_mentioning_a_word_is_not_being_about_it(embedded: EmbeddedExtractor, text: str) -> None:
    assert categories(embedded, text) == set()


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("How much is the new iPad?", True),
        ("Reserve a table for four at 7pm.", True),
        ("I'm looking to buy a used car.", True),
        ("Explain how photosynthesis works.", False),
        ("I don't want to buy anything, just browsing ideas.", False),
    ],
)
def test_purchase_intent(embedded: EmbeddedExtractor, text: str, intent: bool) -> None:
    assert embedded.extract_one(ExtractionItem.from_text("x", text)).purchase_intent is intent


def test_repeated_text_is_served_from_the_cache(taxonomy: Taxonomy) -> None:
    extractor = EmbeddedExtractor(taxonomy, cache_size=10_000)
    computed: list[str] = []
    compute = extractor._extract_batch

    def counting(items: list[ExtractionItem]) -> list[Extraction]:
        computed.extend(i.user_text for i in items)
        return compute(items)

    extractor._extract_batch = counting  # type: ignore[method-assign]
    items = [
        ExtractionItem.from_text(str(i), f"Plan a trip to city number {i}") for i in range(2000)
    ]
    first = extractor.extract_many(items)
    assert len(computed) == 2000
    again = [ExtractionItem.from_text(f"again-{i.id}", i.user_text) for i in items]
    second = extractor.extract_many(again)
    assert len(computed) == 2000  # nothing computed again
    assert [r.interests for r in first] == [r.interests for r in second]
    assert [r.item_id for r in second] == [i.id for i in again]


def test_the_cache_is_bounded(taxonomy: Taxonomy) -> None:
    extractor = EmbeddedExtractor(taxonomy, cache_size=3)
    extractor.extract_many([ExtractionItem.from_text(str(i), f"text {i}") for i in range(10)])
    assert len(extractor._cache) == 3


class _SlowLru(OrderedDict[Any, Any]):
    """An LRU whose move_to_end lets other threads run first: the window in which an
    eviction by another thread used to find the key gone."""

    def move_to_end(self, key: Any, last: bool = True) -> None:
        time.sleep(0.001)
        super().move_to_end(key, last)


def test_threads_sharing_a_small_cache_all_get_their_results(taxonomy: Taxonomy) -> None:
    """The API extracts in several threads at once: one thread's eviction must not
    break another's lookup (a KeyError from the LRU's move_to_end, before the lock)."""
    extractor = EmbeddedExtractor(taxonomy, cache_size=2)
    texts = [f"hiking boots and trail maps, part {i}" for i in range(4)]
    expected = {t: extractor.extract_one(ExtractionItem.from_text("x", t)).interests for t in texts}
    extractor._cache = _SlowLru(extractor._cache)
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for round_ in range(40):
                text = texts[(n + round_ // 2) % len(texts)]  # each text twice: hits
                got = extractor.extract_many([ExtractionItem.from_text(str(round_), text)])
                assert got[0].interests == expected[text]
        except BaseException as e:  # reported below
            failures.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert len(extractor._cache) == 2

"""Clause rules and lexicons: rejection, purchase intent, identifiers, sensitive phrases."""

from __future__ import annotations

import pytest

from chatsignals.extraction.lexicon import lexicon_hits
from chatsignals.extraction.text import (
    affirmed_text,
    has_purchase_intent,
    looks_like_code,
    strip_identifiers,
    topical_text,
)


def test_rejected_clauses_are_removed_and_others_kept() -> None:
    assert affirmed_text("I hate golf").strip() == ""
    assert affirmed_text("I hate golf but I love tennis") == "I love tennis"
    assert affirmed_text("I'm not a fan of jazz. Play some rock.") == "Play some rock"
    assert affirmed_text("Find me a flight to Denver") == "Find me a flight to Denver"


def test_purchase_intent_respects_rejection() -> None:
    assert has_purchase_intent("How much is a ticket to Paris?")
    assert has_purchase_intent("Please book a table for two")
    assert not has_purchase_intent("I don't want to buy a car")
    assert not has_purchase_intent("I read a book about whales")


def test_identifiers_are_not_words() -> None:
    assert "god" not in strip_identifiers("set god_mode = True").split()
    assert looks_like_code("def f(x): return x")
    assert not looks_like_code("Plan a trip to Rome")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I pray every night", "religion"),
        ("my medication makes me dizzy", "health"),
        ("the union rep called me", "trade_union"),
        ("we are going on strike", "trade_union"),
        ("a lesbian couple moved in", "sexual_orientation"),
        ("a Hispanic man and an Asian woman", "race_ethnicity"),
        ("I'm a pacifist", "philosophical_beliefs"),
        ("abortion should be legal", "politics"),
    ],
)
def test_lexicon_finds_phrases_about_a_category(text: str, category: str) -> None:
    assert category in {c.value for c in lexicon_hits(text)}


@pytest.mark.parametrize(
    "text",
    [
        "union of two sets",
        "race condition in threads",
        "oh my god",
        "political science homework",
        "the medications table has a patient_id column",
        "leader election in raft",
        "a black dress",
        "nostalgia for academia",
    ],
)
def test_lexicon_ignores_mere_mentions(text: str) -> None:
    assert lexicon_hits(strip_identifiers(text)) == {}


def test_book_the_verb_reads_as_reserving_and_the_noun_stays() -> None:
    assert topical_text("Great, book it.") == "Great, reserve it."
    assert topical_text("Can you book a table for two") == "Can you reserve a table for two"
    assert topical_text("Recommend a book about whales") == "Recommend a book about whales"
    assert topical_text("I hate golf").strip() == ""

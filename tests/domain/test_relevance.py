from datetime import UTC, datetime

import pytest

from chatsignals.domain.profile import Evidence, ProfileEntry, SourceKind
from chatsignals.domain.relevance import match_topics, relevance_of
from chatsignals.domain.taxonomy import load_taxonomy

TAX = load_taxonomy()


def entry(topic: str, weight: float) -> ProfileEntry:
    node = TAX.get(topic)
    ev = Evidence(SourceKind.CHAT, "m1", datetime(2026, 1, 1, tzinfo=UTC), weight)
    return ProfileEntry(topic, node.name, node.tier1, weight, (ev,))


def test_interest_in_a_descendant_counts_fully_for_the_category() -> None:
    (m,) = match_topics(["483"], [entry("533", 0.8)], TAX)
    assert m.credit == 1.0 and m.contribution == pytest.approx(0.8)


def test_interest_in_an_ancestor_counts_in_part() -> None:
    (m,) = match_topics(["533"], [entry("483", 0.8)], TAX)
    assert m.credit == 0.5


def test_ancestor_credit_zero_matches_only_at_or_below() -> None:
    assert match_topics(["533"], [entry("483", 0.8)], TAX, ancestor_credit=0.0) == ()


def test_unrelated_interests_do_not_match_and_each_interest_counts_once() -> None:
    matches = match_topics(["483", "533"], [entry("533", 1.0), entry("216", 2.0)], TAX)
    assert [(m.category, m.entry.topic) for m in matches] == [("483", "533")]


def test_relevance_is_monotone_and_below_one() -> None:
    low = relevance_of(match_topics(["483"], [entry("533", 0.2)], TAX))
    high = relevance_of(match_topics(["483"], [entry("533", 2.0)], TAX))
    assert 0.0 < low < high < 1.0
    assert relevance_of(()) == 0.0

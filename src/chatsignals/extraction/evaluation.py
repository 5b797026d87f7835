"""Measuring an extractor on the shared data: tier-1 accuracy, sensitive detection, speed.

- Topics: SGD dev dialogues whose services carry an ad-relevant interest and nothing
  sensitive; the top interest's tier 1 is right when it is the service's tier 1 or one
  of its accepted alternatives.
- Sensitive categories: positives are the "report" part of the sensitive texts and the
  SGD dev dialogues of sensitive services (doctor, dentist, therapist); ordinary texts are
  the other SGD dev dialogues. False alarms are ordinary texts flagged with a category.
- Throughput: single user messages from SGD dev through ``extract_many`` with an empty
  cache.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from chatsignals.domain.extraction import ExtractionItem
from chatsignals.domain.interactions import Role
from chatsignals.domain.sensitive import SensitiveCategory
from chatsignals.extraction import datasets
from chatsignals.extraction.base import Extractor

NO_TOPIC = "(none)"


@dataclass
class CategoryScore:
    positives: int = 0
    true_positives: int = 0
    flagged: int = 0
    false_alarms: int = 0  # ordinary texts flagged with this category

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.positives if self.positives else None


@dataclass
class Evaluation:
    tier1_total: int = 0
    tier1_correct: int = 0
    per_tier1: dict[str, tuple[int, int]] = field(default_factory=dict)  # gold -> (ok, n)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    health_dialogues: int = 0
    health_flagged_and_hidden: int = 0
    categories: dict[str, CategoryScore] = field(default_factory=dict)
    ordinary_texts: int = 0
    sensitive_texts: int = 0
    sensitive_caught: int = 0
    ordinary_flagged: int = 0
    messages: int = 0
    seconds: float = 0.0

    @property
    def tier1_accuracy(self) -> float | None:
        return self.tier1_correct / self.tier1_total if self.tier1_total else None

    @property
    def throughput(self) -> float | None:
        return self.messages / self.seconds if self.seconds else None


def evaluate(
    make_extractor: Callable[[], Extractor],
    data: Path,
    *,
    limit: int | None = None,
    speed_messages: int = 5000,
) -> Evaluation:
    """Run the extractor over the shared data and score it (see the module docstring)."""
    labels = datasets.read_service_labels(data)
    dialogues = list(datasets.read_dialogues(data, "dev"))[:limit]
    texts = list(datasets.read_sensitive(data, "report"))[:limit]
    extractor = make_extractor()
    out = Evaluation(categories={c.value: CategoryScore() for c in SensitiveCategory})
    results = extractor.extract_many([d.item for d in dialogues])
    for dialogue, result in zip(dialogues, results, strict=True):
        services = [labels[s] for s in dialogue.services if s in labels]
        gold_sensitive = {c for s in services for c in s.sensitive}
        flagged = {c.value for c in result.sensitive}
        _score_sensitive(out, gold_sensitive, flagged)
        if "health" in gold_sensitive:
            out.health_dialogues += 1
            if "health" in flagged and not result.ad_interests:
                out.health_flagged_and_hidden += 1
        if gold_sensitive or not any(s.ad_relevant for s in services):
            continue
        accepted = {s.tier1 for s in services if s.tier1} | {
            a for s in services for a in s.also_tier1
        }
        gold = next(s.tier1 for s in services if s.ad_relevant and s.tier1)
        top = result.interests[0].tier1 if result.interests else NO_TOPIC
        ok = top in accepted
        out.tier1_total += 1
        out.tier1_correct += ok
        hits, n = out.per_tier1.get(gold, (0, 0))
        out.per_tier1[gold] = (hits + ok, n + 1)
        out.confusion[(gold, gold if ok else top)] += 1
    items = [ExtractionItem.from_text(t.id, t.text) for t in texts]
    for text, result in zip(texts, extractor.extract_many(items), strict=True):
        _score_sensitive(out, set(text.sensitive), {c.value for c in result.sensitive})
    messages = [t.text for d in dialogues for t in d.item.turns if t.role is Role.USER][
        :speed_messages
    ]
    _measure_speed(out, make_extractor, messages)
    return out


def _score_sensitive(out: Evaluation, gold: set[str], flagged: set[str]) -> None:
    if gold:
        out.sensitive_texts += 1
        out.sensitive_caught += bool(flagged)
    else:
        out.ordinary_texts += 1
        out.ordinary_flagged += bool(flagged)
    for name, score in out.categories.items():
        score.positives += name in gold
        score.flagged += name in flagged
        score.true_positives += name in gold and name in flagged
        score.false_alarms += name in flagged and not gold


def _measure_speed(out: Evaluation, make: Callable[[], Extractor], messages: Sequence[str]) -> None:
    if not messages:
        return
    extractor = make()  # a fresh one: nothing cached
    items = [ExtractionItem.from_text(str(i), m) for i, m in enumerate(messages)]
    started = time.perf_counter()
    extractor.extract_many(items)
    out.seconds = time.perf_counter() - started
    out.messages = len(items)

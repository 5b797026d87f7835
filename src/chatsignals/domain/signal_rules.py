"""Signal rules: which extracted interests become signals, for which purpose.

Runs after the gate and after extraction. One implementation serves the API, the
simulator and batch backfill.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chatsignals.domain.accounts import PURPOSES, Purpose
from chatsignals.domain.extraction import Extraction, Interest
from chatsignals.domain.policy import PolicyPreset, Rule, RuleDecision
from chatsignals.domain.sensitive import (
    SENSITIVE_LABELS,
    SensitiveCategory,
    sensitive_category_of_topic,
)
from chatsignals.domain.taxonomy import Taxonomy


@dataclass(frozen=True, slots=True)
class SignalOutcome:
    """Per purpose: the interests kept, and every rule that removed something."""

    kept: Mapping[Purpose, tuple[Interest, ...]]
    decisions: tuple[RuleDecision, ...]
    sensitive: tuple[SensitiveCategory, ...]

    def used_for(self, purpose: Purpose) -> bool:
        return bool(self.kept.get(purpose))


def all_sensitive(taxonomy: Taxonomy, extraction: Extraction) -> tuple[SensitiveCategory, ...]:
    """The categories the extractor flagged plus those implied by sensitive topics."""
    found = list(extraction.sensitive)
    for interest in extraction.interests:
        category = sensitive_category_of_topic(taxonomy, interest.topic)
        if category is not None:
            found.append(category)
    order = list(SensitiveCategory)
    return tuple(sorted(set(found), key=order.index))


def hidden_root(taxonomy: Taxonomy, topic: str, hidden: frozenset[str]) -> str | None:
    """The hidden topic that ``topic`` lies within (itself or an ancestor), if any."""
    if not hidden:
        return None
    if topic in hidden:
        return topic
    if topic not in taxonomy:
        return None
    for ancestor in taxonomy.ancestors(topic):
        if ancestor in hidden:
            return ancestor
    return None


def apply_signal_rules(
    preset: PolicyPreset,
    taxonomy: Taxonomy,
    extraction: Extraction,
    allowed: frozenset[Purpose],
    hidden: Mapping[Purpose, frozenset[str]],
) -> SignalOutcome:
    """Decide which interests reach each allowed purpose.

    - ``sensitive``: any sensitive category (flagged, or implied by a sensitive topic)
      removes every interest of the message for the purposes the preset protects;
    - ``hidden-topic``: topics the person hid, descendants included, are dropped.
    """
    sensitive = all_sensitive(taxonomy, extraction)
    kept: dict[Purpose, tuple[Interest, ...]] = {p: () for p in PURPOSES}
    decisions: list[RuleDecision] = []
    for purpose in PURPOSES:
        if purpose not in allowed or (not extraction.interests and not sensitive):
            continue
        if sensitive and preset.enforces(Rule.SENSITIVE) and purpose in preset.sensitive_purposes:
            labels = ", ".join(SENSITIVE_LABELS[c] for c in sensitive)
            decisions.append(
                RuleDecision(
                    Rule.SENSITIVE,
                    purpose,
                    f"The message is about {labels}, a sensitive category, so none of its "
                    f"interests are used for {purpose.value}.",
                )
            )
            continue
        interests = extraction.interests
        purpose_hidden = hidden.get(purpose, frozenset())
        if preset.enforces(Rule.HIDDEN_TOPIC) and purpose_hidden:
            dropped: list[tuple[Interest, str]] = []
            remaining: list[Interest] = []
            for interest in interests:
                root = hidden_root(taxonomy, interest.topic, purpose_hidden)
                if root is None:
                    remaining.append(interest)
                else:
                    dropped.append((interest, root))
            for interest, root in dropped:
                root_name = taxonomy.get(root).name if root in taxonomy else root
                decisions.append(
                    RuleDecision(
                        Rule.HIDDEN_TOPIC,
                        purpose,
                        f"The person asked to see less about {root_name}, so "
                        f"'{interest.name}' is not used for {purpose.value}.",
                        topics=(interest.topic,),
                    )
                )
            interests = tuple(remaining)
        kept[purpose] = interests
    return SignalOutcome(kept, tuple(decisions), sensitive)

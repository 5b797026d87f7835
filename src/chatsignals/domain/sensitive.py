"""The seven sensitive categories that never reach ads.

Meta's announcement (and GDPR Art. 9 without genetic and biometric data) names them:
religious views, sexual orientation, political views, health, racial or ethnic origin,
philosophical beliefs and trade union membership. Only some have taxonomy nodes; the
others are detected from text by the extractors.
"""

from __future__ import annotations

from enum import StrEnum

from chatsignals.domain.taxonomy import Taxonomy


class SensitiveCategory(StrEnum):
    RELIGION = "religion"
    SEXUAL_ORIENTATION = "sexual_orientation"
    POLITICS = "politics"
    HEALTH = "health"
    RACE_ETHNICITY = "race_ethnicity"
    PHILOSOPHICAL_BELIEFS = "philosophical_beliefs"
    TRADE_UNION = "trade_union"


SENSITIVE_LABELS: dict[SensitiveCategory, str] = {
    SensitiveCategory.RELIGION: "religious views",
    SensitiveCategory.SEXUAL_ORIENTATION: "sexual orientation",
    SensitiveCategory.POLITICS: "political views",
    SensitiveCategory.HEALTH: "health",
    SensitiveCategory.RACE_ETHNICITY: "racial or ethnic origin",
    SensitiveCategory.PHILOSOPHICAL_BELIEFS: "philosophical beliefs",
    SensitiveCategory.TRADE_UNION: "trade union membership",
}

# Taxonomy subtrees that *are* one of the seven categories. More specific entries come
# first: a node takes the category of the first root it lies within.
SENSITIVE_TOPIC_ROOTS: tuple[tuple[str, SensitiveCategory], ...] = (
    ("454", SensitiveCategory.PHILOSOPHICAL_BELIEFS),  # Agnosticism
    ("457", SensitiveCategory.PHILOSOPHICAL_BELIEFS),  # Atheism
    ("453", SensitiveCategory.RELIGION),  # Religion & Spirituality
    ("386", SensitiveCategory.POLITICS),  # Politics
    ("286", SensitiveCategory.HEALTH),  # Medical Health
    ("224", SensitiveCategory.HEALTH),  # Children's Health
    ("228", SensitiveCategory.HEALTH),  # Men's Health
    ("230", SensitiveCategory.HEALTH),  # Senior Health
    ("238", SensitiveCategory.HEALTH),  # Women's Health
    ("233", SensitiveCategory.HEALTH),  # Alternative Medicine
    ("236", SensitiveCategory.HEALTH),  # Physical Therapy
    ("237", SensitiveCategory.HEALTH),  # Smoking Cessation
)


def sensitive_category_of_topic(taxonomy: Taxonomy, topic_id: str) -> SensitiveCategory | None:
    """The sensitive category a taxonomy node belongs to, or None for ordinary topics."""
    if topic_id not in taxonomy:
        return None
    lineage = set(taxonomy.lineage(topic_id))
    for root, category in SENSITIVE_TOPIC_ROOTS:
        if root in lineage:
            return category
    return None


def parse_categories(values: list[str]) -> tuple[SensitiveCategory, ...]:
    """Validate category names; raises ValueError naming the first unknown one."""
    out: list[SensitiveCategory] = []
    for value in values:
        try:
            out.append(SensitiveCategory(value))
        except ValueError:
            names = ", ".join(c.value for c in SensitiveCategory)
            raise ValueError(
                f"unknown sensitive category {value!r} (expected one of {names})"
            ) from None
    return tuple(dict.fromkeys(out))

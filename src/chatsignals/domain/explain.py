""" "Why am I seeing this?": the signals behind an ad or a feed item, in plain values.

Each entry names its source and, for personal signals, the topic and the evidence
(message or engagement ids, with dates) behind it:

    {"source": "chat", "topic": "159", "name": "Outdoor Activities", "evidence": ["m1"],
     "dates": ["2025-12-17"], "matched_targeting": {"interest": "150", ...}}
    {"source": "engagement", "topic": "159", "evidence": ["e1"], ...}
    {"source": "followed"}        feed items from people or things the person follows
    {"source": "untargeted"}      ads not targeted by interests (age and place at most)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from chatsignals.domain.campaigns import Campaign
from chatsignals.domain.ranking import RankedItem
from chatsignals.domain.relevance import TopicMatch
from chatsignals.domain.targeting import Eligibility, Viewer
from chatsignals.domain.values import quick_init

MAX_EVIDENCE = 5


class WhySource(StrEnum):
    CHAT = "chat"
    ENGAGEMENT = "engagement"
    FOLLOWED = "followed"
    UNTARGETED = "untargeted"


@quick_init
@dataclass(frozen=True, slots=True)
class WhyEntry:
    source: WhySource
    topic: str | None = None
    name: str | None = None
    evidence: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # ISO dates, one per evidence id
    matched_targeting: tuple[tuple[str, str], ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"source": self.source.value}
        if self.topic is not None:
            out["topic"] = self.topic
            out["name"] = self.name
            out["evidence"] = list(self.evidence)
            out["dates"] = list(self.dates)
        if self.matched_targeting:
            out["matched_targeting"] = dict(self.matched_targeting)
        return out


def why_from_matches(
    matches: Iterable[TopicMatch], extra: tuple[tuple[str, str], ...] = (), *, targeted: bool
) -> tuple[WhyEntry, ...]:
    """One entry per (topic, source kind), strongest evidence first, capped at MAX_EVIDENCE."""
    out: list[WhyEntry] = []
    for match in matches:
        entry = match.entry
        targeting = (
            (("interest", match.category), *extra) if targeted else ()
        )  # the advertiser's choice this interest fell under
        for source in (WhySource.CHAT, WhySource.ENGAGEMENT):
            evidence = [e for e in entry.evidence if e.source_kind.value == source.value]
            if not evidence:
                continue
            evidence = evidence[:MAX_EVIDENCE]
            out.append(
                WhyEntry(
                    source,
                    entry.topic,
                    entry.name,
                    tuple(e.source_id for e in evidence),
                    tuple(e.at.date().isoformat() for e in evidence),
                    targeting,
                )
            )
    return tuple(out)


def _place_and_age(campaign: Campaign, viewer: Viewer) -> tuple[tuple[str, str], ...]:
    choices: list[tuple[str, str]] = []
    targeting = campaign.targeting
    if targeting.countries:
        choices.append(("country", viewer.country.upper()))
    if targeting.min_age is not None or targeting.max_age is not None:
        low = "" if targeting.min_age is None else str(targeting.min_age)
        high = "" if targeting.max_age is None else str(targeting.max_age)
        choices.append(("age", f"{low}-{high}"))
    return tuple(choices)


def explain_ad(
    campaign: Campaign, viewer: Viewer, eligibility: Eligibility
) -> tuple[WhyEntry, ...]:
    """Why ``viewer`` sees ``campaign``: the interests that met its targeting, or untargeted."""
    place_and_age = _place_and_age(campaign, viewer)
    if campaign.targeting.has_interests and eligibility.matches:
        entries = why_from_matches(eligibility.matches, place_and_age, targeted=True)
        if entries:
            return entries
    return (WhyEntry(WhySource.UNTARGETED, matched_targeting=place_and_age),)


def explain_item(ranked: RankedItem) -> tuple[WhyEntry, ...]:
    """Why a feed item is shown: follows first, then the interests behind its relevance."""
    entries: list[WhyEntry] = []
    if ranked.followed:
        entries.append(WhyEntry(WhySource.FOLLOWED))
    entries.extend(why_from_matches(ranked.matches, targeted=False))
    if not entries:
        entries.append(WhyEntry(WhySource.UNTARGETED))
    return tuple(entries)


def why_json(entries: Iterable[WhyEntry]) -> list[dict[str, object]]:
    return [e.to_json() for e in entries]

"""Profiles: decayed interest weights per identity and purpose, with provenance.

A signal's weight halves every ``half_life_days``. A profile is assembled from the
signals of the accounts in one identity, at read time, so deleting a message or
unlinking an account changes it at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from chatsignals.domain.accounts import Purpose
from chatsignals.domain.signal_rules import hidden_root
from chatsignals.domain.taxonomy import Taxonomy

DEFAULT_HALF_LIFE_DAYS = 30.0
MIN_WEIGHT = 1e-4


class SourceKind(StrEnum):
    CHAT = "chat"
    ENGAGEMENT = "engagement"


@dataclass(frozen=True, slots=True)
class Signal:
    """One interest, for one purpose, from one interaction or engagement."""

    account_id: str
    purpose: Purpose
    topic: str
    score: float
    source_kind: SourceKind
    source_id: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Evidence:
    source_kind: SourceKind
    source_id: str
    at: datetime
    weight: float


@dataclass(frozen=True, slots=True)
class ProfileEntry:
    topic: str
    name: str
    tier1: str
    weight: float
    evidence: tuple[Evidence, ...]  # strongest first


def decay(score: float, at: datetime, now: datetime, half_life_days: float) -> float:
    """``score`` halved once per half-life elapsed since ``at`` (never grown for the future)."""
    age_days = max(0.0, (now - at).total_seconds() / 86400.0)
    return score * math.pow(0.5, age_days / half_life_days)


def build_profile(
    signals: Iterable[Signal],
    *,
    now: datetime,
    taxonomy: Taxonomy,
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS,
    hidden: frozenset[str] = frozenset(),
    purpose: Purpose | None = None,
) -> tuple[ProfileEntry, ...]:
    """Sum decayed signals per topic; drop hidden topics (and their descendants)."""
    weights: dict[str, float] = {}
    evidence: dict[str, list[Evidence]] = {}
    for signal in signals:
        if purpose is not None and signal.purpose is not purpose:
            continue
        if signal.at > now:
            continue  # not yet happened at this moment (replays with a fixed clock)
        if hidden_root(taxonomy, signal.topic, hidden) is not None:
            continue
        weight = decay(signal.score, signal.at, now, half_life_days)
        weights[signal.topic] = weights.get(signal.topic, 0.0) + weight
        evidence.setdefault(signal.topic, []).append(
            Evidence(signal.source_kind, signal.source_id, signal.at, weight)
        )
    entries = []
    for topic, weight in weights.items():
        if weight < MIN_WEIGHT or topic not in taxonomy:
            continue
        node = taxonomy.get(topic)
        ev = sorted(evidence[topic], key=lambda e: (-e.weight, e.at, e.source_id))
        entries.append(ProfileEntry(topic, node.name, node.tier1, weight, tuple(ev)))
    entries.sort(key=lambda e: (-e.weight, e.topic))
    return tuple(entries)

"""Advertiser reports: aggregates by day and campaign, never people.

A cell (one campaign on one UTC day) shows impressions, clicks, spend and reach (the
number of distinct people reached). A cell that reached fewer than ``min_people``
people is suppressed whole: its numbers are withheld, not rounded. Optional Laplace
noise (seeded, so a report can be reproduced) blurs what is shown. No person id ever
leaves this module.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

DEFAULT_MIN_PEOPLE = 100


@dataclass(frozen=True, slots=True)
class DeliveryEvent:
    """One impression, whether it was clicked, and what it cost in all."""

    campaign_id: str
    person_id: str
    day: date
    clicked: bool
    cost: float


@dataclass(frozen=True, slots=True)
class CellTotals:
    """True totals for one (day, campaign); ``reach`` counts distinct people."""

    day: date
    campaign_id: str
    impressions: int
    clicks: int
    spend: float
    reach: int


@dataclass(frozen=True, slots=True)
class NoiseConfig:
    """Laplace noise with scale sensitivity / epsilon; the seed makes it reproducible."""

    epsilon: float
    seed: str
    spend_sensitivity: float = 1.0  # the most one person can add to a cell's spend


@dataclass(frozen=True, slots=True)
class ReportRow:
    day: date
    campaign_id: str
    suppressed: bool
    impressions: int | None
    clicks: int | None
    spend: float | None
    reach: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "campaign_id": self.campaign_id,
            "suppressed": self.suppressed,
            "impressions": self.impressions,
            "clicks": self.clicks,
            "spend": self.spend,
            "reach": self.reach,
        }


def aggregate(events: Iterable[DeliveryEvent]) -> tuple[CellTotals, ...]:
    """Sum events into cells, ordered by day then campaign."""
    impressions: dict[tuple[date, str], int] = {}
    clicks: dict[tuple[date, str], int] = {}
    spend: dict[tuple[date, str], float] = {}
    people: dict[tuple[date, str], set[str]] = {}
    for event in events:
        key = (event.day, event.campaign_id)
        impressions[key] = impressions.get(key, 0) + 1
        clicks[key] = clicks.get(key, 0) + int(event.clicked)
        spend[key] = spend.get(key, 0.0) + event.cost
        people.setdefault(key, set()).add(event.person_id)
    return tuple(
        CellTotals(
            day,
            cid,
            impressions[(day, cid)],
            clicks[(day, cid)],
            spend[(day, cid)],
            len(people[(day, cid)]),
        )
        for day, cid in sorted(impressions)
    )


def laplace(rng: random.Random, scale: float) -> float:
    """One draw from Laplace(0, scale) by inverting its distribution function."""
    u = rng.random() - 0.5
    return -scale * math.copysign(1.0, u) * math.log(1.0 - 2.0 * abs(u))


def finalize_report(
    cells: Iterable[CellTotals],
    *,
    min_people: int = DEFAULT_MIN_PEOPLE,
    noise: NoiseConfig | None = None,
) -> tuple[ReportRow, ...]:
    """Suppress small cells, then add noise to the rest when asked."""
    if min_people < 1:
        raise ValueError("min_people must be at least 1")
    if noise is not None and noise.epsilon <= 0:
        raise ValueError("epsilon must be positive")
    rows: list[ReportRow] = []
    for cell in sorted(cells, key=lambda c: (c.day, c.campaign_id)):
        if cell.reach < min_people:
            rows.append(ReportRow(cell.day, cell.campaign_id, True, None, None, None, None))
            continue
        impressions, clicks, spend, reach = cell.impressions, cell.clicks, cell.spend, cell.reach
        if noise is not None:
            rng = random.Random(f"{noise.seed}|{cell.day.isoformat()}|{cell.campaign_id}")
            scale = 1.0 / noise.epsilon
            impressions = max(0, round(impressions + laplace(rng, scale)))
            clicks = min(impressions, max(0, round(clicks + laplace(rng, scale))))
            reach = min(impressions, max(0, round(reach + laplace(rng, scale))))
            spend = max(0.0, spend + laplace(rng, noise.spend_sensitivity * scale))
        rows.append(
            ReportRow(
                cell.day, cell.campaign_id, False, impressions, clicks, round(spend, 4), reach
            )
        )
    return tuple(rows)


def build_report(
    events: Iterable[DeliveryEvent],
    *,
    min_people: int = DEFAULT_MIN_PEOPLE,
    noise: NoiseConfig | None = None,
) -> tuple[ReportRow, ...]:
    return finalize_report(aggregate(events), min_people=min_people, noise=noise)

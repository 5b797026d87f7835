"""Pacing: spread a campaign's daily budget over the (UTC) day.

Even pacing lets a campaign spend what the elapsed fraction of the day allows. Within a
small slack band above that line it is throttled: it takes part in an auction with a
probability that falls from 1 to 0 across the band. The draw is a hash of the campaign
and the request, so a replay with the same inputs makes the same choices.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from chatsignals.domain.campaigns import PacingMode
from chatsignals.domain.values import quick_init

DEFAULT_SLACK = 0.1  # share of the daily budget a campaign may run ahead of the clock


def utc_day(at: datetime) -> date:
    """The UTC calendar day of ``at``: the day budgets and frequency caps count in."""
    return at.astimezone(UTC).date()


def day_fraction(now: datetime) -> float:
    """How much of the UTC day has passed at ``now``, in [0, 1)."""
    moment = now.astimezone(UTC)
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return seconds / 86400.0


def stable_uniform(*parts: str) -> float:
    """A number in [0, 1) fixed by ``parts``: the same inputs always give the same draw."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


@quick_init
@dataclass(frozen=True, slots=True)
class PacingDecision:
    allowed: bool
    reason: str
    target_spend: float  # what the clock allows so far today, before slack


def on_schedule(mode: PacingMode, daily_budget: float, spent_today: float, fraction: float) -> bool:
    """True when :func:`pace` lets the campaign in outright: no pacing, or spent no more
    than the day's ``fraction`` allows. Most campaigns a decision examines are, and this
    answers for them without building the decision and its reason."""
    return mode is PacingMode.ASAP or spent_today <= daily_budget * fraction


def pace(
    *,
    campaign_id: str,
    mode: PacingMode,
    daily_budget: float,
    spent_today: float,
    now: datetime,
    draw_key: str = "",
    slack: float = DEFAULT_SLACK,
    fraction: float | None = None,
) -> PacingDecision:
    """May this campaign take part in the auction for request ``draw_key`` at ``now``?
    ``fraction``: :func:`day_fraction` of ``now``, when the caller has it already."""
    fraction = day_fraction(now) if fraction is None else fraction
    if on_schedule(mode, daily_budget, spent_today, fraction):
        if mode is PacingMode.ASAP:
            reason = "Spends as fast as auctions allow (no pacing)."
            return PacingDecision(True, reason, daily_budget)
        return PacingDecision(
            True, "On or behind its even daily schedule.", daily_budget * fraction
        )
    target = daily_budget * fraction
    band = max(slack, 0.0) * daily_budget
    ahead = spent_today - target
    if band <= 0.0 or ahead >= band:
        return PacingDecision(
            False,
            f"Ahead of its even daily schedule: spent {spent_today:.2f} of "
            f"{daily_budget:.2f} when the clock allows {target + band:.2f}.",
            target,
        )
    probability = 1.0 - ahead / band
    if stable_uniform(campaign_id, draw_key) < probability:
        return PacingDecision(
            True, f"Slightly ahead of schedule; took part (p={probability:.2f}).", target
        )
    return PacingDecision(
        False, f"Slightly ahead of schedule; throttled this time (p={probability:.2f}).", target
    )

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chatsignals.domain.campaigns import PacingMode
from chatsignals.domain.pacing import day_fraction, on_schedule, pace, stable_uniform


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 1, 10, hour, minute, tzinfo=UTC)


def test_day_fraction_uses_the_utc_day() -> None:
    assert day_fraction(at(0)) == 0.0
    assert day_fraction(at(6)) == pytest.approx(0.25)
    plus_two = datetime(2026, 1, 10, 14, tzinfo=timezone(timedelta(hours=2)))
    assert day_fraction(plus_two) == pytest.approx(0.5)


def test_stable_uniform_is_deterministic_and_spread() -> None:
    assert stable_uniform("c1", "r1") == stable_uniform("c1", "r1")
    draws = [stable_uniform("c1", str(i)) for i in range(2000)]
    assert all(0.0 <= d < 1.0 for d in draws)
    assert 0.45 < sum(draws) / len(draws) < 0.55


def test_even_pacing_allows_spend_up_to_the_elapsed_share_of_the_day() -> None:
    decision = pace(
        campaign_id="c", mode=PacingMode.EVEN, daily_budget=240.0, spent_today=59.0, now=at(6)
    )
    assert decision.allowed and decision.target_spend == pytest.approx(60.0)


def test_even_pacing_refuses_beyond_the_slack_band() -> None:
    decision = pace(
        campaign_id="c", mode=PacingMode.EVEN, daily_budget=240.0, spent_today=85.0, now=at(6)
    )
    assert not decision.allowed and "Ahead" in decision.reason


def test_inside_the_slack_band_participation_falls_with_overspend() -> None:
    def share(spent: float) -> float:
        allowed = sum(
            pace(
                campaign_id="c",
                mode=PacingMode.EVEN,
                daily_budget=240.0,
                spent_today=spent,
                now=at(6),
                draw_key=str(i),
            ).allowed
            for i in range(1000)
        )
        return allowed / 1000

    assert share(66.0) > 0.6  # 6 of a 24 band: p = 0.75
    assert share(78.0) < 0.4  # 18 of 24: p = 0.25


def test_throttling_is_reproducible_for_the_same_request() -> None:
    kwargs = dict(campaign_id="c", mode=PacingMode.EVEN, daily_budget=240.0, spent_today=70.0)
    first = pace(now=at(6), draw_key="req-7", **kwargs)  # type: ignore[arg-type]
    again = pace(now=at(6), draw_key="req-7", **kwargs)  # type: ignore[arg-type]
    assert first == again


def test_asap_pacing_never_holds_back() -> None:
    decision = pace(
        campaign_id="c", mode=PacingMode.ASAP, daily_budget=10.0, spent_today=9.0, now=at(0, 1)
    )
    assert decision.allowed


def test_on_schedule_agrees_with_pace_wherever_it_answers() -> None:
    # on_schedule is pace's shortcut: True only where pace lets the campaign in, and for
    # each mode and spend around the line, pace's own verdict when it says no.
    for mode in PacingMode:
        for spent in (0.0, 30.0, 59.9, 60.0, 60.1, 70.0, 83.9, 84.0, 200.0, 240.0):
            for n in range(20):
                now = at(6, n)
                fraction = day_fraction(now)
                decision = pace(
                    campaign_id="c",
                    mode=mode,
                    daily_budget=240.0,
                    spent_today=spent,
                    now=now,
                    draw_key=str(n),
                    fraction=fraction,
                )
                if on_schedule(mode, 240.0, spent, fraction):
                    assert decision.allowed
                    assert "Slightly ahead" not in decision.reason
                else:
                    assert mode is PacingMode.EVEN and spent > 240.0 * fraction

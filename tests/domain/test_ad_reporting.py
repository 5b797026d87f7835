import json
from datetime import date

import pytest

from chatsignals.domain.reporting import (
    CellTotals,
    DeliveryEvent,
    NoiseConfig,
    build_report,
    finalize_report,
)

DAY = date(2026, 1, 10)


def events(campaign: str, people: int, day: date = DAY, per_person: int = 2) -> list[DeliveryEvent]:
    out = []
    for p in range(people):
        for i in range(per_person):
            out.append(
                DeliveryEvent(
                    campaign, f"person-{p}", day, clicked=(i == 0 and p % 10 == 0), cost=0.005
                )
            )
    return out


def test_cells_report_impressions_clicks_spend_and_reach_by_day_and_campaign() -> None:
    rows = build_report(events("big", 150) + events("big", 120, date(2026, 1, 11)))
    assert [(r.day, r.campaign_id) for r in rows] == [(DAY, "big"), (date(2026, 1, 11), "big")]
    first = rows[0]
    assert (first.impressions, first.clicks, first.reach) == (300, 15, 150)
    assert first.spend == pytest.approx(1.5)


def test_cells_under_k_people_are_suppressed_whole() -> None:
    rows = build_report(events("big", 150) + events("small", 99, per_person=50))
    small = next(r for r in rows if r.campaign_id == "small")
    assert small.suppressed
    assert (small.impressions, small.clicks, small.spend, small.reach) == (None, None, None, None)


def test_k_is_configurable() -> None:
    rows = build_report(events("small", 5), min_people=5)
    assert not rows[0].suppressed and rows[0].reach == 5


def test_reports_never_contain_person_ids() -> None:
    text = json.dumps([r.to_json() for r in build_report(events("big", 150) + events("s", 3))])
    assert "person-" not in text


def test_noise_is_seeded_and_reproducible() -> None:
    cells = [CellTotals(DAY, "c", 1000, 50, 12.5, 400)]
    a = finalize_report(cells, noise=NoiseConfig(epsilon=1.0, seed="s1"))
    b = finalize_report(cells, noise=NoiseConfig(epsilon=1.0, seed="s1"))
    c = finalize_report(cells, noise=NoiseConfig(epsilon=1.0, seed="s2"))
    assert a == b
    assert a != c or a[0].impressions == 1000  # almost surely different
    row = a[0]
    assert row.impressions is not None and abs(row.impressions - 1000) < 30
    assert row.clicks is not None and row.clicks <= row.impressions


def test_noise_averages_out_to_the_truth() -> None:
    cells = [CellTotals(DAY, f"c{i}", 1000, 50, 10.0, 400) for i in range(400)]
    rows = finalize_report(cells, noise=NoiseConfig(epsilon=0.5, seed="x"))
    mean = sum(r.impressions or 0 for r in rows) / len(rows)
    assert 999.0 < mean < 1001.0


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        finalize_report([], min_people=0)
    with pytest.raises(ValueError):
        finalize_report([], noise=NoiseConfig(epsilon=0.0, seed="s"))

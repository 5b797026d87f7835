"""The benchmark's ad store: the demo catalog's campaigns, budgets scaled on request."""

from __future__ import annotations

from pathlib import Path

from bench import seed

from chatsignals.services.scenario_ads import campaign_from_ad, catalog_ads
from chatsignals.services.simulator import load_demo_catalog


def test_demo_ads_keep_the_catalog_but_multiply_its_budgets(tmp_path: Path) -> None:
    c = seed.open_store(f"sqlite:///{tmp_path / 'ads.sqlite'}", tmp_path)
    try:
        added = seed.add_demo_ads(c, budgets_times=1000)
        catalog = [
            campaign_from_ad(i, raw, seed.NOW)
            for i, raw in enumerate(catalog_ads(load_demo_catalog()))
        ]
        assert added == len(catalog)
        with c.ctx.reading() as uow:
            for original in catalog:
                stored = uow.campaigns.get(original.id)
                assert stored is not None
                assert stored.daily_budget == original.daily_budget * 1000
                expected_total = original.total_budget and original.total_budget * 1000
                assert stored.total_budget == expected_total
                assert (stored.bid, stored.frequency_cap) == (original.bid, original.frequency_cap)
    finally:
        c.close()

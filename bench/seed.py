"""Bench stores: people, ads and messages, written fast but through the real repositories."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.interactions import Interaction, Modality, Role
from chatsignals.services import accounts, advertising
from chatsignals.services.clock import ManualClock
from chatsignals.services.prefetched_keys import PrefetchedKeys
from chatsignals.services.scenario_ads import campaign_from_ad, catalog_ads, catalog_advertisers
from chatsignals.services.simulator import load_demo_catalog
from chatsignals.settings import Settings

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
WORDS = [
    "hiking",
    "boots",
    "trail",
    "mountains",
    "camping",
    "tent",
    "recipe",
    "vegan",
    "lasagna",
    "pasta",
    "laptop",
    "gaming",
    "keyboard",
    "monitor",
    "dog",
    "puppy",
    "training",
    "japan",
    "tokyo",
    "trip",
    "flights",
    "hotel",
    "bike",
    "chain",
    "road",
    "cycling",
    "jazz",
    "saxophone",
    "album",
    "concert",
    "running",
    "marathon",
    "shoes",
    "yoga",
    "garden",
    "tomatoes",
    "paint",
    "kitchen",
    "renovation",
    "mortgage",
    "savings",
    "budget",
    "stocks",
    "crypto",
    "wedding",
    "dress",
    "camera",
    "lens",
    "photography",
    "guitar",
    "lessons",
    "chess",
    "opening",
    "football",
    "tickets",
    "skincare",
    "moisturizer",
]
OPENERS = (
    "I want to",
    "how do I",
    "looking for",
    "any tips on",
    "what's the best",
    "I love",
    "planning to",
)


def message_text(rng: random.Random) -> str:
    """A chat-like message; numbers make each one distinct (no extraction cache hits)."""
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 9)))
    return f"{rng.choice(OPENERS)} {words} {rng.randint(1, 10**6)}"


def settings_for(url: str, data_dir: Path, **overrides: object) -> Settings:
    base = Settings(database_url=url, data_dir=data_dir, rate_limit_rps=0.0)
    return base.with_overrides(**overrides)


def open_store(url: str, data_dir: Path, **overrides: object) -> Container:
    data_dir.mkdir(parents=True, exist_ok=True)
    return bootstrap(settings_for(url, data_dir, **overrides), clock=ManualClock(NOW))


def add_people(c: Container, people: int) -> list[str]:
    ids = []
    with c.ctx.uow() as uow:
        from chatsignals.domain.accounts import Account

        for p in range(people):
            acct = f"fb:{p:07d}"
            uow.accounts.add(Account(acct, "facebook", "US", date(1990, 1, 1), NOW))
            uow.notices.add(acct, NOW - timedelta(days=60))
            ids.append(acct)
        uow.commit()
    return ids


def add_messages(
    c: Container, people: list[str], messages: int, *, queued: bool, seed: int = 7
) -> list[str]:
    """Stored messages (pending), optionally queued for workers, in one transaction (and
    one insert per table) per thousand. Processing is left to the inline path, the
    workers or a backfill."""
    rng = random.Random(seed)
    ctx = c.ctx
    ids: list[str] = []
    for start in range(0, messages, 1000):
        with ctx.uow() as uow:
            keys = PrefetchedKeys(uow.data_keys, people)
            rows: list[tuple[Interaction, bytes | None, datetime]] = []
            for i in range(start, min(messages, start + 1000)):
                acct = people[i % len(people)]
                mid = f"m{seed}-{i:08d}"
                at = NOW - timedelta(minutes=messages - i)
                text = message_text(rng)
                interaction = Interaction(
                    mid, acct, "facebook", f"c-{acct}", Role.USER, text, Modality.TEXT, False, at
                )
                rows.append((interaction, ctx.cipher.seal(keys, acct, text), at))
                ids.append(mid)
            uow.interactions.add_many(rows)
            if queued:
                uow.queue.enqueue_many([row[0].id for row in rows], ctx.clock.now())
            uow.commit()
    return ids


def add_demo_ads(c: Container, *, budgets_times: float = 1.0) -> int:
    """The demo catalog's advertisers and campaigns, through the advertiser services;
    ``budgets_times`` multiplies each campaign's daily and total budget."""
    catalog = load_demo_catalog()
    campaigns = []
    for i, raw in enumerate(catalog_ads(catalog)):
        campaign = campaign_from_ad(i, raw, NOW - timedelta(days=1))
        if budgets_times != 1.0:
            total = campaign.total_budget
            campaign = replace(
                campaign,
                daily_budget=campaign.daily_budget * budgets_times,
                total_budget=None if total is None else total * budgets_times,
            )
        campaigns.append(campaign)
    known = set()
    for advertiser in catalog_advertisers(catalog):
        advertising.create_advertiser(c.ctx, advertiser)
        known.add(advertiser.id)
    from chatsignals.domain.campaigns import Advertiser

    for campaign in campaigns:
        if campaign.advertiser_id not in known:
            advertising.create_advertiser(
                c.ctx, Advertiser(campaign.advertiser_id, campaign.advertiser_id)
            )
            known.add(campaign.advertiser_id)
        advertising.create_campaign(c.ctx, campaign)
    return len(campaigns)


def register(c: Container, account_id: str) -> None:
    accounts.register_account(c.ctx, account_id, "facebook", "US", date(1990, 1, 1))
    accounts.deliver_notice(c.ctx, account_id, NOW - timedelta(days=60))

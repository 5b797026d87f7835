"""A store with people and queued messages, for the queue and backfill tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.interactions import Interaction, Modality, Role
from chatsignals.extraction.base import Extractor
from chatsignals.services import accounts, ingest
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.stored_signals import stored_signals

T0 = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)
TEXTS = (
    "I love hiking in the mountains and need new hiking boots",
    "what's a good recipe for vegan lasagna tonight",
    "looking to buy a new laptop for gaming",
    "I was diagnosed with asthma last year",
    "planning a trip to Japan with my kids",
    "how do I fix the chain on my road bike",
    "recommend some jazz albums with saxophone",
)


def make_container(
    url: str,
    data_dir: Path,
    *,
    mode: str = "queue",
    clock: ManualClock | None = None,
    extractor: Extractor | None = None,
    policy: str = "meta-2025",
) -> Container:
    settings = Settings(database_url=url, data_dir=data_dir, ingest_mode=mode, policy=policy)
    return bootstrap(settings, clock=clock or ManualClock(T0), extractor=extractor)


def seed(container: Container, messages: int, people: int = 5) -> list[str]:
    """People with the notice shown (one in the EU, one a minor) and their messages,
    each conversation opening with an assistant turn; returns the message ids."""
    ctx = container.ctx
    for p in range(people):
        country = "FR" if p == 1 else "US"
        born = date(2012, 1, 1) if p == 2 else date(1990, 1, 1)
        accounts.register_account(ctx, f"fb:{p}", "facebook", country, born)
        accounts.deliver_notice(ctx, f"fb:{p}", T0 - timedelta(days=30))
    ids = []
    for i in range(messages):
        role = Role.ASSISTANT if i % 5 == 0 else Role.USER
        mid = f"m{i:05d}"
        ingest.post_interaction(
            ctx,
            Interaction(
                mid,
                f"fb:{i % people}",
                "facebook",
                f"c{i % (people * 2)}",
                role,
                TEXTS[i % len(TEXTS)],
                Modality.TEXT,
                False,
                T0 + timedelta(seconds=i),
            ),
        )
        ids.append(mid)
    return ids


def signal_rows(engine: Engine) -> list[tuple[str, str, str, float]]:
    rows = [(s.source_id, s.purpose.value, s.topic, s.score) for s in stored_signals(engine)]
    return sorted(rows)


def count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.exec_driver_sql(sql).scalar_one())

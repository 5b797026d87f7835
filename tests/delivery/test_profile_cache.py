"""Cached profiles follow changes: at once for this process's commits, within a poll of
the change feed for another process's, per account (other people's stay cached), and a
profile read while its account changed is never kept."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chatsignals.adapters.db import schema
from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.accounts import Purpose
from chatsignals.services import accounts, read_cache
from chatsignals.services.ads import serve_ads
from chatsignals.services.read_cache import ReadCaches
from chatsignals.settings import Settings
from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.now(UTC)


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Container]:
    """A serving process's store (file SQLite), following the change feed."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'p.sqlite'}",
        data_dir=tmp_path,
        extractor="keyword",
        master_key=base64.b64encode(os.urandom(32)).decode(),
    )
    c = bootstrap(settings)
    for acct in ("fb:a", "fb:b"):
        accounts.register_account(c.ctx, acct, "facebook", "US", NOW.date().replace(year=1990))
    c.ctx.caches.watch(c.ctx.uow, c.ctx.security.pseudonym, poll_s=0.02)
    yield c
    c.close()


def cached(c: Container, account_id: str) -> bool:
    return c.ctx.caches.cached_profile(("ads", account_id), c.ctx.clock.now()) is not None


def test_a_change_in_another_process_drops_only_that_profile(
    serving: Container, tmp_path: Path
) -> None:
    serve_ads(serving.ctx, "fb:a")
    serve_ads(serving.ctx, "fb:b")
    assert cached(serving, "fb:a") and cached(serving, "fb:b")
    # Another process (same store, same deployment key) hides a topic for fb:a.
    code = (
        "from chatsignals.bootstrap import bootstrap\n"
        "from chatsignals.settings import Settings\n"
        "from chatsignals.services import accounts\n"
        "from chatsignals.domain.accounts import Purpose\n"
        f"s = Settings(database_url={serving.settings.database_url!r}, data_dir="
        f"__import__('pathlib').Path({str(tmp_path)!r}), extractor='keyword', "
        f"master_key={serving.settings.master_key!r})\n"
        "c = bootstrap(s, migrate=False)\n"
        "accounts.hide_topic(c.ctx, 'fb:a', '159', (Purpose.ADS,))\n"
        "c.close()\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
    assert wait_until(lambda: not cached(serving, "fb:a"))
    assert cached(serving, "fb:b")  # nobody else's profile was dropped
    serve_ads(serving.ctx, "fb:a")
    assert serving.ctx.caches.cached_profile(("ads", "fb:a"), serving.ctx.clock.now())[2] == (  # type: ignore[index]
        frozenset({"159"})
    )


def test_a_feed_entry_given_up_on_drops_every_cached_profile(
    serving: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A missing number may be a change that commits later, naming anyone: once it is no
    longer looked for, no cached profile can be trusted."""
    monkeypatch.setattr(read_cache, "_FEED_GAP_WAIT_S", 0.5)
    serve_ads(serving.ctx, "fb:a")
    serve_ads(serving.ctx, "fb:b")
    with serving.ctx.uow() as uow:
        latest = uow.profile_changes.latest()
    with serving.engine.begin() as conn:  # number latest + 1 is skipped
        conn.execute(
            schema.profile_changes.insert().values(seq=latest + 2, account_key="nobody", at=NOW)
        )
    time.sleep(0.2)  # the entry is read; the missing number is still looked for
    assert cached(serving, "fb:a") and cached(serving, "fb:b")
    assert wait_until(lambda: not cached(serving, "fb:a") and not cached(serving, "fb:b"))


def test_a_change_in_this_process_drops_the_profile_at_once(serving: Container) -> None:
    serve_ads(serving.ctx, "fb:a")
    accounts.hide_topic(serving.ctx, "fb:a", "159", (Purpose.ADS,))
    assert not cached(serving, "fb:a")


def test_linking_drops_the_profiles_of_everyone_in_the_center(serving: Container) -> None:
    accounts.link_account(serving.ctx, "center-1", "fb:b")
    serve_ads(serving.ctx, "fb:a")
    serve_ads(serving.ctx, "fb:b")
    accounts.link_account(serving.ctx, "center-1", "fb:a")
    assert not cached(serving, "fb:a") and not cached(serving, "fb:b")


def test_a_profile_read_while_its_account_changed_is_not_kept() -> None:
    caches = ReadCaches(profile_ttl=60)
    now = datetime.now(UTC)
    started = time.monotonic()

    def read_while_changing() -> tuple[str, ...]:
        caches.invalidate_accounts(["fb:a"])  # a commit lands while the read runs
        return ("fb:a",)

    value = caches.profile("k", started, now, read_while_changing, lambda v: v)
    assert value == ("fb:a",) and caches.cached_profile("k", now) is None
    caches.profile("k", time.monotonic(), now, lambda: ("fb:a",), lambda v: v)
    assert caches.cached_profile("k", now) == ("fb:a",)
    assert caches.cached_profile("k", now + timedelta(seconds=61)) is None  # the TTL bound

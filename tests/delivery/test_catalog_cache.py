"""An app's content catalog is read once per process and kept (ReadCaches.catalogs):
an item added here shows at once, one added by another process within the TTL."""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from chatsignals.adapters.db.delivery_repositories import SqlFeed
from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.interactions import ContentItem
from chatsignals.services import accounts
from chatsignals.services.feed import catalog_of, serve_feed
from chatsignals.services.ingest import add_content_item
from chatsignals.settings import Settings
from tests.waiting import wait_until

NOW = datetime.now(UTC)
TTL = 0.6


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Container]:
    """File SQLite, so that the cache may read it again from a second thread."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'feed.sqlite'}",
        data_dir=tmp_path,
        extractor="keyword",
        master_key=base64.b64encode(os.urandom(32)).decode(),
    )
    c = bootstrap(settings)
    c.ctx.caches.catalogs.ttl = TTL
    accounts.register_account(c.ctx, "fb:a", "facebook", "US", NOW.date().replace(year=1990))
    for n in range(3):
        add_content_item(c.ctx, post(f"p{n}", hours_old=n + 1))
    yield c
    c.close()


def post(item_id: str, hours_old: float = 0.5, app: str | None = "facebook") -> ContentItem:
    return ContentItem(
        item_id, "post", item_id, ("159",), None, app, NOW - timedelta(hours=hours_old)
    )


def feed_ids(c: Container) -> list[str]:
    return [i["id"] for i in serve_feed(c.ctx, "fb:a", limit=10)["items"]]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The apps whose catalog was read from the store, in order."""
    seen: list[str] = []
    original = SqlFeed.items_for_app

    def counting(self: SqlFeed, app: str) -> list[ContentItem]:
        seen.append(app)
        return original(self, app)

    monkeypatch.setattr(SqlFeed, "items_for_app", counting)
    return seen


def test_the_catalog_is_read_once_for_many_feeds(store: Container, reads: list[str]) -> None:
    for _ in range(5):
        assert feed_ids(store) == ["p0", "p1", "p2"]
    assert reads == ["facebook"]
    serve_feed(store.ctx, "fb:a", app="instagram")  # each app has its own
    assert reads == ["facebook", "instagram"]


def test_an_item_added_here_shows_at_once(store: Container) -> None:
    assert feed_ids(store) == ["p0", "p1", "p2"]
    assert add_content_item(store.ctx, post("new"))
    assert feed_ids(store) == ["new", "p0", "p1", "p2"]
    assert not add_content_item(store.ctx, post("new"))  # the same item again: kept as is


def test_an_item_added_elsewhere_shows_within_the_ttl(store: Container) -> None:
    assert feed_ids(store) == ["p0", "p1", "p2"]
    with store.ctx.uow() as uow:  # as another process adds it: this cache untouched
        uow.content.add(post("elsewhere", app=None))  # an item of every app
        uow.commit()
    assert feed_ids(store) == ["p0", "p1", "p2"]  # the kept catalog, within the TTL
    started = time.monotonic()
    assert wait_until(lambda: "elsewhere" in feed_ids(store), 5)
    assert time.monotonic() - started <= TTL + 0.5


def test_a_catalog_in_use_is_checked_in_the_background_and_read_when_it_grew(
    store: Container, reads: list[str]
) -> None:
    catalogs = store.ctx.caches.catalogs
    with store.ctx.reading() as uow:
        kept = catalog_of(store.ctx, uow, "facebook")
    time.sleep(TTL * 0.6)
    feed_ids(store)  # past half the TTL: served from the cache, checked behind it
    assert wait_until(lambda: catalogs.refreshes == 1, 5)
    assert reads == ["facebook"]  # counted, not read: nothing was added
    assert catalogs.get("facebook") is kept
    with store.ctx.uow() as uow:  # added by another process
        uow.content.add(post("elsewhere"))
        uow.commit()
    time.sleep(TTL * 0.6)
    feed_ids(store)
    assert wait_until(lambda: catalogs.refreshes == 2, 5)
    assert reads == ["facebook", "facebook"]  # the count moved: read again
    assert feed_ids(store)[0] == "elsewhere"

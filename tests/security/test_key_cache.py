"""The API key cache: a key in use is read again before it expires (no burst of store
reads every TTL), and a revocation still shows within the TTL, in this process at once."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.access import Principal, Role
from chatsignals.services.api_keys import authenticate, cached_principal, create_api_key
from chatsignals.services.read_cache import _TtlCache
from chatsignals.settings import Settings
from tests.waiting import wait_until

TTL = 0.6


@pytest.fixture
def stored(tmp_path: Path) -> Iterator[Container]:
    """A store on disk: a second thread may read it (an in-memory one has a single
    connection, and keys are then read again only when they expire)."""
    c = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'keys.sqlite'}", data_dir=tmp_path))
    yield c
    c.close()


def test_an_in_memory_store_reads_no_key_in_the_background() -> None:
    c = bootstrap(Settings(database_url="sqlite://"))
    assert not c.ctx.caches.api_keys.refresh_ahead
    c.close()


def test_a_key_in_use_is_read_again_before_it_expires(stored: Container) -> None:
    ctx = stored.ctx
    assert ctx.caches.api_keys.refresh_ahead
    ctx.caches.api_keys.ttl = TTL
    key, token = create_api_key(ctx, Role.PLATFORM)
    assert authenticate(ctx, token) is not None  # read from the store, cached
    put_at = time.monotonic()
    assert cached_principal(ctx, token) is not None
    assert ctx.caches.api_keys.refreshes == 0  # fresh: nothing to read yet
    time.sleep(TTL * 0.6)
    assert cached_principal(ctx, token) is not None  # past half its TTL: read again
    assert wait_until(lambda: ctx.caches.api_keys.refreshes == 1, 5)
    time.sleep(max(0.0, put_at + TTL * 1.1 - time.monotonic()))
    # Past the first read's TTL, the key is still known without the store.
    principal = cached_principal(ctx, token)
    assert principal is not None and principal.key_id == key.id


def test_a_key_revoked_elsewhere_stops_within_the_ttl_while_in_use(stored: Container) -> None:
    ctx = stored.ctx
    ctx.caches.api_keys.ttl = TTL
    key, token = create_api_key(ctx, Role.PLATFORM)
    assert authenticate(ctx, token) is not None
    # Revoked as another process would: in the store, this process's cache untouched.
    with ctx.uow() as uow:
        assert uow.api_keys.revoke(key.id, ctx.clock.now())
        uow.commit()
    assert cached_principal(ctx, token) is not None  # within the TTL it may still pass
    started = time.monotonic()
    assert wait_until(lambda: cached_principal(ctx, token) is None, 5)
    assert time.monotonic() - started <= TTL + 0.5
    assert authenticate(ctx, token) is None


def test_a_read_begun_before_a_revocation_here_does_not_put_the_key_back() -> None:
    cache: _TtlCache[Principal] = _TtlCache(60.0)
    principal = Principal(Role.PLATFORM, "k1")
    cache.put("k", principal)
    reading, release = threading.Event(), threading.Event()

    def slow_read() -> Principal:
        reading.set()
        release.wait(5)
        return principal  # what the store said before the revocation

    cache.refresh("k", slow_read)
    assert reading.wait(5)
    cache.clear()  # what revoke_api_key does in this process
    release.set()
    assert wait_until(lambda: cache.refreshes == 1, 5)
    assert cache.get("k") is None
    # authenticate's own read is guarded the same way.
    generation = cache.generation
    cache.clear()
    cache.put("k", principal, generation)
    assert cache.get("k") is None
    cache.stop_refreshing()

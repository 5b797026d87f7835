"""In-process caches for what every ad or feed request reads: who an API key is, a
person's profile, and an app's content catalog.

All are per store (one :class:`ReadCaches` per service context).

- An API key's principal is kept ``API_KEY_TTL_S``; revoking a key in this process drops
  every cached key at once, a revocation by another process shows within the TTL. A key
  in use is read again in the background once half its TTL has passed
  (:meth:`_TtlCache.refresh`), so it never expires while requests keep coming: when
  keys simply expired, every request in the moment it took the first to read its key
  again went the slow way (a thread, the store), a burst every two seconds that cost
  the bench's ads endpoint up to 15 slow requests and 50-150 ms stalls at 500 req/s.
- A profile (the account, its identity, hidden topics and decayed signals) is kept until
  one of the accounts it depends on changes. Every committed change to signals, hidden
  topics, Accounts Center links or an erasure names the accounts it touched (the unit
  of work collects them): this process drops their profiles at the commit
  (:func:`profile_accounts_changed`), and other processes learn of them from the store's
  profile change feed, which :meth:`ReadCaches.watch` polls every ``poll_s`` (0.1 s):
  each poll reads the entries above the newest one seen, and the numbers still missing
  below it (a transaction that took its number early and commits late), each looked for
  up to ``_FEED_GAP_WAIT_S`` (then it is taken as rolled back).
  A number given up may have been a change that committed later still, naming
  accounts nobody can know: every cached profile is dropped then (rare: a commit that
  failed after taking its number, or one slower than the wait).
  A profile read while one of its accounts changed is not kept. Without a watcher
  (one process, tests) profiles are also kept at most ``PROFILE_TTL_S``; with one, at
  most ``WATCHED_PROFILE_TTL_S``, a last bound for a change the feed could miss (its
  thread failing for longer than entries are kept). A clock that moves back or beyond
  the TTL (tests) misses too. The feed, not the TTL, keeps profiles fresh: with a
  one-minute TTL every active person's profile was read again every minute, changed or
  not, and 4,000 people asked for ads at 500 req/s then took half the server's CPU
  (6.5 ms a read), in a wave when they had been read together.
- An app's content catalog, indexed for ranking (``domain/ranking.py``), is kept
  ``CATALOG_TTL_S`` and checked again in the background once half of it has passed, like
  an API key: items are only ever added, so the check counts them and reads them all
  only when the count moved. Adding an item in this process drops every app's at once;
  another process's item shows within the TTL. Each feed request read and ranked the
  whole catalog before.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import weakref
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Generic, TypeVar

from chatsignals.domain.access import Principal
from chatsignals.domain.ranking import ContentIndex

if TYPE_CHECKING:
    from chatsignals.services.ports import UnitOfWork

log = logging.getLogger(__name__)

API_KEY_TTL_S = 2.0
PROFILE_TTL_S = 1.0
CATALOG_TTL_S = 5.0  # as often as the ad index reloads other processes' campaigns
WATCHED_PROFILE_TTL_S = 600.0
_MAX_ENTRIES = 50_000
_FEED_LOOKBACK = 256  # missing sequence numbers tracked behind the newest seen
_FEED_GAP_WAIT_S = 30.0  # how long a missing number is looked for (a late commit)
_FEED_KEEP = timedelta(minutes=10)  # older feed entries are pruned

_registry: weakref.WeakSet[ReadCaches] = weakref.WeakSet()


def profile_accounts_changed(account_ids: Collection[str]) -> None:
    """Called after a commit that changed these accounts' profile inputs: every cache in
    this process drops what depends on them."""
    for caches in list(_registry):
        caches.invalidate_accounts(account_ids)


V = TypeVar("V")


class _TtlCache(Generic[V]):
    def __init__(self, ttl: float, *, refresh_ahead: bool = True) -> None:
        self.ttl = ttl
        self.refresh_ahead = refresh_ahead
        self._lock = threading.Lock()
        self._entries: dict[object, tuple[float, V]] = {}  # key -> (expires at, value)
        self._generation = 0  # moves at every clear(): a read begun before it is stale
        self._refreshing: set[object] = set()
        self._refresher: ThreadPoolExecutor | None = None
        self.refreshes = 0

    @property
    def generation(self) -> int:
        """Take it before reading a value from the store, and give it to :meth:`put`."""
        return self._generation

    def get(self, key: object) -> V | None:
        entry = self._entries.get(key)
        if entry is None or time.monotonic() >= entry[0]:
            return None
        return entry[1]

    def get_refreshing(self, key: object, load: Callable[[], V | None]) -> V | None:
        """:meth:`get`, and once half the entry's TTL has passed, :meth:`refresh` it."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        left = entry[0] - time.monotonic()
        if left <= 0:
            return None
        if left < self.ttl / 2 and self.refresh_ahead:
            self.refresh(key, load)
        return entry[1]

    def refresh(self, key: object, load: Callable[[], V | None]) -> None:
        """Read ``key`` again with ``load()`` in a background thread (one at a time per
        key, never blocking the caller): its value is put back with a new TTL, or the
        entry dropped when ``load`` finds none (a key revoked meanwhile)."""
        with self._lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)
            if self._refresher is None:
                self._refresher = ThreadPoolExecutor(1, thread_name_prefix="cache-refresh")
            refresher, generation = self._refresher, self._generation

        def run() -> None:
            try:
                value = load()
                with self._lock:
                    if value is None:
                        self._entries.pop(key, None)
                    self.refreshes += 1
                if value is not None:
                    self.put(key, value, generation)
            except Exception:
                log.warning("cache refresh failed; the entry expires as usual", exc_info=True)
            finally:
                with self._lock:
                    self._refreshing.discard(key)

        refresher.submit(run)

    def put(self, key: object, value: V, generation: int | None = None) -> None:
        """Keep ``value``; with ``generation``, only if no :meth:`clear` came since it
        was taken (a revocation in between must not be undone by a read made before)."""
        with self._lock:
            if generation is not None and generation != self._generation:
                return
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + self.ttl, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._generation += 1

    def stop_refreshing(self) -> None:
        """Wait for a refresh under way and end the refresh thread (a later one starts
        another)."""
        with self._lock:
            refresher, self._refresher = self._refresher, None
        if refresher is not None:
            refresher.shutdown(wait=True)


@dataclass(frozen=True, slots=True)
class _Profile:
    expires: float  # time.monotonic()
    at: datetime  # the clock's time when read
    value: object
    depends_on: tuple[str, ...]  # account keys


class ReadCaches:
    def __init__(
        self,
        api_key_ttl: float = API_KEY_TTL_S,
        profile_ttl: float = PROFILE_TTL_S,
        catalog_ttl: float = CATALOG_TTL_S,
        *,
        refresh_ahead: bool = True,
    ):
        """``refresh_ahead``: API keys in use are read again by a background thread (off
        for a store a second thread must not use: an in-memory one)."""
        self.api_keys: _TtlCache[Principal] = _TtlCache(api_key_ttl, refresh_ahead=refresh_ahead)
        self.catalogs: _TtlCache[ContentIndex] = _TtlCache(catalog_ttl, refresh_ahead=refresh_ahead)
        self.profile_ttl = profile_ttl
        self._lock = threading.Lock()
        self._profiles: dict[object, _Profile] = {}
        self._dependents: dict[str, set[object]] = {}  # account key -> profile keys
        self._changed: dict[str, float] = {}  # account key -> when its change was seen
        self._key: Callable[[str], str] = str
        self._watcher: threading.Thread | None = None
        self._stop = threading.Event()
        _registry.add(self)

    # -- profiles -----------------------------------------------------------------------

    def cached_profile(self, key: object, now: datetime) -> object | None:
        """The cached value for ``key`` while fresh, without computing anything."""
        entry = self._profiles.get(key)
        if entry is None or time.monotonic() >= entry.expires:
            return None
        if not 0 <= (now - entry.at).total_seconds() <= self.profile_ttl:
            return None
        return entry.value

    def profile(
        self,
        key: object,
        read_started: float,
        now: datetime,
        compute: Callable[[], V],
        depends_on: Callable[[V], Iterable[str]],
    ) -> V:
        """``compute()``'s value for ``key``, from the cache while it is fresh.
        ``read_started``: time.monotonic() when the reading transaction began;
        ``depends_on``: the accounts whose changes make the value stale."""
        if self.profile_ttl <= 0:
            return compute()
        hit = self.cached_profile(key, now)
        if hit is not None:
            return hit  # type: ignore[return-value]
        value = compute()
        deps = tuple(self._key(a) for a in depends_on(value))
        with self._lock:
            if any(self._changed.get(d, float("-inf")) >= read_started for d in deps):
                return value  # changed while it was read: good for this answer only
            if len(self._profiles) >= _MAX_ENTRIES:
                self._profiles.clear()
                self._dependents.clear()
            self._drop(key)
            # Profiles read together would expire together: spread their re-reads.
            expires = time.monotonic() + self.profile_ttl * random.uniform(0.5, 1.0)
            self._profiles[key] = _Profile(expires, now, value, deps)
            for d in deps:
                self._dependents.setdefault(d, set()).add(key)
        return value

    def invalidate_accounts(self, account_ids: Collection[str]) -> None:
        self.invalidate_keys({self._key(a) for a in account_ids})

    def invalidate_keys(self, account_keys: Collection[str]) -> None:
        now = time.monotonic()
        with self._lock:
            for d in account_keys:
                self._changed[d] = now
                for key in self._dependents.pop(d, ()):
                    self._drop(key)
            if len(self._changed) > 4 * _MAX_ENTRIES:  # only recent changes matter
                horizon = now - 60.0
                self._changed = {d: t for d, t in self._changed.items() if t >= horizon}

    def _drop(self, key: object) -> None:
        entry = self._profiles.pop(key, None)
        if entry is not None:
            for d in entry.depends_on:
                keys = self._dependents.get(d)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del self._dependents[d]

    def clear_profiles(self) -> None:
        with self._lock:
            self._profiles.clear()
            self._dependents.clear()

    # -- the change feed ------------------------------------------------------------------

    def watch(
        self,
        uow_factory: Callable[[], UnitOfWork],
        account_key: Callable[[str], str],
        *,
        poll_s: float = 0.1,
        ttl: float = WATCHED_PROFILE_TTL_S,
    ) -> None:
        """Follow the store's profile change feed in a background thread, so changes made
        by other processes drop this process's cached profiles within ``poll_s``; cached
        profiles then live up to ``ttl``. ``account_key``: how the feed names accounts
        (the unit of work's ``change_key``)."""
        if self._watcher is not None:
            return
        with uow_factory() as uow:
            last = uow.profile_changes.latest()
            window = uow.profile_changes.after(last - _FEED_LOOKBACK, _FEED_LOOKBACK)
            recent = {seq for seq, _ in window}
        feed = _Feed(last)  # numbers missing among the newest: perhaps commits to come
        feed.missing_between(min(recent, default=last), last, recent, time.monotonic())
        self.clear_profiles()
        self._key = account_key
        self.profile_ttl = ttl
        self._watcher = threading.Thread(
            target=_follow,
            args=(weakref.ref(self), uow_factory, feed, poll_s, self._stop),
            name="profile-change-feed",
            daemon=True,
        )
        self._watcher.start()

    def stop_watching(self) -> None:
        """Stop the change feed's thread and the API keys' refresh thread."""
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
        self.api_keys.stop_refreshing()


@dataclass
class _Feed:
    """Where a reader of the change feed stands: the newest sequence number seen, and the
    numbers below it not seen yet, with when each was first missed."""

    last: int
    missing: dict[int, float] = field(default_factory=dict)
    given_up: int = 0  # missing numbers no longer looked for

    def missing_between(self, low: int, high: int, seen: Collection[int], now: float) -> None:
        """The numbers above ``low`` up to ``high`` not in ``seen`` (at most the newest
        ``_FEED_LOOKBACK`` of them) are missing from ``now`` on."""
        for seq in range(max(low, high - _FEED_LOOKBACK) + 1, high + 1):
            if seq not in seen:
                self.missing.setdefault(seq, now)

    def read(self, entries: list[tuple[int, str]], now: float) -> set[str]:
        """Take in a poll's entries; returns the account keys of those not seen before."""
        fresh = [(seq, key) for seq, key in entries if seq > self.last or seq in self.missing]
        for seq, _ in fresh:
            self.missing.pop(seq, None)
        if fresh:
            newest = max(seq for seq, _ in fresh)
            if newest > self.last:
                self.missing_between(self.last, newest, {seq for seq, _ in fresh}, now)
                self.last = newest
        still = {
            seq: since for seq, since in self.missing.items() if now - since < _FEED_GAP_WAIT_S
        }
        self.given_up += len(self.missing) - len(still)
        self.missing = still
        return {key for _, key in fresh}


def _follow(
    ref: weakref.ref[ReadCaches],
    uow_factory: Callable[[], UnitOfWork],
    feed: _Feed,
    poll_s: float,
    stop: threading.Event,
) -> None:
    """Poll the feed: entries not seen before drop their accounts' profiles."""
    pruned = time.monotonic()
    while not stop.wait(poll_s):
        caches = ref()
        if caches is None:
            return
        try:
            reading = uow_factory()
            reading.read_only = True
            with reading as uow:
                entries = uow.profile_changes.after(feed.last, 50_000, also=feed.missing.keys())
            given_up = feed.given_up
            changed = feed.read(entries, time.monotonic())
            if feed.given_up > given_up:
                log.info("profile change feed: a missing entry was given up; profiles dropped")
                caches.clear_profiles()
            elif changed:
                caches.invalidate_keys(changed)
            if time.monotonic() - pruned > 60:
                pruned = time.monotonic()
                with uow_factory() as uow:
                    uow.profile_changes.prune(datetime.now(UTC) - _FEED_KEEP)
                    uow.commit()
        except Exception:  # the store is down: keep the cache's TTL as the bound, retry
            log.warning("profile change feed: poll failed", exc_info=True)
        del caches

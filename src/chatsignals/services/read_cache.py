"""Short-lived, in-process caches for what every ad request reads: who an API key is, and
a person's profile.

Both are per store (one :class:`ReadCaches` per service context) and both trade a bounded
staleness for not reading the database on every request:

- an API key's principal is kept ``API_KEY_TTL_S``; revoking a key in this process drops
  every cached key at once, a revocation by another process shows within the TTL;
- a profile (identity, hidden topics, decayed signals) is kept ``PROFILE_TTL_S``. Any
  committed transaction that may change one (a signal written or deleted, a topic hidden
  or shown, accounts linked or unlinked, an erasure) moves the process-wide
  :func:`profile_generation` on, which invalidates every cached profile at once: writes
  through this process show immediately, writes by other processes within the TTL. A
  clock that moves back or more than the TTL forward (tests) also misses.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Generic, TypeVar

from chatsignals.domain.access import Principal

API_KEY_TTL_S = 2.0
PROFILE_TTL_S = 1.0
_MAX_ENTRIES = 50_000

_generation = itertools.count(1)
_current = 0
_generation_lock = threading.Lock()


def profile_generation() -> int:
    """Read at the start of a transaction; a cached profile read under an older one is
    stale."""
    return _current


def profile_inputs_changed() -> None:
    """Called after a commit that may have changed any profile."""
    global _current
    with _generation_lock:
        _current = next(_generation)


V = TypeVar("V")


class _TtlCache(Generic[V]):
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        # key -> (expires at (monotonic), generation, clock time read at, value)
        self._entries: dict[object, tuple[float, int, datetime | None, V]] = {}

    def get(self, key: object, generation: int = 0, now: datetime | None = None) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires, gen, at, value = entry
        if time.monotonic() >= expires or gen != generation:
            return None
        if now is not None and at is not None:
            age = (now - at).total_seconds()
            if not 0 <= age <= self.ttl:
                return None
        return value

    def put(self, key: object, value: V, generation: int = 0, now: datetime | None = None) -> None:
        with self._lock:
            if len(self._entries) >= _MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (time.monotonic() + self.ttl, generation, now, value)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class ReadCaches:
    def __init__(self, api_key_ttl: float = API_KEY_TTL_S, profile_ttl: float = PROFILE_TTL_S):
        self.api_keys: _TtlCache[Principal] = _TtlCache(api_key_ttl)
        self.profiles: _TtlCache[object] = _TtlCache(profile_ttl)

    def cached_profile(self, key: object, generation: int, now: datetime) -> object | None:
        """The cached value for ``key`` while fresh, without computing anything."""
        if self.profiles.ttl <= 0:
            return None
        return self.profiles.get(key, generation, now)

    def profile(
        self,
        key: object,
        generation: int,
        now: datetime,
        compute: Callable[[], V],
    ) -> V:
        """``compute()``'s value for ``key``, from the cache while it is fresh.
        ``generation``: :func:`profile_generation` when the reading transaction began."""
        if self.profiles.ttl <= 0:
            return compute()
        hit = self.profiles.get(key, generation, now)
        if hit is not None:
            return hit  # type: ignore[return-value]
        value = compute()
        self.profiles.put(key, value, generation, now)
        return value

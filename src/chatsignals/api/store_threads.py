"""The application's own few threads for the hot requests that read the store.

Ad requests that must read the store, feed pages, interests and OpenRTB enrichment run
their service call in one of these threads, not in the 40 that the application
shares with every other synchronous route. Python's sqlite3 lets go of the interpreter
lock at each call, and with a thread per waiting request each call then waited for
the others' turns. On the bench's SQLite store, with eight connections, ad requests
over 4,000 people (their first, then their second) were answered at 520 req/s with 40
threads, 640-720 with 2-4, 1,000-1,020 with one (p50 15 ms against 3.6); feed pages
at 561 against 684, interests at 511 against 662. On PostgreSQL (loopback) one to
eight threads answered such ad requests alike (333-392 req/s, the interpreter being
the limit); four leave room for a network's round trips. Cheap synchronous routes
(``/healthz``) stay on the shared threads: one thread for every synchronous route
answered 2,066 bare req/s against 2,944.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from typing import ParamSpec, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

from chatsignals.bootstrap import Container

P = ParamSpec("P")
T = TypeVar("T")


class StoreThreads:
    """At most ``threads`` service calls at once, each in a thread (one per application;
    its limiter follows the event loop it runs on)."""

    def __init__(self, threads: int) -> None:
        if threads < 1:
            raise ValueError(f"store threads must be at least 1, not {threads}")
        self.threads = threads
        self._loop: asyncio.AbstractEventLoop | None = None
        self._limiter: CapacityLimiter | None = None

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        if loop is not self._loop or self._limiter is None:
            self._loop, self._limiter = loop, CapacityLimiter(self.threads)
        return await anyio.to_thread.run_sync(partial(fn, *args, **kwargs), limiter=self._limiter)


def store_threads_for(container: Container) -> int:
    """``store_threads`` from the settings, else 1 on SQLite and 4 on PostgreSQL."""
    if container.settings.store_threads > 0:
        return container.settings.store_threads
    return 1 if container.engine.dialect.name == "sqlite" else 4

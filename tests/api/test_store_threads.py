"""The hot requests that read the store share the application's few store threads
(api/store_threads.py), sized by store unless the settings say."""

from __future__ import annotations

import asyncio
import threading
import time
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from chatsignals.api.store_threads import StoreThreads, store_threads_for
from chatsignals.settings import Settings


@pytest.mark.parametrize("threads", [1, 3])
def test_at_most_that_many_calls_run_at_once_each_with_its_result(threads: int) -> None:
    running = most = 0
    lock = threading.Lock()

    def call(n: int, *, times: int) -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02)  # a store read: other threads could run now if allowed
        with lock:
            running -= 1
        return n * times

    pool = StoreThreads(threads)

    async def main() -> list[int]:
        return await asyncio.gather(*(pool.run(call, n, times=10) for n in range(8)))

    assert asyncio.run(main()) == [n * 10 for n in range(8)]
    assert most == threads
    assert asyncio.run(main()) == [n * 10 for n in range(8)]  # on a new event loop too


def test_an_error_in_the_call_is_raised_where_it_is_awaited() -> None:
    def fails() -> None:
        raise LookupError("no such account")

    with pytest.raises(LookupError, match="no such account"):
        asyncio.run(StoreThreads(1).run(fails))


def test_there_is_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        StoreThreads(0)


@pytest.mark.parametrize(
    ("dialect", "setting", "threads"),
    [("sqlite", 0, 1), ("postgresql", 0, 4), ("sqlite", 3, 3), ("postgresql", 8, 8)],
)
def test_their_number_follows_the_store_unless_set(
    dialect: str, setting: int, threads: int
) -> None:
    container = SimpleNamespace(
        settings=Settings(store_threads=setting),
        engine=SimpleNamespace(dialect=SimpleNamespace(name=dialect)),
    )
    assert store_threads_for(container) == threads  # type: ignore[arg-type]


def test_the_app_runs_feed_and_interests_in_them(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the routes: each request's service call is made by ``run``."""
    calls: list[str] = []
    threads: StoreThreads = client.app.state.store_threads  # type: ignore[attr-defined]
    real_run = threads.run

    async def counting(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(fn.__name__)
        return await real_run(fn, *args, **kwargs)

    monkeypatch.setattr(threads, "run", counting)
    client.post(
        "/v1/accounts",
        json={"id": "fb:t", "app": "facebook", "country": "US", "birth_date": "1990-01-01"},
    ).raise_for_status()
    assert client.get("/v1/accounts/fb:t/feed").status_code == 200
    assert client.get("/v1/accounts/fb:t/interests").status_code == 200
    assert client.get("/v1/accounts/fb:nobody/feed").status_code == 404
    assert calls == ["serve_feed", "read_interests", "serve_feed"]

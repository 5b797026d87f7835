"""Ads requests that reach the route in the same turn of the event loop are decided
together, one after another, each with its own answer or error (api/ad_batch.py)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from types import SimpleNamespace
from typing import Any

import pytest

from chatsignals.api import ad_batch
from chatsignals.api.ad_batch import AdDecisions
from chatsignals.api.app import _ads_store_threads
from chatsignals.services.errors import InvalidInput
from chatsignals.settings import Settings


class _Served:
    def __init__(self, account_id: str) -> None:
        self.account_id = account_id

    def to_json(self, rejected: bool = False) -> dict[str, Any]:
        return {"account": self.account_id, "debug": rejected}


@pytest.fixture
def decided(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Each decision made: (account, the drain it was made in)."""
    calls: list[tuple[str, int]] = []
    drains = [0]
    real_drain = AdDecisions._drain

    def counting_drain(self: AdDecisions) -> None:
        drains[0] += 1
        real_drain(self)

    def serve(ctx: object, account_id: str, **_: object) -> _Served | None:
        calls.append((account_id, drains[0]))
        if account_id == "bad":
            raise InvalidInput("no such thing", "slots")
        return None if account_id == "store" else _Served(account_id)

    monkeypatch.setattr(AdDecisions, "_drain", counting_drain)
    monkeypatch.setattr(ad_batch.ads, "serve_ads_in_memory", serve)
    return calls


def test_requests_that_arrive_together_are_decided_together_each_with_its_answer(
    decided: list[tuple[str, int]],
) -> None:
    decisions = AdDecisions(ctx=None)  # type: ignore[arg-type]

    async def main() -> list[object]:
        together = await asyncio.gather(
            *(
                decisions.serve_in_memory(a, app=None, slots=None, debug=a == "b")
                for a in ("a", "bad", "store", "b")
            ),
            return_exceptions=True,
        )
        later = await decisions.serve_in_memory("c", app=None, slots=None, debug=False)
        return [*together, later]

    a, bad, store, b, c = asyncio.run(main())
    assert isinstance(a, bytes) and isinstance(b, bytes) and isinstance(c, bytes)
    assert json.loads(a) == {"account": "a", "debug": False}
    assert json.loads(b) == {"account": "b", "debug": True}
    assert isinstance(bad, InvalidInput)  # raised in its own request only
    assert store is None  # that one goes to the thread pool (serve_ads)
    assert json.loads(c) == {"account": "c", "debug": False}
    assert decided == [("a", 1), ("bad", 1), ("store", 1), ("b", 1), ("c", 2)]


def test_the_same_app_serves_on_a_new_event_loop(decided: list[tuple[str, int]]) -> None:
    decisions = AdDecisions(ctx=None)  # type: ignore[arg-type]

    # A request queued, its drain scheduled, and the loop stopped and gone before it ran.
    old = asyncio.new_event_loop()
    task = old.create_task(decisions.serve_in_memory("x", app=None, slots=None, debug=False))
    old.call_soon(old.stop)
    old.run_forever()
    assert not task.done() and decided == []
    old.close()
    task._log_destroy_pending = False  # type: ignore[attr-defined]  # it is, on purpose
    answer = asyncio.run(
        asyncio.wait_for(decisions.serve_in_memory("y", app=None, slots=None, debug=False), 5)
    )
    assert answer is not None and json.loads(answer) == {"account": "y", "debug": False}
    assert decided == [("y", 1)]


@pytest.mark.parametrize("threads", [1, 3])
def test_requests_that_read_the_store_share_the_routes_own_few_threads(
    monkeypatch: pytest.MonkeyPatch, threads: int
) -> None:
    """``serve_from_store`` runs ``serve_ads`` in threads, at most ``store_threads`` of
    them at once however many requests wait, each request with its own answer."""
    running = [0]
    most = [0]
    lock = threading.Lock()

    def serve(ctx: object, account_id: str, **_: object) -> _Served:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.02)  # a store read: other threads could run now if allowed
        with lock:
            running[0] -= 1
        return _Served(account_id)

    monkeypatch.setattr(ad_batch.ads, "serve_ads", serve)
    decisions = AdDecisions(ctx=None, store_threads=threads)  # type: ignore[arg-type]

    async def main() -> list[bytes]:
        return await asyncio.gather(
            *(
                decisions.serve_from_store(f"p{n}", app=None, slots=None, debug=n == 0)
                for n in range(8)
            )
        )

    answers = asyncio.run(main())
    assert [json.loads(a) for a in answers] == [
        {"account": f"p{n}", "debug": n == 0} for n in range(8)
    ]
    assert most[0] == threads


def test_store_threads_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AdDecisions(ctx=None, store_threads=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dialect", "setting", "threads"),
    [("sqlite", 0, 1), ("postgresql", 0, 4), ("sqlite", 3, 3), ("postgresql", 8, 8)],
)
def test_the_apps_store_threads_follow_the_store_unless_set(
    dialect: str, setting: int, threads: int
) -> None:
    container = SimpleNamespace(
        settings=Settings(ads_store_threads=setting),
        engine=SimpleNamespace(dialect=SimpleNamespace(name=dialect)),
    )
    assert _ads_store_threads(container) == threads  # type: ignore[arg-type]

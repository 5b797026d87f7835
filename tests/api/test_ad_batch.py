"""Ads requests that reach the route in the same turn of the event loop are decided
together, one after another, each with its own answer or error (api/ad_batch.py)."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest

from chatsignals.api import ad_batch
from chatsignals.api.ad_batch import AdDecisions
from chatsignals.api.store_threads import StoreThreads
from chatsignals.services.errors import InvalidInput


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
    decisions = AdDecisions(None, StoreThreads(1))  # type: ignore[arg-type]

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
    decisions = AdDecisions(None, StoreThreads(1))  # type: ignore[arg-type]

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


def test_requests_that_read_the_store_are_served_in_the_store_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``serve_from_store``: ``serve_ads`` in a store thread, each request its answer."""
    ran_in: list[str] = []

    def serve(ctx: object, account_id: str, **_: object) -> _Served:
        ran_in.append(threading.current_thread().name)
        return _Served(account_id)

    monkeypatch.setattr(ad_batch.ads, "serve_ads", serve)
    decisions = AdDecisions(None, StoreThreads(1))  # type: ignore[arg-type]

    async def main() -> list[bytes]:
        asks = (decisions.serve_from_store(a, app=None, slots=None, debug=a == "b") for a in "ab")
        return await asyncio.gather(*asks)

    a, b = asyncio.run(main())
    assert json.loads(a) == {"account": "a", "debug": False}
    assert json.loads(b) == {"account": "b", "debug": True}
    assert len(ran_in) == 2 and threading.main_thread().name not in ran_in

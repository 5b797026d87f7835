"""The profile change feed's reader: each entry taken once, numbers skipped by a
transaction that commits late picked up when it does, and given up after a while."""

from __future__ import annotations

from chatsignals.services import read_cache
from chatsignals.services.read_cache import _Feed


def test_each_entry_is_taken_once() -> None:
    feed = _Feed(last=10)
    assert feed.read([(11, "a"), (12, "b")], now=0.0) == {"a", "b"}
    assert feed.read([(12, "b")], now=0.1) == set()
    assert feed.last == 12 and feed.missing == {}


def test_a_number_skipped_is_read_when_its_transaction_commits_late() -> None:
    feed = _Feed(last=10)
    assert feed.read([(11, "a"), (13, "c")], now=0.0) == {"a", "c"}
    assert sorted(feed.missing) == [12]
    assert feed.read([(12, "late")], now=1.0) == {"late"}
    assert feed.missing == {}
    assert feed.read([(12, "late")], now=1.1) == set()


def test_a_number_never_committed_is_given_up() -> None:
    feed = _Feed(last=0)
    feed.read([(2, "b")], now=0.0)
    assert sorted(feed.missing) == [1]
    assert feed.given_up == 0
    feed.read([], now=read_cache._FEED_GAP_WAIT_S + 1)
    assert feed.missing == {} and feed.given_up == 1
    assert feed.read([(1, "too late")], now=read_cache._FEED_GAP_WAIT_S + 2) == set()


def test_a_jump_tracks_only_the_newest_missing_numbers() -> None:
    feed = _Feed(last=0)
    feed.read([(100_000, "x")], now=0.0)
    window = range(100_000 - read_cache._FEED_LOOKBACK + 1, 100_000)
    assert sorted(feed.missing) == list(window)

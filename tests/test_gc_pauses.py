"""The serving process's collector pauses (gc_pauses.py): what lives is frozen out
of full collections, and cycles that die frozen are still reclaimed on schedule."""

from __future__ import annotations

import gc
import weakref

from chatsignals.gc_pauses import GcPauses
from tests.waiting import wait_until


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_what_lives_is_frozen_and_dead_frozen_cycles_are_reclaimed_on_schedule() -> None:
    pauses = GcPauses(freeze_every_s=0.05, full_every_s=2.0)
    try:
        pauses.start()
        assert gc.get_freeze_count() > 0 and pauses.full_collections == 1
        # A cycle made now is frozen by the next freeze: full collections skip it.
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        assert wait_until(lambda: pauses.freezes >= 2)
        del a, b  # garbage now, but frozen: a collection does not see it
        gc.collect()
        assert gone() is not None
        # The next full collection (due after 2 s) unfreezes first, and reclaims it.
        assert wait_until(lambda: pauses.full_collections >= 2)
        assert gone() is None
    finally:
        pauses.stop()
    assert gc.get_freeze_count() == 0  # everything is the collector's again


def test_frozen_objects_that_nothing_refers_to_are_freed_at_once() -> None:
    pauses = GcPauses(freeze_every_s=3600, full_every_s=3600)
    node = _Node()  # no cycle: freed by its reference count, frozen or not
    gone = weakref.ref(node)
    try:
        pauses.start()
        del node
        assert gone() is None
    finally:
        pauses.stop()


def test_as_a_context_it_stops_however_the_block_ends() -> None:
    pauses = GcPauses(freeze_every_s=3600, full_every_s=3600)
    try:
        with pauses:
            assert gc.get_freeze_count() > 0
            raise RuntimeError("the command failed")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0
    assert pauses._thread is not None and not pauses._thread.is_alive()

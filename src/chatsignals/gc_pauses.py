"""Short garbage-collector pauses for our long-running processes: ``serve``, queue
workers, backfill (in process and in each Ray worker).

CPython's cycle collector runs a full collection whenever the objects that survived
into its oldest generation have grown by a quarter since the last one, and a full
collection walks every object the process holds, on whichever thread allocated last.
In our processes that is mostly what was built at start-up (the framework, Ray's
modules, the taxonomy, the model, campaigns) and what the caches keep (profiles,
person memos, counts, extractions):

- serving, under the bench's load, full collections took 70 to 216 ms each, several a
  minute while the caches filled, and each one stalled every request in flight (p99 at
  500 requests/s: 170 and 254 ms in two runs of four, 6 to 8 ms in the others);
- a Ray backfill worker spent 8-9 % of its time in them (283-330 ms in a 3.5 s run of
  12,000 messages, as its extraction cache grew).

``start`` collects once and then freezes (``gc.freeze``) what the process holds, and a
daemon thread freezes again every ``freeze_every_s``: frozen objects are never walked
again, so a full collection only walks what was made since the last freeze. Freezing
moves the collector's lists in constant time, and frozen objects are still freed as
soon as nothing refers to them; only cycles that become garbage after being frozen are
not, so every ``full_every_s`` the thread unfreezes, collects everything (one full
pause) and freezes again.

Measured on the same bench with a freeze every second: no full collection over 8 ms
while serving (the longest, 58-81 ms, were the ones at start, before the first
request), p99 at 500 requests/s 9-10 ms with one worker and 10-22 ms with two. The
backfill worker's full collections fell to 60-70 ms a run, and its rate rose by 5-13 %.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from typing import Self

log = logging.getLogger(__name__)


class GcPauses:
    def __init__(self, *, freeze_every_s: float = 1.0, full_every_s: float = 600.0) -> None:
        self.freeze_every_s = freeze_every_s
        self.full_every_s = full_every_s
        self.freezes = 0
        self.full_collections = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._full()
        self._thread = threading.Thread(target=self._run, name="gc-pauses", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and give everything back to the collector."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        gc.unfreeze()

    def __enter__(self) -> Self:
        """``with GcPauses():`` for a command's working part: started, then stopped
        however it ends."""
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _full(self) -> None:
        started = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        self.full_collections += 1
        log.debug("full collection in %.1f ms", (time.perf_counter() - started) * 1000)

    def _run(self) -> None:
        last_full = time.monotonic()
        while not self._stop.wait(self.freeze_every_s):
            if time.monotonic() - last_full >= self.full_every_s:
                self._full()
                last_full = time.monotonic()
            else:
                gc.freeze()
                self.freezes += 1

"""Write-behind for what serving records: impressions (ads and feed items) and spend.

An ad request answers from memory (the ad index, the ledger, cached profiles); writing
its impressions and charging its campaigns in the request's own transaction cost more
than the decision itself. So serving hands them to the process's :class:`DeliveryLog`,
and one background thread writes everything waiting in one transaction every
``interval`` seconds (sooner when ``max_batch`` impressions wait): one multi-row insert
of impressions and one upsert per campaign and day, however many requests there were.

What this changes, and what it keeps:

- An answered impression reaches the store within ``interval`` (50 ms by default). A
  crash of the process loses what was still waiting, which charges the advertiser
  nothing (its spend is lost with it). ``interval = 0`` writes before answering.
- Everything that reads impressions or spend back (a stored "why", a click, reports,
  a campaign's spend, export, erasure) calls :meth:`flush` first, so it reads what was
  served, never a gap.
- Frequency caps: a person's ads today are counted from the store once, then kept in
  memory and counted up as this process serves them (under a per-person lock, so two
  requests for one person cannot both take the last slot). A count older than
  ``seen_ttl`` seconds is reread from the store by the writer thread after its next
  write, for all the people due at once (one query per few hundred), while requests
  go on using it. Only a person's first request of the day in this process reads the
  store itself. So with several serving processes a cap can be exceeded by what the
  others served that person since this process last read their count: within
  ``seen_ttl`` for someone it serves often, and by one request's ads when someone
  comes back after a while (the reread lands some 50 ms later).
- When the store is unreachable, writes are retried with backoff; at ``max_pending``
  waiting impressions serving fails with 503 instead of growing without bound.
"""

from __future__ import annotations

import atexit
import logging
import random
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from chatsignals.domain.pacing import utc_day
from chatsignals.services.delivery_ports import SpendCharge, StoredImpression
from chatsignals.services.errors import ServiceError
from chatsignals.services.ports import UnitOfWork

log = logging.getLogger(__name__)

# Per-person locks, striped: with few stripes, requests of different people that land on
# the stripe of one whose counts are being read from the store leave the event loop
# to wait for it (the in-memory path only ever tries a lock).
_LOCK_STRIPES = 1024
# People whose counts are reread per query, and per write of the writer thread: the
# rows are read holding the interpreter lock, so a few thousand people due at once
# (all those first served in the same seconds) are spread over several writes rather
# than stalling the requests being answered meanwhile.
_RECOUNT_CHUNK = 256

UowFactory = Callable[[], UnitOfWork]


class DeliveryBacklogFull(ServiceError):
    status = 503


_Charges = dict[tuple[str, date], SpendCharge]


def _add_charge(charges: _Charges, charge: SpendCharge) -> None:
    """Fold ``charge`` into the one waiting for its campaign and day."""
    key = (charge.campaign_id, charge.day)
    was = charges.get(key)
    if was is not None:
        charge = SpendCharge(
            charge.campaign_id,
            charge.day,
            was.amount + charge.amount,
            was.impressions + charge.impressions,
            was.clicks + charge.clicks,
        )
    charges[key] = charge


def _count_ad(counts: dict[str, int], impression: StoredImpression) -> None:
    """Count an ad impression toward its campaign's frequency cap (feed items count for
    none)."""
    if impression.kind == "ad" and impression.campaign_id is not None:
        counts[impression.campaign_id] = counts.get(impression.campaign_id, 0) + 1


@dataclass(slots=True)
class _Seen:
    day: date
    loaded: float  # time.monotonic() when read from the store
    counts: dict[str, int] = field(default_factory=dict)


class DeliveryLog:
    """One per process (per store); thread-safe."""

    def __init__(
        self,
        interval: float = 0.05,
        *,
        max_batch: int = 2_000,
        max_pending: int = 100_000,
        seen_ttl: float = 5.0,
    ) -> None:
        self.interval = interval
        self.max_batch = max_batch
        self.max_pending = max_pending
        self.seen_ttl = seen_ttl
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()  # one writer at a time, in commit order
        # Held by a write's commit, and by a recount whose first read met one (_recount).
        self._commit_lock = threading.Lock()
        self._commits = 0  # +1 as a commit starts and +1 as it ends: odd while under way
        self._wake = threading.Event()
        self._impressions: list[StoredImpression] = []
        self._writing: list[StoredImpression] = []  # taken by the write under way
        self._by_id: dict[str, StoredImpression] = {}
        self._charges: _Charges = {}
        self._seen: dict[str, _Seen] = {}
        self._stale: set[str] = set()  # people whose counts the writer rereads next
        self._person_locks = [threading.Lock() for _ in range(_LOCK_STRIPES)]
        self._factory: UowFactory | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self.flushed = 0  # impressions written, for metrics and tests
        self.failures = 0
        # (due, write): other in-memory state written in the same transaction when due
        self._extras: list[tuple[Callable[[], bool], Callable[[UnitOfWork], object]]] = []
        self._learners: list[Callable[[Sequence[StoredImpression]], object]] = []
        self._learned = 0  # how many of the first impressions waiting were learned from

    # -- serving side -------------------------------------------------------------------

    def person_lock(self, person: str) -> threading.Lock:
        """Held while one person's ads are decided and recorded."""
        return self._person_locks[hash(person) % _LOCK_STRIPES]

    @property
    def writes_behind(self) -> bool:
        """True when :meth:`record` only queues (it never writes to the store itself)."""
        return self.interval > 0 and not self._closed

    def cached_seen_today(self, person: str, day: date) -> dict[str, int] | None:
        """The person's ads today from memory; None: call :meth:`seen_today` (which
        reads the store). A count older than ``seen_ttl`` is still answered, and the
        writer thread rereads it (see the module's docstring)."""
        entry = self._seen.get(person)
        if entry is None or entry.day != day:
            return None
        if time.monotonic() - entry.loaded >= self.seen_ttl:
            if not self.writes_behind:
                return None
            with self._lock:
                self._stale.add(person)
        return dict(entry.counts)

    def seen_today(self, uow_factory: UowFactory, person: str, day: date) -> dict[str, int]:
        """The person's ads today per campaign (call holding :meth:`person_lock`)."""
        entry = self._seen.get(person)
        if entry is None or entry.day != day or time.monotonic() - entry.loaded >= self.seen_ttl:
            return dict(self._recount(uow_factory, day, [person])[person])
        return dict(entry.counts)

    def recount_stale(self, uow_factory: UowFactory) -> int:
        """Reread from the store up to ``_RECOUNT_CHUNK`` of the counts requests found
        older than ``seen_ttl`` (the writer thread calls it after each write; the rest
        wait for the next); returns how many people."""
        with self._lock:
            people = [self._stale.pop() for _ in range(min(_RECOUNT_CHUNK, len(self._stale)))]
            by_day: dict[date, list[str]] = {}
            for person in people:
                entry = self._seen.get(person)
                if entry is not None:
                    by_day.setdefault(entry.day, []).append(person)
        for day, group in by_day.items():
            self._recount(uow_factory, day, group)
        return len(people)

    def _recount(
        self, uow_factory: UowFactory, day: date, people: Sequence[str]
    ) -> dict[str, dict[str, int]]:
        """Count ``people``'s ads on ``day`` from the store plus what still waits here."""
        # No write of this process may commit during the read, and a write's batch leaves
        # ``_writing`` as it commits: each impression this process served is then in the
        # store read or still here (waiting, or in a write not committed yet), never both,
        # never neither. First without waiting: the read counts if no commit started or
        # ended around it (most do: a commit takes a fraction of the 50 ms between
        # writes). Else, and then with the commit lock held, once more. A write waiting
        # for the store's lock (another process writing) holds up no read.
        with self._lock:
            before = self._commits
        if before % 2 == 0:
            with _reading(uow_factory) as uow:
                stored = uow.impressions.ads_seen_by(people, day)
            with self._lock:
                if self._commits == before:
                    return self._keep_counts(stored, day, people)
        with self._commit_lock:
            with _reading(uow_factory) as uow:
                stored = uow.impressions.ads_seen_by(people, day)
            with self._lock:
                return self._keep_counts(stored, day, people)

    def _keep_counts(
        self, stored: dict[str, dict[str, int]], day: date, people: Sequence[str]
    ) -> dict[str, dict[str, int]]:
        """``stored`` plus what waits here, kept as the people's counts (holding
        ``_lock``)."""
        now = time.monotonic()
        counts = {person: dict(stored.get(person, {})) for person in people}
        for batch in (self._writing, self._impressions):
            for i in batch:
                waiting = counts.get(i.person)
                if waiting is not None and utc_day(i.at) == day:
                    _count_ad(waiting, i)
        if len(self._seen) + len(people) > 200_000:
            self._seen.clear()
        for person, counted in counts.items():
            # Counts loaded together would expire together: spread their reloads.
            loaded = now - random.uniform(0.0, self.seen_ttl / 4)
            self._seen[person] = _Seen(day, loaded, counted)
        return counts

    def record(
        self,
        uow_factory: UowFactory,
        impressions: Sequence[StoredImpression],
        charges: Sequence[SpendCharge] = (),
    ) -> None:
        """Queue impressions and charges for the next write (or write them now when
        ``interval`` is 0)."""
        with self._lock:
            if len(self._impressions) >= self.max_pending:
                raise DeliveryBacklogFull(
                    "impressions cannot be stored right now; try again shortly", None
                )
            self._impressions.extend(impressions)
            for i in impressions:
                self._by_id[i.id] = i
                seen = self._seen.get(i.person)
                if seen is not None and seen.day == utc_day(i.at):
                    _count_ad(seen.counts, i)
            for c in charges:
                _add_charge(self._charges, c)
            waiting = len(self._impressions)
        if self.interval <= 0 or self._closed:
            self.flush(uow_factory)
            return
        self._ensure_thread(uow_factory)
        if waiting >= self.max_batch:
            self._wake.set()

    def also_write(self, due: Callable[[], bool], write: Callable[[UnitOfWork], object]) -> None:
        """Have each write also call ``write(uow)`` in its transaction when ``due()``
        (what the CTR model learned: saved by the writer, never by a request)."""
        self._extras.append((due, write))

    def learn_with(self, learn: Callable[[Sequence[StoredImpression]], object]) -> None:
        """Have each write hand the impressions it takes to ``learn``, once each, before
        the ``also_write`` extras are asked whether they are due (the CTR model learns
        from its impressions off the request path, a batch at a time, and what it
        learned is saved with them)."""
        self._learners.append(learn)

    def pending(self, impression_id: str) -> StoredImpression | None:
        """An impression served but not yet written."""
        with self._lock:
            return self._by_id.get(impression_id)

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._impressions)

    # -- writing ------------------------------------------------------------------------

    def flush(self, uow_factory: UowFactory) -> int:
        """Write everything recorded so far; returns how many impressions were written.
        Raises when the store refuses (what was taken is put back first)."""
        with self._flush_lock:
            with self._lock:
                impressions, self._impressions = self._impressions, []
                self._writing = impressions
                charges, self._charges = self._charges, {}
                learned, self._learned = self._learned, 0
            if len(impressions) > learned:
                for learn in self._learners:
                    learn(impressions[learned:])
            extras = [write for due, write in self._extras if due()]
            if not impressions and not charges and not extras:
                return 0
            try:
                written = _write(uow_factory, impressions, charges, extras, self._commit)
            except Exception:
                with self._lock:  # back in front, in order, for the next try
                    self._writing = []
                    self._impressions[:0] = impressions
                    self._learned += len(impressions)  # learned from: not again
                    for charge in charges.values():
                        _add_charge(self._charges, charge)
                self.failures += 1
                raise
            with self._lock:
                for i in impressions:
                    self._by_id.pop(i.id, None)
                self.flushed += written
            return written

    def _commit(self, uow: UnitOfWork) -> None:
        """Commit a write and mark its batch written, while no recount reads the store."""
        with self._commit_lock:
            with self._lock:
                self._commits += 1
            try:
                uow.commit()
                with self._lock:
                    self._writing = []
            finally:
                with self._lock:
                    self._commits += 1

    def forget_counts(self) -> None:
        """Drop every cached count (after an erasure: read them again from the store)."""
        with self._lock:
            self._seen.clear()
            self._stale.clear()

    def _ensure_thread(self, uow_factory: UowFactory) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if (self._thread is not None and self._thread.is_alive()) or self._closed:
                return
            self._factory = uow_factory
            self._thread = threading.Thread(
                target=_run, args=(weakref.ref(self),), name="delivery-log", daemon=True
            )
            self._thread.start()
        atexit.register(_close_at_exit, weakref.ref(self))

    def close(self) -> None:
        """Stop the writer and write what is left (best effort)."""
        self._closed = True
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout=10)
        if self._factory is not None:
            try:
                self.flush(self._factory)
            except Exception:
                log.exception("delivery log: %d impressions could not be written", self.waiting)


def _reading(uow_factory: UowFactory) -> UnitOfWork:
    """A read of one statement (the counts of ads seen)."""
    uow = uow_factory()
    uow.read_only = uow.one_statement = True
    return uow


def _write(
    uow_factory: UowFactory,
    impressions: list[StoredImpression],
    charges: _Charges,
    extras: Sequence[Callable[[UnitOfWork], object]],
    commit: Callable[[UnitOfWork], None],
) -> int:
    try:
        return _write_once(uow_factory, impressions, charges, extras, commit, check_accounts=False)
    except Exception:
        # Perhaps an account erased (by another process) after it was served: its
        # impressions go. Anything else fails again and is raised.
        return _write_once(uow_factory, impressions, charges, extras, commit, check_accounts=True)


def _write_once(
    uow_factory: UowFactory,
    impressions: list[StoredImpression],
    charges: _Charges,
    extras: Sequence[Callable[[UnitOfWork], object]],
    commit: Callable[[UnitOfWork], None],
    *,
    check_accounts: bool,
) -> int:
    uow = uow_factory()
    uow.durable = False
    with uow:
        if check_accounts:
            known = uow.accounts.get_many(sorted({i.account_id for i in impressions}))
            impressions = [i for i in impressions if i.account_id in known]
        uow.impressions.add_many(impressions)
        uow.spend.charge_many([charges[key] for key in sorted(charges)])
        for write in extras:
            write(uow)
        commit(uow)
    return len(impressions)


def _run(ref: weakref.ref[DeliveryLog]) -> None:
    backoff = 0.0
    while True:
        log_ = ref()
        if log_ is None or log_._closed:
            return
        wake, interval = log_._wake, log_.interval + backoff
        factory = log_._factory
        del log_
        wake.wait(interval)
        if factory is None:
            continue
        wake.clear()
        log_ = ref()
        if log_ is None or log_._closed:
            return
        try:
            log_.flush(factory)
            log_.recount_stale(factory)
            backoff = 0.0
        except Exception:
            log.exception("delivery log: write failed; retrying")
            backoff = min(5.0, max(0.1, backoff * 2))
        del log_


def _close_at_exit(ref: weakref.ref[DeliveryLog]) -> None:
    log_ = ref()
    if log_ is not None and not log_._closed:
        log_.close()

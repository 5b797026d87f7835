"""The signal repository over ``signal_buckets``: a row per account and week, packed.

Every write is a read-modify-write of the accounts it touches: read an account's rows
once, decode only the weeks the write can change (those its new signals fall in, and
those whose bytes name one of its sources), edit, write back only the weeks whose bytes
changed and delete the ones left empty. On PostgreSQL, where several workers write
at once, each write first takes a transaction-scoped advisory lock per account (in a
fixed order, so two writers never deadlock); SQLite already serializes writers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, text, update

from chatsignals.adapters.db import schema as s
from chatsignals.adapters.db.packed_signals import bucket_of, decode, pack_buckets
from chatsignals.adapters.db.sets import KeyedQuery, chunks
from chatsignals.domain.accounts import Purpose
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.services import ports

_T = s.signal_buckets
_BUCKETS = KeyedQuery(
    lambda match: select(_T.c.account_id, _T.c.bucket, _T.c.packed).where(match(_T.c.account_id))
)
_LOCK_SPACE = 0x5349_4742  # "SIGB": the first key of every account lock here


def _key(sig: Signal) -> tuple[SourceKind, str, Purpose, str]:
    return (sig.source_kind, sig.source_id, sig.purpose, sig.topic)


def _lock_key(account_id: str) -> int:
    digest = hashlib.blake2b(account_id.encode("utf-8"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


@dataclass(frozen=True, slots=True)
class _Change:
    """What a write does to one account's signals: drop the stored ones ``drop`` picks,
    then merge ``add``. ``sources`` names every source id the change can touch (None:
    any), so weeks whose bytes name none of them are left as they are, undecoded."""

    drop: Callable[[Signal], bool]
    add: Sequence[Signal] = ()
    sources: frozenset[str] | None = None


def _never(_: Signal) -> bool:
    return False


class SqlSignals(ports.SignalRepository):
    def __init__(self, conn: Connection, touched: set[str] | None = None) -> None:
        self._c = conn
        # accounts whose signals this transaction wrote (announced at commit)
        self.touched: set[str] = set() if touched is None else touched

    def add_many(self, signals: Sequence[Signal]) -> None:
        by_account: dict[str, list[Signal]] = {}
        for sig in signals:
            by_account.setdefault(sig.account_id, []).append(sig)
        self._rewrite(
            {
                account: _Change(_never, sigs, frozenset(sig.source_id for sig in sigs))
                for account, sigs in by_account.items()
            }
        )

    def for_accounts(
        self, account_ids: Sequence[str], purpose: Purpose | None = None
    ) -> list[Signal]:
        """Ordered by account id, then by instant and source."""
        out: list[Signal] = []
        for account_id, buckets in sorted(self._read(account_ids).items()):
            for _, packed in sorted(buckets.items()):
                out.extend(
                    sig
                    for sig in decode(packed, account_id)
                    if purpose is None or sig.purpose is purpose
                )
        return out

    def replace_for_sources(
        self, source_kind: SourceKind, account_of: Mapping[str, str], signals: Sequence[Signal]
    ) -> list[Signal]:
        def replaced(sig: Signal) -> bool:
            return sig.source_kind is source_kind and sig.source_id in account_of

        sources: dict[str, set[str]] = {}
        added: dict[str, list[Signal]] = {}
        for source_id, account_id in account_of.items():
            sources.setdefault(account_id, set()).add(source_id)
        for sig in signals:
            sources.setdefault(sig.account_id, set()).add(sig.source_id)
            added.setdefault(sig.account_id, []).append(sig)
        return self._rewrite(
            {
                account: _Change(replaced, added.get(account, ()), frozenset(ids))
                for account, ids in sources.items()
            }
        )

    def delete_for_source(self, source_kind: SourceKind, source_id: str, account_id: str) -> int:
        def gone(sig: Signal) -> bool:
            return sig.source_kind is source_kind and sig.source_id == source_id

        return len(self._rewrite({account_id: _Change(gone, sources=frozenset((source_id,)))}))

    def delete_for_account(
        self, account_id: str, purpose: Purpose, source_kind: SourceKind | None = None
    ) -> int:
        def gone(sig: Signal) -> bool:
            return sig.purpose is purpose and source_kind in (None, sig.source_kind)

        return len(self._rewrite({account_id: _Change(gone)}))

    def _read(self, account_ids: Iterable[str]) -> dict[str, dict[int, bytes]]:
        ids = sorted(set(account_ids))
        out: dict[str, dict[int, bytes]] = {}
        for chunk in chunks(self._c, ids):
            rows = self._c.execute(*_BUCKETS.bind(self._c, chunk))
            for r in rows:
                out.setdefault(r.account_id, {})[r.bucket] = bytes(r.packed)
        return out

    def _lock(self, account_ids: Collection[str]) -> None:
        if self._c.dialect.name != "postgresql" or not account_ids:
            return
        keys = sorted({_lock_key(a) for a in account_ids})
        self._c.execute(
            text(
                "SELECT pg_advisory_xact_lock(CAST(:space AS integer), k) "
                "FROM (SELECT unnest(CAST(:keys AS integer[])) AS k ORDER BY 1) AS ks"
            ),
            {"space": _LOCK_SPACE, "keys": keys},
        )

    def _rewrite(self, changes: Mapping[str, _Change]) -> list[Signal]:
        """Apply each account's change to its stored signals, writing back only the weeks
        whose bytes changed; returns the stored signals it dropped or replaced. (A new
        signal replaces a stored one, or an earlier new one, with the same source,
        purpose and topic.)"""
        self._lock(changes)
        stored = self._read(changes)
        gone: list[Signal] = []
        inserts: list[dict[str, object]] = []
        updates: list[dict[str, object]] = []
        deletes: list[dict[str, object]] = []
        for account_id in sorted(changes):
            change = changes[account_id]
            old = stored.get(account_id, {})
            touched = _touched(old, change)
            before = [sig for b in sorted(touched) for sig in decode(touched[b], account_id)]
            latest = {_key(sig): sig for sig in change.add}
            after: list[Signal] = []
            for sig in before:
                (gone if change.drop(sig) or _key(sig) in latest else after).append(sig)
            after.extend(latest.values())
            new = pack_buckets(after)
            for bucket, packed in new.items():
                row = {"a": account_id, "b": bucket, "p": packed}
                if bucket not in old:
                    inserts.append(row)
                elif old[bucket] != packed:
                    updates.append(row)
            deletes.extend({"a": account_id, "b": b} for b in touched if b not in new)
        # Only profiles whose stored bytes change are announced: a re-decision that
        # changes nothing (a backfill under the same model) leaves serving caches be.
        self.touched.update(str(row["a"]) for rows in (inserts, updates, deletes) for row in rows)
        where = and_(_T.c.account_id == bindparam("a"), _T.c.bucket == bindparam("b"))
        if deletes:
            self._c.execute(delete(_T).where(where), deletes)
        if updates:
            self._c.execute(update(_T).where(where).values(packed=bindparam("p")), updates)
        if inserts:
            self._c.execute(
                insert(_T).values(
                    account_id=bindparam("a"), bucket=bindparam("b"), packed=bindparam("p")
                ),
                inserts,
            )
        return gone


def _touched(old: Mapping[int, bytes], change: _Change) -> dict[int, bytes]:
    """The stored weeks a change may alter: those the added signals fall in, and those
    whose bytes contain one of its source ids (a week that does not name a source holds
    none of its signals)."""
    if change.sources is None:
        return dict(old)
    targets = {bucket_of(sig.at) for sig in change.add}
    needles = [source_id.encode("utf-8") for source_id in change.sources]
    return {
        bucket: packed
        for bucket, packed in old.items()
        if bucket in targets or any(needle in packed for needle in needles)
    }

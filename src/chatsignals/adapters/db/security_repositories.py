"""SQL repositories for API keys, data keys, the audit log and personal-data lifecycle."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, delete, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from chatsignals.adapters.db import schema as s
from chatsignals.adapters.db.sets import KeyedQuery, chunks
from chatsignals.domain.access import Role
from chatsignals.services import security_ports as sp

# A lock id for serialising audit appends on PostgreSQL (SQLite writers are serial anyway).
_AUDIT_LOCK = 7_231_150_003


class _Repo:
    def __init__(self, conn: Connection) -> None:
        self._c = conn


def _api_key(r: Any) -> sp.StoredApiKey:
    return sp.StoredApiKey(r.id, Role(r.role), r.advertiser_id, r.label, r.created_at, r.revoked_at)


class SqlApiKeys(_Repo, sp.ApiKeyRepository):
    def add(self, key: sp.StoredApiKey, token_hash: str) -> None:
        self._c.execute(
            insert(s.api_keys).values(
                id=key.id,
                role=key.role.value,
                advertiser_id=key.advertiser_id,
                label=key.label,
                hash=token_hash,
                created_at=key.created_at,
                revoked_at=key.revoked_at,
            )
        )

    def by_hash(self, token_hash: str) -> sp.StoredApiKey | None:
        r = self._c.execute(select(s.api_keys).where(s.api_keys.c.hash == token_hash)).first()
        return None if r is None else _api_key(r)

    def list(self) -> list[sp.StoredApiKey]:
        rows = self._c.execute(
            select(s.api_keys).order_by(s.api_keys.c.created_at, s.api_keys.c.id)
        )
        return [_api_key(r) for r in rows]

    def revoke(self, key_id: str, at: datetime) -> bool:
        t = s.api_keys
        result = self._c.execute(
            update(t).where(t.c.id == key_id, t.c.revoked_at.is_(None)).values(revoked_at=at)
        )
        return result.rowcount > 0


_DATA_KEYS = KeyedQuery(lambda match: select(s.data_keys).where(match(s.data_keys.c.subject)))


class SqlDataKeys(_Repo, sp.DataKeyRepository):
    def get(self, subject: str) -> sp.WrappedKey | None:
        return self.get_many([subject]).get(subject)

    def get_many(self, subjects: Sequence[str]) -> dict[str, sp.WrappedKey]:
        wanted = sorted(set(subjects))
        out: dict[str, sp.WrappedKey] = {}
        for chunk in chunks(self._c, wanted):
            rows = self._c.execute(*_DATA_KEYS.bind(self._c, chunk))
            out.update(
                (r.subject, sp.WrappedKey(r.subject, bytes(r.wrapped_key), r.key_version))
                for r in rows
            )
        return out

    def add_if_absent(self, key: sp.WrappedKey, at: datetime) -> None:
        values = {
            "subject": key.subject,
            "wrapped_key": key.wrapped,
            "key_version": key.key_version,
            "created_at": at,
        }
        if self._c.dialect.name == "postgresql":
            self._c.execute(pg_insert(s.data_keys).values(**values).on_conflict_do_nothing())
        else:
            self._c.execute(sqlite_insert(s.data_keys).values(**values).on_conflict_do_nothing())

    def replace(self, key: sp.WrappedKey) -> None:
        t = s.data_keys
        self._c.execute(
            update(t)
            .where(t.c.subject == key.subject)
            .values(wrapped_key=key.wrapped, key_version=key.key_version)
        )

    def all(self) -> list[sp.WrappedKey]:
        rows = self._c.execute(select(s.data_keys).order_by(s.data_keys.c.subject))
        return [sp.WrappedKey(r.subject, bytes(r.wrapped_key), r.key_version) for r in rows]

    def destroy(self, subject: str) -> bool:
        result = self._c.execute(delete(s.data_keys).where(s.data_keys.c.subject == subject))
        return result.rowcount > 0


def _entry(r: Any) -> sp.AuditEntry:
    return sp.AuditEntry(
        r.seq, r.at, r.actor, r.action, r.subject, dict(r.details), r.prev_hash, r.hash
    )


class SqlAuditLog(_Repo, sp.AuditLogRepository):
    def lock_head(self) -> sp.AuditEntry | None:
        if self._c.dialect.name == "postgresql":
            self._c.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_AUDIT_LOCK})")
        t = s.audit_log
        r = self._c.execute(select(t).order_by(t.c.seq.desc()).limit(1)).first()
        return None if r is None else _entry(r)

    def append(self, entry: sp.AuditEntry) -> None:
        self.append_many([entry])

    def append_many(self, entries: Sequence[sp.AuditEntry]) -> None:
        if not entries:
            return
        self._c.execute(
            insert(s.audit_log),
            [
                {
                    "seq": e.seq,
                    "at": e.at,
                    "actor": e.actor,
                    "action": e.action,
                    "subject": e.subject,
                    "details": e.details,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
                for e in entries
            ],
        )

    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[sp.AuditEntry]:
        t = s.audit_log
        query = select(t).where(t.c.seq > after_seq).order_by(t.c.seq)
        if limit is not None:
            query = query.limit(limit)
        return [_entry(r) for r in self._c.execute(query)]

    def latest(self, action: str) -> sp.AuditEntry | None:
        t = s.audit_log
        r = self._c.execute(
            select(t).where(t.c.action == action).order_by(t.c.seq.desc()).limit(1)
        ).first()
        return None if r is None else _entry(r)


# Tables that never hold rows about a person (or hold only pseudonyms).
_NOT_PERSONAL = frozenset({"api_keys", "data_keys", "audit_log", "alembic_version"})
# Columns that point at a person's rows without a declared foreign key.
_SOFT_REFERENCES = {
    "account_id": "accounts",
    "interaction_id": "interactions",
    "message_id": "interactions",
    "engagement_id": "engagements",
}


def _ownership(account_ids: Sequence[str]) -> dict[Table, ColumnElement[bool]]:
    """For every table, the condition selecting the rows that belong to the accounts.

    Derived from the schema, so tables added later are covered: a row belongs to an
    account when its ``account_id`` is the account's, or when it references (by foreign
    key, or by a conventional ``*_id`` column) a row that belongs to it.
    """
    ids = list(account_ids)
    owned: dict[Table, ColumnElement[bool]] = {}
    by_name = {t.name: t for t in s.metadata.sorted_tables}
    for table in s.metadata.sorted_tables:  # parents before children
        if table.name in _NOT_PERSONAL:
            continue
        parts: list[ColumnElement[bool]] = []
        if table.name == "accounts":
            parts.append(table.c.id.in_(ids))
        for fk in table.foreign_keys:
            parent = fk.column.table
            if parent in owned and parent is not table:
                parts.append(fk.parent.in_(select(fk.column).where(owned[parent])))
        for column_name, parent_name in _SOFT_REFERENCES.items():
            parent_table = by_name.get(parent_name)
            if column_name not in table.c or parent_table is None or parent_table is table:
                continue
            column = table.c[column_name]
            if column.foreign_keys:
                continue  # handled above
            if parent_name == "accounts":
                parts.append(column.in_(ids))
            elif parent_table in owned:
                parts.append(column.in_(select(parent_table.c.id).where(owned[parent_table])))
        if parts:
            owned[table] = or_(*parts)
    return owned


class SqlPersonalData(_Repo, sp.PersonalDataRepository):
    erased = False  # the unit of work scrubs SQLite's write-ahead log after an erasure

    def __init__(self, conn: Connection, touched: set[str] | None = None) -> None:
        super().__init__(conn)
        self.touched: set[str] = set() if touched is None else touched  # erased accounts

    def export(self, account_ids: Sequence[str]) -> dict[str, list[sp.Row]]:
        out: dict[str, list[sp.Row]] = {}
        for table, condition in _ownership(account_ids).items():
            rows = self._c.execute(select(table).where(condition)).mappings()
            out[table.name] = [dict(r) for r in rows]
        return out

    def erase(self, account_id: str) -> dict[str, int]:
        self.touched.add(account_id)
        counts: dict[str, int] = {}
        owned = _ownership([account_id])
        for table in reversed(list(owned)):  # children before parents
            counts[table.name] = int(self._c.execute(delete(table).where(owned[table])).rowcount)
        self.erased = True
        return {name: n for name, n in counts.items() if n}

    def purge_text_before(self, cutoff: datetime) -> int:
        t = s.interactions
        result = self._c.execute(
            update(t).where(t.c.at < cutoff, t.c.text_sealed.is_not(None)).values(text_sealed=None)
        )
        return int(result.rowcount)

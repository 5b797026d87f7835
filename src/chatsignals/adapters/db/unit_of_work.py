"""The SQL unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Self

from sqlalchemy import Connection, Engine

from chatsignals.adapters.db import delivery_repositories as dr
from chatsignals.adapters.db import repositories as r
from chatsignals.adapters.db import scale_repositories as qr
from chatsignals.adapters.db import security_repositories as sr
from chatsignals.adapters.db.signal_buckets import SqlSignals
from chatsignals.services.ports import UnitOfWork
from chatsignals.services.read_cache import profile_accounts_changed


def hashed_key(account_id: str) -> str:
    """The account key of the profile change feed when no keyed pseudonym is given."""
    return "h:" + hashlib.sha256(account_id.encode("utf-8")).hexdigest()[:24]


class SqlUnitOfWork(UnitOfWork):
    """``change_key``: how accounts are named in the profile change feed (the
    deployment's keyed pseudonym; every process of a deployment must use the same)."""

    def __init__(self, engine: Engine, change_key: Callable[[str], str] = hashed_key) -> None:
        self._engine = engine
        self._change_key = change_key
        self._conn: Connection | None = None
        self._sqlite = False

    def __enter__(self) -> Self:
        self.read_started = time.monotonic()
        conn = self._engine.connect()
        self._sqlite = conn.dialect.name == "sqlite"
        if self._sqlite:
            if self.read_only:
                conn.execution_options(sqlite_begin="DEFERRED")
            elif not self.durable:  # WAL + NORMAL: lost only if the OS crashes
                self._pragma(conn, "PRAGMA synchronous=NORMAL")
        elif self.read_only and self.one_statement:
            conn.execution_options(isolation_level="AUTOCOMMIT")
        elif self.read_only:  # BEGIN READ ONLY: a write in it fails, it cannot be kept
            conn.execution_options(postgresql_readonly=True)
        conn.begin()
        self._conn = conn
        # accounts whose profile inputs this transaction changed (repositories add them)
        self._touched: set[str] = set()
        self.accounts = r.SqlAccounts(conn)
        self.centers = r.SqlCenters(conn, self._touched)
        self.notices = r.SqlNotices(conn)
        self.consents = r.SqlConsents(conn)
        self.hidden_topics = r.SqlHiddenTopics(conn, self._touched)
        self.interactions = r.SqlInteractions(conn)
        self.content = r.SqlContent(conn)
        self.engagements = r.SqlEngagements(conn)
        self.signals = SqlSignals(conn, self._touched)
        self.decisions = r.SqlDecisions(conn)
        self.queue = qr.SqlQueue(conn)
        self.backfills = qr.SqlBackfills(conn)
        self.api_keys = sr.SqlApiKeys(conn)
        self.data_keys = sr.SqlDataKeys(conn)
        self.audit = sr.SqlAuditLog(conn)
        self._personal_data = sr.SqlPersonalData(conn, self._touched)
        self.personal_data = self._personal_data
        self.advertisers = dr.SqlAdvertisers(conn)
        self.campaigns = dr.SqlCampaigns(conn)
        self.spend = dr.SqlSpend(conn)
        self.impressions = dr.SqlImpressions(conn)
        self.ctr_models = dr.SqlCtrModels(conn)
        self.feed = dr.SqlFeed(conn)
        self.profile_changes = r.SqlProfileChanges(conn)
        return self

    def __exit__(self, *exc: object) -> None:
        conn = self._conn
        self._conn = None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                if self.read_only and exc[0] is None and not self._sqlite:
                    # The same end as a rollback, as nothing was written; but psycopg
                    # drops every statement it had prepared on the connection at each
                    # ROLLBACK, and these reads ended that way: no statement was ever
                    # prepared, and PostgreSQL parsed and planned every one (100-250
                    # µs each).
                    conn.commit()
                else:
                    conn.rollback()
            if self._sqlite and not self.durable and not self.read_only:
                self._pragma(conn, "PRAGMA synchronous=FULL")
        finally:
            conn.close()

    @staticmethod
    def _pragma(conn: Connection, sql: str) -> None:
        conn.connection.driver_connection.execute(sql)  # type: ignore[union-attr]

    @property
    def connection(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self._conn

    def commit(self) -> None:
        touched = set(self._touched)
        if touched:  # other processes learn of it from the feed, with the change itself
            keys = {self._change_key(a) for a in touched}
            self.profile_changes.record(keys, datetime.now(UTC))
        self.connection.commit()
        self._touched.clear()
        if touched:
            profile_accounts_changed(touched)  # this process's caches, at once
        if self._personal_data.erased:
            self._scrub_sqlite_log()

    def _scrub_sqlite_log(self) -> None:
        """After an erasure, fold SQLite's write-ahead log into the (secure-deleting)
        database and truncate it, so no old page images of the erased rows stay on disk."""
        self._personal_data.erased = False
        conn = self.connection
        if conn.dialect.name == "sqlite":
            conn.connection.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA wal_checkpoint(TRUNCATE)"
            )

    def rollback(self) -> None:
        if self._conn is not None:
            self._touched.clear()
        if self._conn is not None and self._conn.in_transaction():
            self._conn.rollback()

"""The SQL unit of work: one connection, one transaction, every repository on it."""

from __future__ import annotations

from typing import Self

from sqlalchemy import Connection, Engine

from chatsignals.adapters.db import delivery_repositories as dr
from chatsignals.adapters.db import repositories as r
from chatsignals.adapters.db import scale_repositories as qr
from chatsignals.adapters.db import security_repositories as sr
from chatsignals.adapters.db.signal_buckets import SqlSignals
from chatsignals.services.ports import UnitOfWork
from chatsignals.services.read_cache import profile_generation, profile_inputs_changed


class SqlUnitOfWork(UnitOfWork):
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None
        self._sqlite = False

    def __enter__(self) -> Self:
        self.started_generation = profile_generation()
        conn = self._engine.connect()
        self._sqlite = conn.dialect.name == "sqlite"
        if self._sqlite:
            if self.read_only:
                conn.execution_options(sqlite_begin="DEFERRED")
            elif not self.durable:  # WAL + NORMAL: lost only if the OS crashes
                self._pragma(conn, "PRAGMA synchronous=NORMAL")
        conn.begin()
        self._conn = conn
        self.accounts = r.SqlAccounts(conn)
        self.centers = r.SqlCenters(conn)
        self.notices = r.SqlNotices(conn)
        self.consents = r.SqlConsents(conn)
        self.hidden_topics = r.SqlHiddenTopics(conn)
        self.interactions = r.SqlInteractions(conn)
        self.content = r.SqlContent(conn)
        self.engagements = r.SqlEngagements(conn)
        self.signals = SqlSignals(conn)
        self.decisions = r.SqlDecisions(conn)
        self.queue = qr.SqlQueue(conn)
        self.backfills = qr.SqlBackfills(conn)
        self.api_keys = sr.SqlApiKeys(conn)
        self.data_keys = sr.SqlDataKeys(conn)
        self.audit = sr.SqlAuditLog(conn)
        self._personal_data = sr.SqlPersonalData(conn)
        self.personal_data = self._personal_data
        self.advertisers = dr.SqlAdvertisers(conn)
        self.campaigns = dr.SqlCampaigns(conn)
        self.spend = dr.SqlSpend(conn)
        self.impressions = dr.SqlImpressions(conn)
        self.ctr_models = dr.SqlCtrModels(conn)
        self.feed = dr.SqlFeed(conn)
        return self

    def __exit__(self, *exc: object) -> None:
        conn = self._conn
        self._conn = None
        if conn is None:
            return
        try:
            if conn.in_transaction():
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
        self.connection.commit()
        if self.changes_profiles:
            profile_inputs_changed()
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
        if self._conn is not None and self._conn.in_transaction():
            self._conn.rollback()

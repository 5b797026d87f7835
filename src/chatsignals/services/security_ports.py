"""Ports for keys, the audit log and personal-data lifecycle (export, erasure, retention).

Kept beside ``ports.py`` so the security concerns stay in one place; the unit of work
exposes them as ``api_keys``, ``data_keys``, ``audit`` and ``personal_data``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chatsignals.domain.access import Role

Row = dict[str, Any]  # one stored row, column name -> value


@dataclass(frozen=True, slots=True)
class StoredApiKey:
    id: str
    role: Role
    advertiser_id: str | None
    label: str | None
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class WrappedKey:
    subject: str
    wrapped: bytes
    key_version: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


class ApiKeyRepository(ABC):
    @abstractmethod
    def add(self, key: StoredApiKey, token_hash: str) -> None: ...

    @abstractmethod
    def by_hash(self, token_hash: str) -> StoredApiKey | None: ...

    @abstractmethod
    def list(self) -> list[StoredApiKey]: ...

    @abstractmethod
    def revoke(self, key_id: str, at: datetime) -> bool:
        """Mark the key revoked; False when there is no such live key."""


class DataKeyRepository(ABC):
    """Wrapped per-subject data keys (the subject is an account id)."""

    @abstractmethod
    def get(self, subject: str) -> WrappedKey | None: ...

    @abstractmethod
    def get_many(self, subjects: Sequence[str]) -> dict[str, WrappedKey]:
        """``get`` for each subject that has a key, in one go."""

    @abstractmethod
    def add_if_absent(self, key: WrappedKey, at: datetime) -> None:
        """Insert unless a key for the subject exists (a concurrent writer may have won)."""

    @abstractmethod
    def replace(self, key: WrappedKey) -> None:
        """Store a re-wrapped key (master key rotation)."""

    @abstractmethod
    def all(self) -> list[WrappedKey]: ...

    @abstractmethod
    def destroy(self, subject: str) -> bool:
        """Delete the subject's key: whatever it sealed can never be opened again."""


class AuditLogRepository(ABC):
    @abstractmethod
    def lock_head(self) -> AuditEntry | None:
        """The newest entry, with the log locked for appending until the transaction ends."""

    @abstractmethod
    def append(self, entry: AuditEntry) -> None: ...

    @abstractmethod
    def append_many(self, entries: Sequence[AuditEntry]) -> None:
        """``append`` each entry, in the order given, in one go (hold the lock first)."""

    @abstractmethod
    def entries(self, after_seq: int = 0, limit: int | None = None) -> list[AuditEntry]:
        """Entries with ``seq > after_seq``, oldest first."""

    @abstractmethod
    def latest(self, action: str) -> AuditEntry | None: ...


class PersonalDataRepository(ABC):
    """Every stored row about accounts, whatever table it lives in (current and future)."""

    @abstractmethod
    def export(self, account_ids: Sequence[str]) -> dict[str, list[Row]]:
        """Table name -> the rows that belong to these accounts."""

    @abstractmethod
    def erase(self, account_id: str) -> dict[str, int]:
        """Delete every row that belongs to the account; table name -> rows deleted."""

    @abstractmethod
    def purge_text_before(self, cutoff: datetime) -> int:
        """Drop the sealed text of messages sent before ``cutoff``; returns how many."""

"""Who is calling, and what each role may do.

API keys carry one role; person tokens stand for one account and reach the person's
own data only. ``admin`` may do what every key role may do, but it is not a person:
the transparency routes (``/v1/me``) answer only to person tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    PLATFORM = "platform"  # the apps' back end: accounts, ingest, ads, feed
    ADVERTISER = "advertiser"  # its own campaigns and reports only
    AUDITOR = "auditor"  # policy, decision log, audit log, simulator; never message text
    ADMIN = "admin"  # keys, notices, policy, erasure, retention
    PERSON = "person"  # a person token: their own data, through /v1/me


KEY_ROLES = (Role.PLATFORM, Role.ADVERTISER, Role.AUDITOR, Role.ADMIN)


@dataclass(frozen=True, slots=True)
class Principal:
    role: Role
    key_id: str  # the API key's public id, or "person" for person tokens
    advertiser_id: str | None = None  # advertiser keys only
    account_id: str | None = None  # person tokens only

    @property
    def actor(self) -> str:
        """How the audit log names this caller (never a person's identifier)."""
        if self.role is Role.PERSON:
            return "person-token"
        return f"key:{self.key_id}"

    @property
    def rate_key(self) -> str:
        if self.role is Role.PERSON:
            return f"person:{self.account_id}"
        return f"key:{self.key_id}"

    def may(self, roles: frozenset[Role]) -> bool:
        """Whether the role is among ``roles``; admin passes every key-role check."""
        if self.role in roles:
            return True
        return self.role is Role.ADMIN and bool(roles - {Role.PERSON})

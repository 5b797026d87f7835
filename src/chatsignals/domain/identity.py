"""Accounts Center identities: which accounts' signals may flow into one profile.

An account belongs to at most one center at a time. The identity of an account is the
set of accounts currently linked with it; an unlinked account is an identity of one.
Signals never cross apps except inside that set, and stop flowing on unlink because
profiles are assembled from the current links at read time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Identity:
    """The accounts whose signals combine into one profile."""

    account_ids: tuple[str, ...]  # sorted, never empty
    center_id: str | None

    @classmethod
    def of(cls, account_id: str, center_id: str | None, members: tuple[str, ...]) -> Identity:
        ids = set(members) | {account_id}
        return cls(tuple(sorted(ids)), center_id)

    def includes(self, account_id: str) -> bool:
        return account_id in self.account_ids

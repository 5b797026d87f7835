"""Secrets the services need beyond the cipher: person-token signing and pseudonyms."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass, field

DEFAULT_RETENTION_DAYS = 90


@dataclass(frozen=True)
class SecurityContext:
    token_key: bytes = field(repr=False)  # signs person tokens (HMAC-SHA256)
    pseudonym_key: bytes = field(repr=False)  # names people in the audit log
    retention_days: int = DEFAULT_RETENTION_DAYS

    @classmethod
    def ephemeral(cls) -> SecurityContext:
        """Random secrets for throwaway stores (simulations, in-memory tests)."""
        return cls(os.urandom(32), os.urandom(32))

    def pseudonym(self, value: str) -> str:
        """A keyed, stable stand-in for an identifier, so the append-only audit log never
        holds a person's id: whoever holds the key can check "was X erased?", nobody
        else can read who X was."""
        digest = hmac.new(self.pseudonym_key, value.encode("utf-8"), hashlib.sha256)
        return "p:" + digest.hexdigest()[:24]

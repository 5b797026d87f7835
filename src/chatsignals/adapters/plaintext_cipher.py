"""The opt-out cipher (``CHATSIGNALS_ENCRYPTION=none``): UTF-8 bytes, no encryption.

For debugging only: message text then sits readable in the database and its backups.
"""

from __future__ import annotations

from chatsignals.services.ports import MessageCipher
from chatsignals.services.security_ports import DataKeyRepository


class PlaintextCipher(MessageCipher):
    def seal(self, keys: DataKeyRepository, account_id: str, text: str) -> bytes:
        return text.encode("utf-8")

    def open(self, keys: DataKeyRepository, account_id: str, sealed: bytes) -> str:
        return sealed.decode("utf-8")

"""The default cipher: UTF-8 bytes, no encryption. Fine for demos, not for production."""

from __future__ import annotations

from chatsignals.services.ports import MessageCipher


class PlaintextCipher(MessageCipher):
    def seal(self, account_id: str, text: str) -> bytes:
        return text.encode("utf-8")

    def open(self, account_id: str, sealed: bytes) -> str:
        return sealed.decode("utf-8")

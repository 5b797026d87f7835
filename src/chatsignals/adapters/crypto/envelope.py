"""Envelope encryption of message text: AES-256-GCM under a data key per account.

Each account's data key is random, stored only wrapped (AES-GCM) by the master key,
and created in the same transaction as the first text it seals. Destroying the
account's wrapped key makes everything sealed under it unreadable (crypto-shredding).
The account id is bound into every ciphertext as associated data, so a sealed text
copied onto another account's row does not open.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from chatsignals.adapters.crypto.keyring import KeyRing
from chatsignals.services.ports import Clock, MessageCipher
from chatsignals.services.security_ports import DataKeyRepository, WrappedKey

_FORMAT = b"\x01"  # format byte | 12-byte nonce | ciphertext and tag
_NONCE = 12


class SealedTextError(Exception):
    """Sealed text could not be opened: its key is destroyed, missing, or it was altered."""


def _message_aad(account_id: str) -> bytes:
    return b"chatsignals/message/" + account_id.encode("utf-8")


def _key_aad(subject: str) -> bytes:
    return b"chatsignals/data-key/" + subject.encode("utf-8")


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], aad)
    except InvalidTag:
        raise SealedTextError("authentication failed: wrong key or altered data") from None


class EnvelopeCipher(MessageCipher):
    def __init__(self, ring: KeyRing, clock: Clock) -> None:
        self._ring = ring
        self._clock = clock

    @property
    def key_id(self) -> str:
        return self._ring.current.id

    def seal(self, keys: DataKeyRepository, account_id: str, text: str) -> bytes:
        data_key = self._data_key(keys, account_id, create=True)
        return _FORMAT + _seal(data_key, text.encode("utf-8"), _message_aad(account_id))

    def open(self, keys: DataKeyRepository, account_id: str, sealed: bytes) -> str:
        if not sealed.startswith(_FORMAT):
            raise SealedTextError("not sealed by this cipher")
        data_key = self._data_key(keys, account_id, create=False)
        return _open(data_key, sealed[1:], _message_aad(account_id)).decode("utf-8")

    def wrap(self, subject: str, data_key: bytes) -> WrappedKey:
        master = self._ring.current
        return WrappedKey(subject, _seal(master.key, data_key, _key_aad(subject)), master.id)

    def unwrap(self, wrapped: WrappedKey) -> bytes:
        master = self._ring.get(wrapped.key_version)
        if master is None:
            raise SealedTextError(
                f"data key of {wrapped.subject!r} is wrapped by master key "
                f"{wrapped.key_version}, which is not configured"
            )
        return _open(master.key, wrapped.wrapped, _key_aad(wrapped.subject))

    def rewrap(self, wrapped: WrappedKey) -> WrappedKey | None:
        if wrapped.key_version == self._ring.current.id:
            return None
        return self.wrap(wrapped.subject, self.unwrap(wrapped))

    def _data_key(self, keys: DataKeyRepository, account_id: str, *, create: bool) -> bytes:
        wrapped = keys.get(account_id)
        if wrapped is None:
            if not create:
                raise SealedTextError(f"no data key for {account_id!r} (destroyed?)")
            keys.add_if_absent(self.wrap(account_id, AESGCM.generate_key(256)), self._clock.now())
            wrapped = keys.get(account_id)  # a concurrent writer may have won the insert
            assert wrapped is not None
        return self.unwrap(wrapped)

"""Master keys: where they come from, how they are named, and how files are written.

The master key wraps every account's data key; it never touches message text itself.
It comes from ``CHATSIGNALS_MASTER_KEY`` (base64 of 32 bytes), else from
``CHATSIGNALS_MASTER_KEY_FILE``, else from ``DATA_DIR/master.key``, created on first use
with mode 0600. Keys retired by a rotation stay readable through
``CHATSIGNALS_RETIRED_MASTER_KEYS`` until every data key has been re-wrapped.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from chatsignals.settings import Settings

KEY_BYTES = 32
KEY_FILE_NAME = "master.key"


class MasterKeyError(ValueError):
    """A master key is missing, malformed or unreadable."""


@dataclass(frozen=True)
class MasterKey:
    key: bytes = field(repr=False)

    @property
    def id(self) -> str:
        """A stable public name for the key (stored beside each wrapped data key)."""
        return hashlib.sha256(b"chatsignals/master-key-id/" + self.key).hexdigest()[:16]

    def derive(self, purpose: str) -> bytes:
        """A separate 32-byte secret for ``purpose`` (person tokens, audit pseudonyms)."""
        hkdf = HKDF(hashes.SHA256(), KEY_BYTES, salt=None, info=purpose.encode())
        return hkdf.derive(self.key)


@dataclass(frozen=True)
class KeyRing:
    """The current master key (wraps new data keys) and retired ones (unwrap only)."""

    current: MasterKey
    retired: tuple[MasterKey, ...] = ()

    def get(self, key_id: str) -> MasterKey | None:
        for key in (self.current, *self.retired):
            if key.id == key_id:
                return key
        return None

    @property
    def keys(self) -> tuple[MasterKey, ...]:
        return (self.current, *self.retired)


def decode_key(text: str, source: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyError(f"{source} is not base64") from None
    if len(raw) != KEY_BYTES:
        raise MasterKeyError(f"{source} must be {KEY_BYTES} random bytes, base64-encoded")
    if len(set(raw)) < 8:
        raise MasterKeyError(f"{source} looks like a placeholder, not a random key")
    return raw


def encode_key(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def generate_key() -> bytes:
    return os.urandom(KEY_BYTES)


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text("ascii")
    except OSError as exc:
        raise MasterKeyError(f"cannot read master key file {path}: {exc.strerror}") from None
    return decode_key(text, f"master key file {path}")


def write_key_file(path: Path, key: bytes) -> bool:
    """Create ``path`` holding ``key`` (mode 0600) unless it exists; True if written.

    Written to a temporary file, synced, then linked into place, so concurrent
    starters agree on one key and nobody reads a half-written file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (encode_key(key) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)
        return True
    except FileExistsError:
        return False
    finally:
        tmp.unlink()


def key_file_path(settings: Settings) -> Path | None:
    """The key file in use, or None when the key comes from the environment."""
    if settings.master_key:
        return None
    if settings.master_key_file:
        return Path(settings.master_key_file)
    return settings.data_dir / KEY_FILE_NAME


def pending_key_path(path: Path) -> Path:
    """Where a rotation writes the new key before the database is re-wrapped."""
    return path.with_name(path.name + ".new")


def load_keyring(settings: Settings, *, ephemeral: bool = False) -> KeyRing:
    """The key ring the settings describe; ``ephemeral`` makes a throwaway key instead of
    creating a key file (in-memory stores, whose data dies with the process)."""
    retired = [
        MasterKey(decode_key(k, "CHATSIGNALS_RETIRED_MASTER_KEYS"))
        for k in settings.retired_master_keys.split(",")
        if k.strip()
    ]
    if settings.master_key:
        current = MasterKey(decode_key(settings.master_key, "CHATSIGNALS_MASTER_KEY"))
    elif ephemeral and not settings.master_key_file:
        current = MasterKey(generate_key())
    else:
        path = key_file_path(settings)
        assert path is not None
        if not settings.master_key_file:
            write_key_file(path, generate_key())  # no-op when it exists
        current = MasterKey(read_key_file(path))
        pending = pending_key_path(path)
        if pending.exists():  # a rotation stopped between its commit and its rename
            retired.append(MasterKey(read_key_file(pending)))
    return KeyRing(current, tuple(retired))

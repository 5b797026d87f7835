"""Message text is never at rest in plaintext; deleting a person shreds their key."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from chatsignals.adapters.crypto.envelope import EnvelopeCipher, SealedTextError
from chatsignals.adapters.crypto.keyring import (
    KeyRing,
    MasterKey,
    MasterKeyError,
    decode_key,
    generate_key,
    load_keyring,
)
from chatsignals.adapters.db import schema
from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.bootstrap import Container, bootstrap
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.conftest import admin_client
from tests.security.conftest import person_token

SECRET = "my divorce lawyer says the Zanzibar villa is hidden from the court"


def _ingest(client: TestClient, acct: str = "fb:enc", mid: str = "m-secret") -> None:
    body = {"id": acct, "app": "facebook", "country": "US", "birth_date": "1990-04-02"}
    assert client.post("/v1/accounts", json=body).status_code in (200, 201)
    client.post(f"/v1/accounts/{acct}/notice-deliveries", json={"at": "2025-12-01T00:00:00Z"})
    msg = {"id": mid, "account": acct, "conversation": "c-enc", "text": SECRET}
    r = client.post("/v1/interactions", json={**msg, "at": "2025-12-17T10:00:00Z"})
    assert r.status_code == 202, r.text


@pytest.fixture
def file_store(tmp_path: Path, clock: ManualClock) -> Iterator[Container]:
    c = bootstrap(Settings(data_dir=tmp_path), clock=clock)
    yield c
    c.close()


def test_the_default_install_encrypts_with_a_private_key_file(
    file_store: Container, tmp_path: Path
) -> None:
    key_file = tmp_path / "master.key"
    assert key_file.exists() and key_file.stat().st_mode & 0o777 == 0o600
    assert isinstance(file_store.ctx.cipher, EnvelopeCipher)


def test_a_known_message_is_nowhere_in_the_sqlite_files(
    file_store: Container, tmp_path: Path
) -> None:
    client = admin_client(file_store)
    _ingest(client)
    token = person_token(file_store, "fb:enc")
    export = client.get("/v1/me/export", headers={"Authorization": f"Bearer {token}"}).json()
    assert export["data"]["interactions"][0]["text"] == SECRET  # it is stored, sealed
    file_store.engine.dispose()
    needles = [SECRET.encode(), b"Zanzibar", "Zanzibar".encode("utf-16-le")]
    files = [p for p in tmp_path.iterdir() if p.name.startswith("chatsignals.sqlite")]
    assert files
    for path in files:
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{needle!r} in {path.name}"


def test_a_known_message_is_nowhere_in_a_postgresql_dump(
    private_postgres_url: str, clock: ManualClock, tmp_path: Path
) -> None:
    key = MasterKey(generate_key())
    from chatsignals.adapters.crypto.keyring import encode_key

    settings = Settings(database_url=private_postgres_url, master_key=encode_key(key.key))
    c = bootstrap(settings, clock=clock)
    try:
        _ingest(admin_client(c))
        dump = _pg_text(c, private_postgres_url)
    finally:
        c.close()
    assert "fb:enc" in dump  # the dump really holds the data
    assert "Zanzibar" not in dump and SECRET not in dump


def _pg_text(c: Container, url: str) -> str:
    """``pg_dump`` of the schema where the client exists, else every table as text."""
    schema_name = url.rsplit("search_path%3D", 1)[1]
    dsn = url.split("?")[0].replace("postgresql+psycopg://", "postgresql://")
    if shutil.which("pg_dump"):
        done = subprocess.run(
            ["pg_dump", "--data-only", "--schema", schema_name, dsn],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode == 0:
            return done.stdout
    parts = []
    with c.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            parts.extend(str(tuple(r)) for r in conn.execute(table.select()))
    return "\n".join(parts)


def test_sealed_text_opens_only_for_its_account_and_key(container: Container) -> None:
    cipher = container.ctx.cipher
    assert isinstance(cipher, EnvelopeCipher)
    with SqlUnitOfWork(container.engine) as uow:
        sealed = cipher.seal(uow.data_keys, "fb:a", SECRET)
        cipher.seal(uow.data_keys, "fb:b", "other")
        assert b"Zanzibar" not in sealed and cipher.open(uow.data_keys, "fb:a", sealed) == SECRET
        with pytest.raises(SealedTextError):
            cipher.open(uow.data_keys, "fb:b", sealed)  # moved onto another account's row
        tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
        with pytest.raises(SealedTextError):
            cipher.open(uow.data_keys, "fb:a", tampered)
        assert uow.data_keys.destroy("fb:a")
        with pytest.raises(SealedTextError):
            cipher.open(uow.data_keys, "fb:a", sealed)  # crypto-shredded


def test_erasing_a_person_destroys_their_data_key(client: TestClient, container: Container) -> None:
    _ingest(client)
    with container.engine.connect() as conn:
        sealed = conn.execute(text("SELECT text_sealed FROM interactions")).scalar_one()
        assert conn.execute(text("SELECT COUNT(*) FROM data_keys")).scalar_one() == 1
    assert client.delete("/v1/accounts/fb:enc").json()["data_key_destroyed"] is True
    with container.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM data_keys")).scalar_one() == 0
    cipher = container.ctx.cipher
    with SqlUnitOfWork(container.engine) as uow, pytest.raises(SealedTextError):
        cipher.open(uow.data_keys, "fb:enc", bytes(sealed))  # a backup copy stays sealed


def test_rotating_the_master_key_rewraps_data_keys_and_keeps_text_readable(
    tmp_path: Path, clock: ManualClock
) -> None:
    from click.testing import CliRunner

    from chatsignals.cli.keys import command as keys_command

    settings = Settings(data_dir=tmp_path)
    c = bootstrap(settings, clock=clock)
    _ingest(admin_client(c))
    c.close()
    old = (tmp_path / "master.key").read_text()
    env = {"CHATSIGNALS_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(keys_command, ["rotate"], env=env)
    assert result.exit_code == 0, result.output
    assert '"rewrapped": 1' in result.output
    new = (tmp_path / "master.key").read_text()
    assert new != old and not (tmp_path / "master.key.new").exists()
    c = bootstrap(settings, clock=clock)  # only the new key now
    token = person_token(c, "fb:enc")
    export = admin_client(c).get("/v1/me/export", headers={"Authorization": f"Bearer {token}"})
    assert export.json()["data"]["interactions"][0]["text"] == SECRET
    with c.engine.connect() as conn:
        version = conn.execute(text("SELECT key_version FROM data_keys")).scalar_one()
    assert version == MasterKey(decode_key(new, "new")).id
    c.close()


def test_a_data_key_under_an_unknown_master_key_fails_closed(container: Container) -> None:
    cipher = container.ctx.cipher
    assert isinstance(cipher, EnvelopeCipher)
    stranger = EnvelopeCipher(KeyRing(MasterKey(generate_key())), container.ctx.clock)
    with SqlUnitOfWork(container.engine) as uow:
        sealed = cipher.seal(uow.data_keys, "fb:a", SECRET)
        with pytest.raises(SealedTextError):
            stranger.open(uow.data_keys, "fb:a", sealed)


def test_placeholder_or_malformed_master_keys_are_refused(tmp_path: Path) -> None:
    for bad in ("changeme", "A" * 44, ""):
        with pytest.raises(MasterKeyError):
            decode_key(bad, "CHATSIGNALS_MASTER_KEY")
    missing = Settings(data_dir=tmp_path, master_key_file=str(tmp_path / "nope.key"))
    with pytest.raises(MasterKeyError):
        load_keyring(missing)


def test_plaintext_storage_is_an_explicit_opt_out(clock: ManualClock) -> None:
    from chatsignals.adapters.plaintext_cipher import PlaintextCipher

    c = bootstrap(Settings(database_url="sqlite://", encryption="none"), clock=clock)
    assert isinstance(c.ctx.cipher, PlaintextCipher)
    c.close()
    with pytest.raises(ValueError, match="ENCRYPTION"):
        Settings.from_env({"CHATSIGNALS_ENCRYPTION": "rot13"})

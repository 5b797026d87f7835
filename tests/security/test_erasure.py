"""Deleting means gone: a person, a conversation or a message, with everything derived
from it, in every table; message text expires after the retention period."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from chatsignals.adapters.crypto.keyring import encode_key, generate_key
from chatsignals.adapters.db import schema
from chatsignals.bootstrap import Container, bootstrap
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.conftest import admin_client
from tests.security.conftest import person_token
from tests.stored_signals import stored_signals

GONE = "zq-erasee-7"  # an id no other row can contain by accident
KEPT = "zq-keeper-3"
GONE_TEXT = "GONE: I keep thinking about sailing the Kerguelen islands"
KEPT_TEXT = "KEPT: looking for trail running shoes"


def _seed(client: TestClient) -> None:
    for acct, app in ((GONE, "facebook"), (GONE + "-ig", "instagram"), (KEPT, "facebook")):
        body = {"id": acct, "app": app, "country": "US", "birth_date": "1990-04-02"}
        assert client.post("/v1/accounts", json=body).status_code == 201
        client.post(f"/v1/accounts/{acct}/notice-deliveries", json={"at": "2025-12-01T00:00:00Z"})
        client.post(f"/v1/accounts/{acct}/consents", json={"purpose": "ads", "granted": True})
        client.post(f"/v1/accounts/{acct}/hidden-topics", json={"topic": "483"})
    client.put(f"/v1/centers/ac-{GONE}/accounts/{GONE}")
    client.put(f"/v1/centers/ac-{GONE}/accounts/{GONE}-ig")
    item = {"id": "grp-hike", "kind": "group", "title": "Hikers", "categories": ["159"]}
    client.post("/v1/content", json=item)
    for acct, mid, words in ((GONE, f"{GONE}-m", GONE_TEXT), (KEPT, f"{KEPT}-m", KEPT_TEXT)):
        for n, at in enumerate(("2025-12-17T10:00:00Z", "2025-12-17T10:01:00Z")):
            msg = {"id": f"{mid}{n}", "account": acct, "conversation": f"{acct}-c", "text": words}
            r = client.post("/v1/interactions", json={**msg, "at": at})
            assert r.status_code == 202, r.text
        like = {"id": f"{acct}-e", "account": acct, "kind": "follow", "item": "grp-hike"}
        assert client.post("/v1/engagements", json=like).status_code == 202
    ig = {"id": f"{GONE}-ig-m", "account": f"{GONE}-ig", "conversation": "c-ig", "text": GONE_TEXT}
    assert client.post("/v1/interactions", json=ig).status_code == 202


def _all_rows_as_text(container: Container) -> dict[str, str]:
    out = {}
    with container.engine.connect() as conn:
        for table in schema.metadata.sorted_tables:
            out[table.name] = "\n".join(str(tuple(r)) for r in conn.execute(table.select()))
    return out


def _assert_erased(container: Container) -> None:
    tables = _all_rows_as_text(container)
    for name, rows in tables.items():
        assert GONE not in rows, f"{name} still holds {GONE}: {rows[:300]}"
        assert "Kerguelen" not in rows, name
    assert KEPT in tables["accounts"] and KEPT in tables["interactions"]
    assert KEPT in tables["signal_buckets"] and KEPT in tables["engagements"]


@pytest.fixture(params=["sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, clock: ManualClock
) -> Iterator[Container]:
    if request.param == "sqlite":
        settings = Settings(data_dir=tmp_path)
    else:
        url = request.getfixturevalue("private_postgres_url")
        settings = Settings(database_url=url, master_key=encode_key(generate_key()))
    c = bootstrap(settings, clock=clock)
    yield c
    c.close()


def test_erasing_an_account_leaves_nothing_in_any_table(store: Container) -> None:
    client = admin_client(store)
    _seed(client)
    r = client.delete(f"/v1/accounts/{GONE}-ig")
    assert r.status_code == 200 and r.json()["data_key_destroyed"] is True
    r = client.delete(f"/v1/accounts/{GONE}")
    assert r.status_code == 200
    assert r.json()["rows"]["interactions"] == 2 and r.json()["rows"]["signal_buckets"] > 0
    _assert_erased(store)
    assert client.get(f"/v1/accounts/{GONE}").status_code == 404
    assert client.delete(f"/v1/accounts/{GONE}").status_code == 404


def test_a_person_erases_themselves_with_their_linked_accounts(store: Container) -> None:
    client = admin_client(store)
    _seed(client)
    me = {"Authorization": f"Bearer {person_token(store, GONE)}"}
    r = client.delete("/v1/me", headers=me)
    assert r.status_code == 200 and len(r.json()["accounts"]) == 2
    _assert_erased(store)
    assert client.get("/v1/me/interests", headers=me).status_code == 404


def test_erased_rows_are_not_left_in_the_sqlite_files(tmp_path: Path, clock: ManualClock) -> None:
    c = bootstrap(Settings(data_dir=tmp_path), clock=clock)
    client = admin_client(c)
    _seed(client)
    client.delete(f"/v1/accounts/{GONE}-ig")
    client.delete(f"/v1/accounts/{GONE}")
    c.engine.dispose()
    for path in tmp_path.glob("chatsignals.sqlite*"):
        assert GONE.encode() not in path.read_bytes(), path.name
    c.close()


def test_deleting_a_conversation_takes_its_signals_decisions_and_results(
    client: TestClient, container: Container
) -> None:
    _seed(client)
    assert client.delete(f"/v1/conversations/{GONE}-c").json()["deleted"] == 2
    assert not [s for s in stored_signals(container.engine) if s.source_id.startswith(f"{GONE}-m")]
    with container.engine.connect() as conn:
        for table in ("interactions", "decisions"):
            left = conn.execute(
                text(f"SELECT COUNT(*) FROM {table} WHERE {_source(table)} LIKE :m"),
                {"m": f"{GONE}-m%"},
            ).scalar_one()
            assert left == 0, table


def _source(table: str) -> str:
    return "id" if table == "interactions" else "source_id"


def test_message_text_expires_after_the_retention_period(
    client: TestClient, container: Container, clock: ManualClock
) -> None:
    _seed(client)
    signals_before = stored_signals(container.engine)
    first_message = datetime(2025, 12, 17, 10, 0, tzinfo=UTC)
    clock.set(first_message + timedelta(days=89, hours=23))
    assert client.post("/v1/retention/purge").json()["purged"] == 0
    clock.set(first_message + timedelta(days=90, minutes=30))
    assert client.post("/v1/retention/purge").json()["purged"] == 4  # the Dec 17 ones
    clock.set(clock.now() + timedelta(days=5))
    assert client.post("/v1/retention/purge").json()["purged"] == 1
    assert stored_signals(container.engine) == signals_before
    with container.engine.connect() as conn:
        sealed = conn.execute(text("SELECT text_sealed FROM interactions")).scalars().all()
    assert len(sealed) == 5 and set(sealed) == {None}
    me = {"Authorization": f"Bearer {person_token(container, KEPT)}"}
    export = client.get("/v1/me/export", headers=me).json()
    assert {m["text"] for m in export["data"]["interactions"]} == {None}
    assert export["interests"]["ads"]  # the signals, naming their message ids, remain
    assert f"{KEPT}-m0" in {s["source_id"] for s in export["data"]["signals"]}
    assert "signal_buckets" not in export["data"]  # exported readable, not as packed bytes


def test_the_purge_command_uses_the_configured_retention(
    tmp_path: Path, clock: ManualClock
) -> None:
    from click.testing import CliRunner

    from chatsignals.cli.purge import command

    c = bootstrap(Settings(data_dir=tmp_path), clock=clock)
    _seed(admin_client(c))
    c.close()
    env = {"CHATSIGNALS_DATA_DIR": str(tmp_path)}
    result = CliRunner().invoke(command, ["--retention-days", "1"], env=env)
    assert result.exit_code == 0 and '"purged": 5' in result.output, result.output

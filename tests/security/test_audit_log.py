"""The audit log: every denial, export, deletion, key and policy change leaves an entry;
the chain is append-only and any change to it is found by ``chatsignals audit verify``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from chatsignals.bootstrap import Container, bootstrap
from chatsignals.cli.audit import command as audit_command
from chatsignals.services import audit
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.api.test_policy_rules_http import post, register
from tests.conftest import admin_client
from tests.security.conftest import person_token


def _actions(container: Container) -> list[str]:
    return [e["action"] for e in audit.read(container.ctx, 0, 1000)]


def test_denials_exports_deletions_and_key_changes_are_audited(
    client: TestClient, container: Container
) -> None:
    register(client, "fb:eu", country="FR")
    post(client, "m-eu", "fb:eu")  # the region rule denies it
    register(client, "fb:us")
    post(client, "m-us", "fb:us")  # used: no denial entry
    token = person_token(container, "fb:us")
    assert client.get("/v1/me/export", headers={"Authorization": f"Bearer {token}"}).is_success
    created = client.post("/v1/api-keys", json={"role": "auditor"}).json()
    client.delete(f"/v1/api-keys/{created['id']}")
    client.delete("/v1/interactions/m-us")
    client.delete("/v1/accounts/fb:eu")
    client.post("/v1/retention/purge")
    actions = _actions(container)
    for expected in (
        "api-key.create",
        "policy.deny",
        "export",
        "api-key.revoke",
        "interaction.delete",
        "account.erase",
        "retention.purge",
    ):
        assert expected in actions, expected
    assert actions.count("policy.deny") == 1
    entries = audit.read(container.ctx, 0, 1000)
    deny = next(e for e in entries if e["action"] == "policy.deny")
    assert deny["details"]["rules"] == ["region/ads", "region/content"]
    assert deny["actor"] == "policy:meta-2025"
    # people appear only as keyed pseudonyms
    flat = str(entries)
    assert "fb:eu" not in flat and "fb:us" not in flat and "m-us" not in flat
    assert audit.verify(container.ctx).ok


def test_policy_changes_are_recorded_once_per_change(container: Container) -> None:
    assert audit.record_policy_if_changed(container.ctx)
    assert not audit.record_policy_if_changed(container.ctx)
    last = [e for e in audit.read(container.ctx, 0, 100) if e["action"] == "policy.set"]
    assert last[-1]["details"] == {"preset": "meta-2025", "was": None}


def test_the_log_refuses_updates_and_deletes(client: TestClient, container: Container) -> None:
    client.post("/v1/api-keys", json={"role": "auditor"})
    for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with container.engine.begin() as conn, pytest.raises(DatabaseError):
            conn.execute(text(statement))


def test_verify_names_the_first_altered_entry(tmp_path: Path, clock: ManualClock) -> None:
    settings = Settings(data_dir=tmp_path)
    c = bootstrap(settings, clock=clock)
    client = admin_client(c)  # entry 1: the test key
    for role in ("auditor", "platform", "auditor"):
        client.post("/v1/api-keys", json={"role": role})  # entries 2-4
    env = {"CHATSIGNALS_DATA_DIR": str(tmp_path)}
    ok = CliRunner().invoke(audit_command, ["verify"], env=env)
    assert ok.exit_code == 0 and '"ok": true' in ok.output and '"entries": 4' in ok.output
    assert client.get("/v1/audit-log/verification").json()["ok"] is True
    with c.engine.begin() as conn:  # an attacker with database access, triggers and all
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(
            text("UPDATE audit_log SET details = :d WHERE seq = 3"), {"d": '{"role": "admin"}'}
        )
    broken = CliRunner().invoke(audit_command, ["verify"], env=env)
    assert broken.exit_code == 1
    assert '"broken_at": 3' in broken.output and "hash does not match" in broken.output
    with c.engine.begin() as conn:  # dropping an entry breaks the link after it
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        conn.execute(text("DELETE FROM audit_log WHERE seq = 2"))
    report = audit.verify(c.ctx)
    assert not report.ok and report.broken_at == 3 and report.reason == "expected seq 2"
    c.close()


def test_the_chain_survives_postgresql_round_trips(
    private_postgres_url: str, clock: ManualClock
) -> None:
    from chatsignals.adapters.crypto.keyring import encode_key, generate_key

    settings = Settings(database_url=private_postgres_url, master_key=encode_key(generate_key()))
    c = bootstrap(settings, clock=clock)
    try:
        client = admin_client(c)
        register(client, "fb:eu", country="FR")
        post(client, "m-eu", "fb:eu")
        client.delete("/v1/accounts/fb:eu")
        assert audit.verify(c.ctx).ok and audit.verify(c.ctx).entries == 3
        with c.engine.begin() as conn, pytest.raises(DatabaseError):
            conn.execute(text("DELETE FROM audit_log"))
    finally:
        c.close()

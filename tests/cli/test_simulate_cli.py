"""The ``chatsignals simulate`` contract at the process boundary."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.simulator.scenarios import account, chat, interests, notice, scenario


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "chatsignals", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _write(tmp_path: Path, doc: Any) -> str:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return str(path)


def test_simulate_prints_one_json_line_per_chat_and_query(tmp_path: Path) -> None:
    doc = scenario(
        account("fb:a"),
        notice("fb:a"),
        chat("m1", "fb:a", "I love hiking"),
        interests("q", "fb:a"),
        {"at": "2025-12-17T11:00:00Z", "type": "ads", "id": "q2", "account": "fb:a", "limit": 3},
        {"at": "2025-12-17T11:00:00Z", "type": "feed", "id": "q3", "account": "fb:a", "limit": 3},
    )
    result = run_cli("simulate", _write(tmp_path, doc))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(line["type"], line["id"]) for line in lines] == [
        ("chat", "m1"),
        ("interests", "q"),
        ("ads", "q2"),
        ("feed", "q3"),
    ]
    assert set(lines[0]) >= {"used_for", "rules", "interests", "sensitive"}
    again = run_cli("simulate", "-", stdin=json.dumps(doc))
    assert again.stdout == result.stdout


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ("{not json", "invalid JSON"),
        (
            scenario(
                {"at": "2025-12-01T00:00:00Z", "type": "account", "account": "a", "app": "facebook"}
            ),
            "event 0 (account), field 'country'",
        ),
        (
            scenario(account("a"), {"at": "2025-12-01T00:00:00", "type": "notice", "account": "a"}),
            "event 1 (notice), field 'at'",
        ),
        (scenario(account("a"), chat("m1", "a", 42)), "event 1 (chat), field 'text'"),
        (
            scenario(account("a"), {"at": "2025-12-17T00:00:00Z", "type": "teleport"}),
            "event 1, field 'type'",
        ),
        (scenario(chat("m1", "ghost", "hi")), "event 0 (chat), field 'account'"),
        (
            scenario(
                account("a", at="2025-12-02T00:00:00Z"), notice("a", at="2025-12-01T00:00:00Z")
            ),
            "event 1 (notice), field 'at'",
        ),
        (scenario(account("a"), policy="nope"), "field 'policy'"),
    ],
    ids=[
        "bad-json",
        "missing-field",
        "naive-time",
        "wrong-type",
        "unknown-type",
        "unknown-account",
        "out-of-order",
        "unknown-policy",
    ],
)
def test_an_invalid_scenario_exits_2_names_the_event_and_prints_nothing(
    tmp_path: Path, doc: Any, expected: str
) -> None:
    result = run_cli("simulate", _write(tmp_path, doc))
    assert result.returncode == 2
    assert result.stdout == ""
    assert expected in result.stderr


def test_help_is_everywhere() -> None:
    for args in ([], ["simulate"], ["serve"], ["demo"], ["migrate"]):
        result = run_cli(*args, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, args


def test_migrate_creates_the_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    first = run_cli("migrate", "--database-url", url)
    assert first.returncode == 0 and "was empty" in first.stdout
    head = first.stdout.split("revision ")[1].split()[0]
    second = run_cli("migrate", "--database-url", url)
    assert second.returncode == 0 and f"was {head}" in second.stdout

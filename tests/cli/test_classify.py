"""``chatsignals classify``: the JSONL contract, error lines and exit status."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from chatsignals.cli import main

LINES = [
    {"id": "1", "text": "How do I reverse a linked list in Python?"},
    {"id": "2", "text": ""},
    {
        "id": "3",
        "turns": [
            {"role": "assistant", "text": "I found a flight to Denver for $210."},
            {"role": "user", "text": "Great, book it."},
        ],
    },
    {"id": "4", "text": "My doctor doubled my insulin dose."},
]


def run(args: list[str], stdin: str | None = None) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(main, ["classify", *args], input=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, out, result.stderr


def test_stdin_to_stdout_gives_every_field_in_input_order() -> None:
    code, out, _ = run([], "\n".join(json.dumps(x) for x in LINES) + "\n")
    assert code == 0
    assert [o["id"] for o in out] == ["1", "2", "3", "4"]
    first = out[0]
    assert set(first) == {"id", "interests", "sensitive", "ad_interests", "purchase_intent"}
    interest = first["interests"][0]  # type: ignore[index]
    assert set(interest) == {"id", "name", "tier1", "score"}
    assert interest["tier1"] == "Technology & Computing"
    assert first["ad_interests"] == first["interests"]
    assert out[1]["interests"] == [] and out[1]["sensitive"] == []
    assert out[2]["purchase_intent"] is True
    assert out[2]["interests"][0]["tier1"] == "Travel"  # type: ignore[index]
    assert out[3]["sensitive"] == ["health"] and out[3]["ad_interests"] == []


def test_malformed_lines_give_errors_in_place_and_exit_status_1() -> None:
    lines = [
        json.dumps(LINES[0]),
        "{not json",
        json.dumps({"id": "x"}),
        json.dumps({"id": "y", "turns": [{"role": "robot", "text": "hi"}]}),
        json.dumps({"text": "no id"}),
        json.dumps(LINES[3]),
    ]
    code, out, _ = run(["--backend", "keyword"], "\n".join(lines) + "\n")
    assert code == 1
    assert [o["id"] for o in out] == ["1", None, "x", "y", None, "4"]
    assert all("error" in o for o in out[1:5])
    assert "interests" in out[0] and "interests" in out[5]
    assert "role" in str(out[3]["error"])


def test_files_in_and_out_with_a_progress_bar(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    source.write_text("\n".join(json.dumps(x) for x in LINES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["classify", "--input", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    written = [json.loads(line) for line in target.read_text().splitlines()]
    assert [o["id"] for o in written] == ["1", "2", "3", "4"]
    assert "classifying" in result.stderr


def test_unknown_backend_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["classify", "--backend", "nope"], input="")
    assert result.exit_code == 2

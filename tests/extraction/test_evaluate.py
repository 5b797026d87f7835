"""``chatsignals evaluate`` on a tiny data folder shipped with the tests."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from chatsignals.cli import main

DATA = Path(__file__).parent / "fixtures" / "data"


def test_evaluate_prints_figures_and_writes_a_self_contained_report(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, ["evaluate", "--data", str(DATA), "--backend", "keyword", "--report", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "tier-1 accuracy" in result.output
    assert "precision" in result.output and "recall" in result.output
    assert "messages/s" in result.output
    html = report.read_text()
    assert "<svg" in html and "confusion" in html.lower()
    assert "<script" not in html and "http" not in html


def test_evaluate_refuses_a_folder_without_data(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--data", str(tmp_path)])
    assert result.exit_code == 2

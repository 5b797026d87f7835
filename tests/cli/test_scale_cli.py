"""``chatsignals worker --drain`` and ``chatsignals backfill`` on a real store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from chatsignals.cli import main
from chatsignals.services.worker import queue_stats
from tests.queue.store import make_container, seed


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"CHATSIGNALS_DATA_DIR": str(tmp_path)}


def test_worker_drains_the_queue(tmp_path: Path, env: dict[str, str]) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    c = make_container(url, tmp_path)
    seed(c, 12)
    result = CliRunner().invoke(
        main, ["worker", "--database-url", url, "--drain", "--batch-size", "5"], env=env
    )
    assert result.exit_code == 0, result.output
    assert queue_stats(c.ctx).depth == 0


def test_backfill_stops_resumes_and_summarises(tmp_path: Path, env: dict[str, str]) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    c = make_container(url, tmp_path, mode="inline")
    seed(c, 20)
    args = ["backfill", "--database-url", url, "--engine", "local", "--batch-size", "8", "--json"]
    first = CliRunner().invoke(main, [*args, "--max-batches", "1"], env=env)
    assert first.exit_code == 0, first.output
    stopped = json.loads(first.output.splitlines()[-1])
    assert (stopped["status"], stopped["messages"], stopped["of"]) == ("running", 8, 20)
    second = CliRunner().invoke(main, args, env=env)
    done = json.loads(second.output.splitlines()[-1])
    assert (done["run"], done["status"], done["messages"]) == (stopped["run"], "done", 20)
    assert done["decisions_changed"] == 0 and done["signals_added"] == 0

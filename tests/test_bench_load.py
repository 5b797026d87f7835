"""What the HTTP benchmark reports about a slow spell (bench/http_load.py)."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from bench.http_load import LoadResult, Server


def test_by_second_groups_requests_by_when_they_were_due_and_shows_the_generator_lateness() -> None:
    result = LoadResult(
        requests=5,
        errors=0,
        seconds=3.0,
        latencies_ms=[2.0, 3.0, 900.0, 4.0, 5.0],
        due_s=[0.1, 0.9, 1.2, 1.5, 2.4],  # completion order, not due order
        sent_late_ms=[0.0, 0.5, 250.0, 1.0, 0.2],
    )
    assert result.by_second() == [(0, 2, 3.0, 0.5), (1, 2, 900.0, 250.0), (2, 1, 5.0, 0.2)]
    # Adding two runs keeps each request's due time with its latency.
    both = result + result
    assert both.by_second()[1] == (1, 4, 900.0, 250.0)


def test_slowest_answers_counts_only_the_requests_logged_since(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    lines = [
        "chatsignals serving the API on http://127.0.0.1:1/",  # not JSON: skipped
        json.dumps({"ts": "2026-12-07T01:00:00.000+00:00", "duration_ms": 500.0}),
        json.dumps({"ts": "2026-12-07T01:00:05.000+00:00", "duration_ms": 3.5}),
        json.dumps({"ts": "2026-12-07T01:00:06.000+00:00", "event": "no duration"}),
        json.dumps({"ts": "2026-12-07T01:00:07.000+00:00", "duration_ms": 12.25}),
    ]
    log.write_text("\n".join(lines) + "\n")
    server = Server("http://127.0.0.1:1", 0.0, subprocess.Popen(["true"]), log)
    server.process.wait()
    since = datetime(2026, 12, 7, 1, 0, 1, tzinfo=UTC)
    assert server.slowest_answers_ms(since) == (2, 12.25)

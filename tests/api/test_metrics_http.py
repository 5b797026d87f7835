"""Prometheus metrics at /metrics and one JSON log line per request, without message text."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

from chatsignals.observability.logs import JsonFormatter
from tests.api.test_policy_rules_http import HIKING, post, register


def metric_lines(client: TestClient, name: str) -> list[str]:
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    return [line for line in r.text.splitlines() if line.startswith(name)]


def test_request_latency_is_recorded_by_route_template(client: TestClient) -> None:
    register(client, "fb:a")
    client.get("/v1/accounts/fb:a/interests")
    lines = metric_lines(client, "chatsignals_http_request_duration_seconds_count")
    assert any('route="/v1/accounts/{account_id}/interests"' in line for line in lines)
    assert not any("fb:a" in line for line in lines)


def test_metrics_report_extraction_decisions_and_the_queue(client: TestClient) -> None:
    register(client, "fb:a")
    register(client, "fb:eu", country="FR")
    post(client, "m1", "fb:a")
    post(client, "m2", "fb:eu")
    assert metric_lines(client, 'chatsignals_extracted_messages_total{mode="inline"} 1.0')
    assert metric_lines(client, 'chatsignals_decisions{rule="region"} 2.0')
    assert metric_lines(client, "chatsignals_queue_depth 0.0")
    assert metric_lines(client, "chatsignals_queue_lag_seconds 0.0")


def test_each_request_logs_one_json_line_without_ids_or_text(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    register(client, "fb:a")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="chatsignals.access"):
        post(client, "m1", "fb:a")
    [record] = [r for r in caplog.records if r.name == "chatsignals.access"]
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "request" and line["method"] == "POST"
    assert line["route"] == "/v1/interactions" and line["status"] == 202
    assert isinstance(line["duration_ms"], float)
    assert HIKING not in json.dumps(line) and "fb:a" not in json.dumps(line)

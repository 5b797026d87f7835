"""Request telemetry: a latency histogram by route and one JSON log line per request.

The log line holds method, route template, status and duration, never the path's ids,
the query string or the body.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from dataclasses import replace
from typing import Any

from fastapi import FastAPI, Request, Response

from chatsignals.api.errors import ASGIApp
from chatsignals.bootstrap import Container
from chatsignals.observability.logs import ACCESS_LOGGER, log_event
from chatsignals.observability.metrics import CONTENT_TYPE, Metrics


class RequestTelemetry:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_status(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            seconds = time.perf_counter() - start
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            method = str(scope.get("method", ""))
            self.metrics.request_seconds.labels(method, route, str(status)).observe(seconds)
            log_event(
                "request",
                logger=ACCESS_LOGGER,
                method=method,
                route=route,
                status=status,
                duration_ms=round(seconds * 1000, 3),
            )


def install_telemetry(app: FastAPI, container: Container) -> Metrics:
    """Add ``/metrics``, the request middleware, and count inline extraction."""
    metrics = Metrics(container)
    app.state.metrics = metrics
    # The routes read the context from app.state.container; give them one whose
    # extractor counts, without changing the caller's container.
    app.state.container = replace(container, ctx=metrics.instrument(container.ctx, mode="inline"))

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics(request: Request) -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

    app.add_middleware(RequestTelemetry, metrics=metrics)
    return metrics

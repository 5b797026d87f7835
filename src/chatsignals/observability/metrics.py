"""Prometheus metrics: one registry per process, built by the entry point.

- ``chatsignals_http_request_duration_seconds{method,route,status}``: request latency;
- ``chatsignals_extracted_messages_total{mode}`` and
  ``chatsignals_extraction_batch_seconds{mode}``: extraction throughput (inline ingest,
  queue workers, backfill);
- ``chatsignals_queue_depth``, ``chatsignals_queue_lag_seconds``,
  ``chatsignals_queue_dead_letters``: read from the store at scrape time, so every
  replica reports the same, true figures;
- ``chatsignals_decisions{rule}``: policy decisions recorded in the store, by rule;
- ``chatsignals_worker_jobs_total{outcome}``: processed, retried, dead.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from chatsignals.domain.extraction import Extraction, ExtractionItem
from chatsignals.extraction.base import Extractor
from chatsignals.services.context import ServiceContext

if TYPE_CHECKING:
    from chatsignals.bootstrap import Container
    from chatsignals.services.worker import BatchOutcome

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = CONTENT_TYPE_LATEST


class CountingExtractor(Extractor):
    """Passes every batch to ``inner`` and counts messages and seconds."""

    def __init__(self, inner: Extractor, messages: Counter, seconds: Histogram) -> None:
        self.inner = inner
        self.name = inner.name
        self._messages = messages
        self._seconds = seconds

    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        start = time.perf_counter()
        out = self.inner.extract_many(items)
        self._seconds.observe(time.perf_counter() - start)
        self._messages.inc(len(items))
        return out


class _StoreCollector(Collector):
    """Queue depth and lag and decisions by rule, read from the store (cached briefly, so a
    busy scraper does not become load)."""

    def __init__(self, container: Container, ttl_seconds: float) -> None:
        self._container = container
        self._ttl = ttl_seconds
        self._lock = threading.Lock()
        self._cached: tuple[float, list[Metric]] | None = None

    def describe(self) -> list[Metric]:
        return []  # so registering it does not read the store

    def collect(self) -> Iterator[Metric]:
        with self._lock:
            now = time.monotonic()
            if self._cached is None or now - self._cached[0] > self._ttl:
                self._cached = (now, self._read())
            yield from self._cached[1]

    def _read(self) -> list[Metric]:
        ctx = self._container.ctx
        with ctx.reading() as uow:
            stats = uow.queue.stats()
            by_rule = uow.decisions.count_by_rule()
        depth = GaugeMetricFamily(
            "chatsignals_queue_depth", "Messages waiting in the extraction queue."
        )
        depth.add_metric([], stats.depth)
        lag = GaugeMetricFamily(
            "chatsignals_queue_lag_seconds", "Age of the oldest message waiting for extraction."
        )
        lag.add_metric([], stats.lag_seconds(ctx.clock.now()))
        dead = GaugeMetricFamily(
            "chatsignals_queue_dead_letters", "Messages whose extraction kept failing."
        )
        dead.add_metric([], stats.dead_letters)
        decisions = GaugeMetricFamily(
            "chatsignals_decisions",
            "Policy decisions recorded in the store, by rule.",
            labels=["rule"],
        )
        for rule, count in sorted(by_rule.items()):
            decisions.add_metric([rule], count)
        return [depth, lag, dead, decisions]


class Metrics:
    def __init__(self, container: Container | None = None, *, store_ttl_seconds: float = 1.0):
        self.registry = CollectorRegistry(auto_describe=True)
        self.request_seconds = Histogram(
            "chatsignals_http_request_duration_seconds",
            "HTTP request latency by route template.",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.extracted = Counter(
            "chatsignals_extracted_messages",
            "Messages passed through extraction.",
            ["mode"],
            registry=self.registry,
        )
        self.extraction_seconds = Histogram(
            "chatsignals_extraction_batch_seconds",
            "Time per extract_many batch.",
            ["mode"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.worker_jobs = Counter(
            "chatsignals_worker_jobs",
            "Queue jobs handled by this worker, by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        if container is not None:
            self.registry.register(_StoreCollector(container, store_ttl_seconds))

    def instrument(self, ctx: ServiceContext, *, mode: str) -> ServiceContext:
        """A context whose extractor counts what passes through it."""
        counting = CountingExtractor(
            ctx.extractor, self.extracted.labels(mode), self.extraction_seconds.labels(mode)
        )
        return replace(ctx, extractor=counting)

    def observe_batch(self, outcome: BatchOutcome) -> None:
        for name, count in (
            ("processed", outcome.processed),
            ("retried", outcome.retried),
            ("dead", outcome.dead),
        ):
            if count:
                self.worker_jobs.labels(name).inc(count)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def serve(self, port: int, host: str = "127.0.0.1") -> None:
        """Expose /metrics on its own port (workers and backfill have no HTTP server)."""
        start_http_server(port, addr=host, registry=self.registry)

"""Metrics (Prometheus) and structured logs, shared by the server, workers and backfill."""

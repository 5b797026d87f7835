"""Structured logs: one JSON object per line on standard error.

Log lines carry names, counts and durations, never message text: a request is logged
by its route template (``/v1/accounts/{account_id}/interests``), not its path.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

LOGGER = "chatsignals"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            payload.update(fields)
        if record.exc_info and record.exc_info[0] is not None:
            payload["error"] = record.exc_info[0].__name__
        return json.dumps(payload, default=str)


def configure_json_logging(level: int = logging.INFO) -> None:
    """Send the ``chatsignals`` loggers to standard error as JSON lines (idempotent)."""
    logger = logging.getLogger(LOGGER)
    if any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)


def log_event(event: str, *, logger: str = LOGGER, level: str = "info", **fields: Any) -> None:
    """Log one event with structured fields."""
    logging.getLogger(logger).log(
        logging.getLevelNamesMapping()[level.upper()], event, extra={"fields": fields}
    )

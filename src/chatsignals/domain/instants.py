"""How instants are written in JSON everywhere: ISO 8601 in UTC with a ``Z``."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_z(moment: datetime) -> str:
    """``2025-12-17T10:00:00Z`` for an aware datetime (converted to UTC first)."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")

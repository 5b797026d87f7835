"""The audit log's hash chain, as pure functions.

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical
JSON (sorted keys, no spaces, UTF-8), so changing, removing or reordering any entry
breaks every link after it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical(
    seq: int, at: datetime, actor: str, action: str, subject: str | None, details: dict[str, Any]
) -> str:
    payload = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(),
        "actor": actor,
        "action": action,
        "subject": subject,
        "details": details,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(prev_hash: str, canonical_json: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical_json}".encode()).hexdigest()

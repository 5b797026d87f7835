"""Request (and so impression) ids are UUIDv7s: made later, sorted later."""

from __future__ import annotations

import time
import uuid

from chatsignals.services.ids import time_ordered_hex


def test_ids_are_uuid7s_in_the_order_they_were_made() -> None:
    first = time_ordered_hex()
    time.sleep(0.002)
    later = [time_ordered_hex() for _ in range(1000)]
    assert all(first < other for other in later)
    assert len(set(later)) == 1000  # unique within a millisecond: random bits
    parsed = uuid.UUID(hex=first)
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
    assert abs(int(first[:12], 16) / 1000 - time.time()) < 5  # Unix milliseconds

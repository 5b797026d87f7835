"""Every signal in a store, read straight from its packed rows (for tests that look
under the services)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from chatsignals.adapters.db.packed_signals import decode
from chatsignals.adapters.db.schema import signal_buckets
from chatsignals.domain.profile import Signal


def stored_signals(engine: Engine) -> list[Signal]:
    t = signal_buckets
    with engine.connect() as conn:
        rows = conn.execute(select(t).order_by(t.c.account_id, t.c.bucket)).all()
    return [sig for r in rows for sig in decode(r.packed, r.account_id)]

"""Retention: raw message text is kept ``retention_days`` days, then only metadata and
signals (which name their message ids) remain. Run ``purge_expired_text`` on a schedule
(``chatsignals purge``, or ``POST /v1/retention/purge``)."""

from __future__ import annotations

from datetime import timedelta

from chatsignals.domain.instants import iso_z
from chatsignals.services import audit
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict


def purge_expired_text(ctx: ServiceContext, actor: str = audit.SYSTEM) -> JSONDict:
    """Drop the sealed text of every message older than the retention period."""
    cutoff = ctx.clock.now() - timedelta(days=ctx.security.retention_days)
    with ctx.uow() as uow:
        purged = uow.personal_data.purge_text_before(cutoff)
        cutoff_iso = iso_z(cutoff)
        details = {"cutoff": cutoff_iso, "messages": purged}
        audit.record(ctx, uow, actor, "retention.purge", None, details)
        uow.commit()
    return {"cutoff": cutoff_iso, "purged": purged}

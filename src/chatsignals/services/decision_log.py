"""The policy decision log, as the audit view reads it."""

from __future__ import annotations

from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict


def recent_decisions(ctx: ServiceContext, limit: int) -> JSONDict:
    """The newest decisions with their rule and reason, and counts by rule."""
    with ctx.reading() as uow:
        return {
            "counts": dict(uow.decisions.count_by_rule()),
            "decisions": uow.decisions.recent(limit),
        }

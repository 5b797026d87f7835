"""The hash-chained audit log (auditors) and the retention job (admin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from chatsignals.api.deps import Ctx, PrincipalDep, require
from chatsignals.services import audit, retention
from chatsignals.services.ports import JSONDict

router = APIRouter(tags=["audit"])


@router.get("/v1/audit-log", dependencies=[require("auditor")])
def read_audit_log(
    ctx: Ctx,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> JSONDict:
    """Entries after sequence number ``after``, oldest first. Subjects are pseudonyms."""
    return {"entries": audit.read(ctx, after, limit)}


@router.get("/v1/audit-log/verification", dependencies=[require("auditor")])
def verify_audit_log(ctx: Ctx) -> JSONDict:
    """Recompute the hash chain; names the first broken entry, if any."""
    return audit.verify(ctx).to_json()


@router.post("/v1/retention/purge", dependencies=[require("admin")])
def purge_expired_text(ctx: Ctx, principal: PrincipalDep) -> JSONDict:
    """Drop the text of messages past the retention period (signals and ids remain)."""
    return retention.purge_expired_text(ctx, actor=principal.actor)

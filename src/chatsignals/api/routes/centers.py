"""Accounts Center: linking accounts so their signals combine."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from chatsignals.api.deps import Ctx, require
from chatsignals.services import accounts
from chatsignals.services.ports import JSONDict

router = APIRouter(prefix="/v1/centers", tags=["centers"], dependencies=[require("platform")])


@router.get("/{center_id}")
def get_center(center_id: str, ctx: Ctx) -> JSONDict:
    return {"center": center_id, "accounts": list(accounts.center_members(ctx, center_id))}


@router.put("/{center_id}/accounts/{account_id}")
def link_account(center_id: str, account_id: str, ctx: Ctx) -> JSONDict:
    """Link an account into the center (idempotent). An account sits in one center at most."""
    identity = accounts.link_account(ctx, center_id, account_id)
    return {"center": center_id, "accounts": list(identity.account_ids)}


@router.delete("/{center_id}/accounts/{account_id}", status_code=status.HTTP_204_NO_CONTENT)
def unlink_account(center_id: str, account_id: str, ctx: Ctx) -> Response:
    """Unlink: from now on the account's signals stay with it alone."""
    accounts.unlink_account(ctx, center_id, account_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

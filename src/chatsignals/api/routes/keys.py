"""API keys (admin) and person tokens (minted by the platform for one account)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from chatsignals.api.deps import Ctx, PrincipalDep, require
from chatsignals.api.security_schemas import ApiKeyIn, PersonTokenIn
from chatsignals.domain.access import Role
from chatsignals.domain.instants import iso_z
from chatsignals.services import api_keys, person_tokens
from chatsignals.services.ports import JSONDict

router = APIRouter(tags=["security"])


@router.post("/v1/api-keys", status_code=status.HTTP_201_CREATED, dependencies=[require("admin")])
def create_api_key(body: ApiKeyIn, ctx: Ctx, principal: PrincipalDep) -> JSONDict:
    """A new key; its token is in this answer only (the store keeps a hash)."""
    key, token = api_keys.create_api_key(
        ctx, Role(body.role), body.advertiser, body.label, actor=principal.actor
    )
    return {**api_keys.key_json(key), "token": token}


@router.get("/v1/api-keys", dependencies=[require("admin")])
def list_api_keys(ctx: Ctx) -> JSONDict:
    return {"keys": [api_keys.key_json(k) for k in api_keys.list_api_keys(ctx)]}


@router.delete(
    "/v1/api-keys/{key_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[require("admin")],
)
def revoke_api_key(key_id: str, ctx: Ctx, principal: PrincipalDep) -> Response:
    api_keys.revoke_api_key(ctx, key_id, actor=principal.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/v1/person-tokens", status_code=status.HTTP_201_CREATED, dependencies=[require("platform")]
)
def mint_person_token(body: PersonTokenIn, ctx: Ctx) -> JSONDict:
    """A short-lived token that lets one person use ``/v1/me`` for their own identity."""
    token, expires = person_tokens.mint(ctx, body.account, body.ttl_seconds)
    return {
        "token": token,
        "account": body.account,
        "expires_at": iso_z(expires),
    }

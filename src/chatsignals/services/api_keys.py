"""API keys: created with one role, stored only as a SHA-256 of the secret, revocable."""

from __future__ import annotations

import hashlib
import secrets

from chatsignals.domain.access import KEY_ROLES, Principal, Role
from chatsignals.domain.instants import iso_z
from chatsignals.services import audit
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import InvalidInput, NotFound
from chatsignals.services.security_ports import StoredApiKey

PREFIX = "cs_"
_MAX_TOKEN = 200


def token_hash(token: str) -> str:
    # The token carries 256 random bits, so a fast hash is enough (no password stretching).
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_api_key(
    ctx: ServiceContext,
    role: Role,
    advertiser_id: str | None = None,
    label: str | None = None,
    actor: str = audit.SYSTEM,
) -> tuple[StoredApiKey, str]:
    """A new key and its secret token; the token is shown once and never stored."""
    if role not in KEY_ROLES:
        raise InvalidInput(f"role must be one of {', '.join(KEY_ROLES)}", "role")
    if (role is Role.ADVERTISER) != bool(advertiser_id):
        raise InvalidInput("advertiser keys, and only they, name an advertiser", "advertiser")
    key = StoredApiKey(
        id=secrets.token_hex(6),
        role=role,
        advertiser_id=advertiser_id or None,
        label=label,
        created_at=ctx.clock.now(),
        revoked_at=None,
    )
    token = f"{PREFIX}{role.value}_{secrets.token_urlsafe(32)}"
    with ctx.uow() as uow:
        uow.api_keys.add(key, token_hash(token))
        details = {"role": role.value, "advertiser": key.advertiser_id, "label": label}
        audit.record(ctx, uow, actor, "api-key.create", key.id, details)
        uow.commit()
    return key, token


def cached_principal(ctx: ServiceContext, token: str) -> Principal | None:
    """The principal of a key authenticated within the cache's TTL (read again in the
    background once half of it has passed); None: ask :func:`authenticate` (which
    reads the store)."""
    if not token.startswith(PREFIX) or len(token) > _MAX_TOKEN:
        return None
    digest = token_hash(token)
    return ctx.caches.api_keys.get_refreshing(digest, lambda: _stored_principal(ctx, digest))


def authenticate(ctx: ServiceContext, token: str) -> Principal | None:
    """The principal a live key stands for, or None."""
    if not token.startswith(PREFIX) or len(token) > _MAX_TOKEN:
        return None
    digest = token_hash(token)
    cache = ctx.caches.api_keys
    cached = cache.get(digest)
    if cached is not None:
        return cached
    generation = cache.generation
    principal = _stored_principal(ctx, digest)
    if principal is not None:  # not cached when unknown: a key created meanwhile works at once
        cache.put(digest, principal, generation)
    return principal


def _stored_principal(ctx: ServiceContext, digest: str) -> Principal | None:
    with ctx.reading() as uow:
        key = uow.api_keys.by_hash(digest)
    if key is None or key.revoked_at is not None:
        return None
    return Principal(key.role, key.id, advertiser_id=key.advertiser_id)


def list_api_keys(ctx: ServiceContext) -> list[StoredApiKey]:
    with ctx.reading() as uow:
        return uow.api_keys.list()


def revoke_api_key(ctx: ServiceContext, key_id: str, actor: str = audit.SYSTEM) -> None:
    with ctx.uow() as uow:
        if not uow.api_keys.revoke(key_id, ctx.clock.now()):
            raise NotFound(f"no live API key {key_id!r}", "id")
        audit.record(ctx, uow, actor, "api-key.revoke", key_id)
        uow.commit()
    ctx.caches.api_keys.clear()  # other processes see the revocation within the TTL


def key_json(key: StoredApiKey) -> dict[str, str | None]:
    return {
        "id": key.id,
        "role": key.role.value,
        "advertiser": key.advertiser_id,
        "label": key.label,
        "created_at": iso_z(key.created_at),
        "revoked_at": None if key.revoked_at is None else iso_z(key.revoked_at),
    }

"""Authentication (API keys, person tokens), roles and rate limits, as dependencies.

Every ``/v1`` route declares who may call it with one of :func:`require`,
:data:`require_advertiser` or :data:`require_person`; a test walks every route and
fails when one declares nothing. Object-level checks that depend on stored data (whose
message is this?) live in the services.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, params
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from starlette.concurrency import run_in_threadpool

from chatsignals.api.rate_limit import RateLimiter
from chatsignals.bootstrap import Container
from chatsignals.domain.access import Principal, Role
from chatsignals.services import api_keys, person_tokens

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key (cs_…) or a person token (pt_…): Authorization: Bearer <token>",
)


def _throttle(limiter: RateLimiter, key: str) -> None:
    wait = limiter.acquire(key)
    if wait is not None:
        raise HTTPException(
            429,
            f"rate limit of {limiter.rate:g} requests/s exceeded; retry later",
            headers={"Retry-After": RateLimiter.retry_after(wait)},
        )


def _known_principal(container: Container, token: str) -> Principal | None:
    """The caller, where that needs no read of the store: authentication switched off, a
    person token (checked by its signature), an API key in the key cache."""
    if not container.settings.auth_required:
        return Principal(Role.ADMIN, "auth-off")
    if token.startswith(person_tokens.PREFIX):
        account = person_tokens.verify(container.ctx, token)
        return None if account is None else Principal(Role.PERSON, "person", account_id=account)
    return api_keys.cached_principal(container.ctx, token) if token else None


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Who is calling. 401 without valid credentials, 429 over the rate limit.

    Runs on the event loop: a person token is checked by its signature, an API key from
    the key cache; only a key not cached yet is looked up in the store, in a thread."""
    container: Container = request.app.state.container
    token = credentials.credentials.strip() if credentials is not None else ""
    principal = _known_principal(container, token)
    if principal is None and token and not token.startswith(person_tokens.PREFIX):
        principal = await run_in_threadpool(api_keys.authenticate, container.ctx, token)
    if principal is None:
        host = request.client.host if request.client is not None else "unknown"
        _throttle(request.app.state.rate_limiter, f"ip:{host}")
        raise HTTPException(
            401,
            "missing, unknown, revoked or expired credentials: "
            "send Authorization: Bearer <API key or person token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    _throttle(request.app.state.rate_limiter, principal.rate_key)
    return principal


def known_caller(request: Request, roles: frozenset[Role]) -> Principal | None:
    """For a route's fast path (api/fast_path.py): the caller when it is known without
    the store and one of ``roles``, else None (the route's dependencies then decide:
    401, 403, or a read of the key from the store). Not rate limited yet: call
    :func:`throttle` once the fast path is sure to answer."""
    # Read as the route's HTTPBearer dependency reads it.
    scheme, credentials = get_authorization_scheme_param(request.headers.get("Authorization"))
    if scheme.lower() != "bearer" or not credentials:
        return None
    principal = _known_principal(request.app.state.container, credentials.strip())
    return principal if principal is not None and principal.may(roles) else None


def throttle(request: Request, principal: Principal) -> None:
    """The rate limit, as :func:`get_principal` applies it (429 over it)."""
    _throttle(request.app.state.rate_limiter, principal.rate_key)


PrincipalDep = Annotated[Principal, Depends(get_principal)]


class RoleRequirement:
    """A dependency admitting the given roles (admin passes every key-role check)."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    async def __call__(self, principal: PrincipalDep) -> Principal:
        self.check(principal)
        return principal

    def check(self, principal: Principal) -> None:
        if not principal.may(self.roles):
            names = " or ".join(sorted(r.value for r in self.roles))
            raise HTTPException(
                403, f"this route is for {names}; the caller is {principal.role.value}"
            )


class AdvertiserRequirement(RoleRequirement):
    """Advertiser keys reach their own ``{advertiser_id}`` only; admin reaches any."""

    def __init__(self) -> None:
        super().__init__(frozenset({Role.ADVERTISER}))

    async def __call__(self, advertiser_id: str, principal: PrincipalDep) -> Principal:  # type: ignore[override]
        self.check(principal)
        if principal.role is Role.ADVERTISER and principal.advertiser_id != advertiser_id:
            raise HTTPException(403, "an advertiser key reaches its own advertiser only")
        return principal


def require(*roles: Role | str) -> params.Depends:
    """``dependencies=[require("platform")]`` on a router or route."""
    dependency: params.Depends = Depends(RoleRequirement(frozenset(Role(r) for r in roles)))
    return dependency


require_advertiser = AdvertiserRequirement()
require_person = RoleRequirement(frozenset({Role.PERSON}))

AdvertiserPrincipal = Annotated[Principal, Depends(require_advertiser)]
PersonPrincipal = Annotated[Principal, Depends(require_person)]

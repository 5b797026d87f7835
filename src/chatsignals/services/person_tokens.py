"""Person tokens: short-lived, HMAC-signed, minted by the platform for one account.

A token reads ``pt_<payload>.<signature>``, both base64url; the payload names the
account and the expiry. It opens the transparency routes for that person's identity
(the account and the accounts linked with it) and nothing else.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from datetime import datetime, timedelta

from chatsignals.services.accounts import require_account
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import InvalidInput

PREFIX = "pt_"
DEFAULT_TTL_S = 3600
MAX_TTL_S = 24 * 3600
_MAX_TOKEN = 1024


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode("ascii"), hashlib.sha256).digest())


def mint(ctx: ServiceContext, account_id: str, ttl_s: int = DEFAULT_TTL_S) -> tuple[str, datetime]:
    if not 1 <= ttl_s <= MAX_TTL_S:
        raise InvalidInput(f"ttl_seconds must be between 1 and {MAX_TTL_S}", "ttl_seconds")
    with ctx.reading() as uow:
        require_account(uow, account_id)
    expires = ctx.clock.now() + timedelta(seconds=ttl_s)
    body = json.dumps({"a": account_id, "exp": int(expires.timestamp())}, separators=(",", ":"))
    payload = _b64(body.encode("utf-8"))
    return f"{PREFIX}{payload}.{_sign(ctx.security.token_key, payload)}", expires


def verify(ctx: ServiceContext, token: str) -> str | None:
    """The account id a valid, unexpired token names; None for anything else."""
    if not token.isascii() or not token.startswith(PREFIX) or len(token) > _MAX_TOKEN:
        return None
    if token.count(".") != 1:
        return None
    payload, signature = token[len(PREFIX) :].split(".")
    if not hmac.compare_digest(_sign(ctx.security.token_key, payload), signature):
        return None
    try:
        claims = json.loads(_unb64(payload))
        account, expires = claims["a"], claims["exp"]
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    if not isinstance(account, str) or not isinstance(expires, int):
        return None
    if ctx.clock.now().timestamp() >= expires:
        return None
    return account

"""Request bodies of the security routes (keys, person tokens)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from chatsignals.api.schemas import Body, Id
from chatsignals.services.person_tokens import DEFAULT_TTL_S, MAX_TTL_S


class ApiKeyIn(Body):
    role: Literal["platform", "advertiser", "auditor", "admin"]
    advertiser: Id | None = Field(default=None, description="Required for advertiser keys.")
    label: Annotated[str, StringConstraints(max_length=128)] | None = None


class PersonTokenIn(Body):
    account: Id
    ttl_seconds: int = Field(default=DEFAULT_TTL_S, ge=1, le=MAX_TTL_S)

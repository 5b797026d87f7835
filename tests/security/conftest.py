"""Fixtures for the security tests: one key per role, person tokens, a private PostgreSQL
schema (so erasure and crash tests never share rows with other suites)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.bootstrap import Container
from chatsignals.domain.access import Role
from chatsignals.services import person_tokens
from chatsignals.services.api_keys import create_api_key
from tests.conftest import fresh_postgres_schema


@dataclass
class Keys:
    platform: str
    advertiser_a: str
    advertiser_b: str
    auditor: str
    admin: str


@pytest.fixture
def keys(container: Container) -> Keys:
    ctx = container.ctx
    return Keys(
        platform=create_api_key(ctx, Role.PLATFORM)[1],
        advertiser_a=create_api_key(ctx, Role.ADVERTISER, "adv-a")[1],
        advertiser_b=create_api_key(ctx, Role.ADVERTISER, "adv-b")[1],
        auditor=create_api_key(ctx, Role.AUDITOR)[1],
        admin=create_api_key(ctx, Role.ADMIN)[1],
    )


@pytest.fixture
def anonymous(container: Container) -> TestClient:
    """The API with auth on and no credentials; pass ``headers=as_(token)`` per call."""
    return TestClient(create_app(container))


def as_(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def person_token(container: Container, account_id: str, ttl_s: int = 3600) -> str:
    return person_tokens.mint(container.ctx, account_id, ttl_s)[0]


@pytest.fixture
def private_postgres_url() -> Iterator[str]:
    """A schema of its own on the local PostgreSQL, dropped afterwards."""
    with fresh_postgres_schema() as url:
        yield url

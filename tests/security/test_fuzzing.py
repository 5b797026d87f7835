"""Hostile and malformed input never breaks the service: schemathesis generates requests
for every operation in the OpenAPI document (valid and invalid ones), at least 1,000 in
all, and none may get a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from chatsignals.api.app import create_app
from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.access import Role
from chatsignals.services.api_keys import create_api_key
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.conftest import T0
from tests.security.conftest import as_, person_token

schemathesis = pytest.importorskip("schemathesis")

EXAMPLES_PER_MODE = 20  # per operation, valid and invalid each
MIN_REQUESTS = 1000


@pytest.fixture
def fuzz_store() -> Iterator[Container]:
    c = bootstrap(Settings(database_url="sqlite://", rate_limit_rps=0), clock=ManualClock(T0))
    yield c
    c.close()


def _seed(container: Container) -> tuple[str, str]:
    admin = create_api_key(container.ctx, Role.ADMIN)[1]
    client = TestClient(create_app(container))
    body = {"id": "fb:fuzz", "app": "facebook", "country": "US", "birth_date": "1990-04-02"}
    client.post("/v1/accounts", json=body, headers=as_(admin))
    msg = {"id": "m1", "account": "fb:fuzz", "conversation": "c1", "text": "hiking boots"}
    client.post("/v1/interactions", json=msg, headers=as_(admin))
    return admin, person_token(container, "fb:fuzz", ttl_s=24 * 3600)


def _fuzz(operation: Any, headers: dict[str, str], sent: list[str], failures: list[str]) -> None:
    modes = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]
    strategy = st.one_of(*(operation.as_strategy(m) for m in modes))

    @given(case=strategy)
    @settings(
        max_examples=2 * EXAMPLES_PER_MODE,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        label = f"{case.method} {case.formatted_path}"
        sent.append(label)
        if response.status_code >= 500:
            failures.append(f"{label} -> {response.status_code}: {response.text[:200]}")

    run()


@pytest.mark.slow
def test_generated_requests_never_get_a_server_error(fuzz_store: Container) -> None:
    admin, person = _seed(fuzz_store)
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(fuzz_store))
    sent: list[str] = []
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        token = person if operation.path.startswith("/v1/me") else admin
        _fuzz(operation, as_(token), sent, failures)
    assert not failures, failures[:20]
    assert len(sent) >= MIN_REQUESTS, f"only {len(sent)} requests for {len(operations)} operations"
    print(f"{len(sent)} generated requests over {len(operations)} operations, no 5xx")

"""The ads route's fast path (api/fast_path.py): the plain request is answered without
FastAPI's dependency machinery, every other request by the route as declared, with
the same answers, the same errors and one rate-limit charge either way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import routing
from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.access import Role
from chatsignals.services import person_tokens
from chatsignals.services.api_keys import create_api_key
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.api.test_delivery_http import campaign
from tests.api.test_policy_rules_http import post, register

ADS = "/v1/accounts/fb:a/ads"


@pytest.fixture
def solved(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths whose dependencies FastAPI resolved."""
    paths: list[str] = []
    real = routing.solve_dependencies  # type: ignore[attr-defined]

    async def counting(*args: Any, **kwargs: Any) -> Any:
        paths.append(kwargs["request"].url.path)
        return await real(*args, **kwargs)

    monkeypatch.setattr(routing, "solve_dependencies", counting)
    yield paths


@pytest.fixture
def served(client: TestClient) -> TestClient:
    assert client.post("/v1/advertisers", json={"id": "trailco", "name": "TrailCo"}).is_success
    r = client.post("/v1/advertisers/trailco/campaigns", json=campaign(frequency_cap=50))
    assert r.status_code == 201, r.text
    register(client, "fb:a")
    post(client, "m1", "fb:a")  # boots: the campaign's interest
    return client


def test_a_plain_ads_request_resolves_no_dependencies(
    served: TestClient, solved: list[str]
) -> None:
    for params in ({}, {"limit": "2"}, {"app": "facebook", "debug": "true"}, {"other": "x"}):
        r = served.get(ADS, params=params)
        assert r.status_code == 200, r.text
        [ad] = r.json()["ads"]
        assert ad["campaign"] == "boots" and ad["why"][0]["evidence"] == ["m1"]
    assert "rejected" in served.get(ADS, params={"debug": "1"}).json()
    assert solved == []


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"limit": "0"}, 422),
        ({"limit": "101"}, 422),  # over MAX_SLOTS
        ({"limit": "two"}, 422),
        ({"debug": "maybe"}, 422),
        ({"app": "x" * 65}, 422),
        ({"limit": "+2"}, 200),  # not the plain form: the route's own validation decides
        ({"debug": "yes"}, 200),
    ],
)
def test_other_query_forms_are_answered_by_the_route_as_declared(
    served: TestClient, solved: list[str], params: dict[str, str], status: int
) -> None:
    r = served.get(ADS, params=params)
    assert r.status_code == status, r.text
    assert solved == [ADS]
    if status == 422:
        assert r.json()["field"] == next(iter(params))


def test_callers_the_fast_path_cannot_admit_get_the_routes_own_errors(
    served: TestClient, container: Container, solved: list[str]
) -> None:
    r = served.get(ADS, headers={"Authorization": "Bearer cs_not_a_key"})
    assert r.status_code == 401, r.text
    _, advertiser = create_api_key(container.ctx, Role.ADVERTISER, "trailco", label="adv")
    r = served.get(ADS, headers={"Authorization": f"Bearer {advertiser}"})
    assert r.status_code == 403 and "platform" in r.json()["detail"]
    person, _ = person_tokens.mint(container.ctx, "fb:a")
    r = served.get(ADS, headers={"Authorization": f"Bearer {person}"})
    assert r.status_code == 403
    assert solved == [ADS, ADS, ADS]


def test_a_request_is_charged_once_to_the_rate_limit(clock: ManualClock) -> None:
    c = bootstrap(
        Settings(database_url="sqlite://", rate_limit_rps=0.001, rate_limit_burst=3), clock=clock
    )
    admin, platform = (create_api_key(c.ctx, role)[1] for role in (Role.ADMIN, Role.PLATFORM))
    client = TestClient(create_app(c))
    client.headers["Authorization"] = f"Bearer {admin}"
    register(client, "fb:a")
    as_platform = {"Authorization": f"Bearer {platform}"}
    statuses = [client.get(ADS, headers=as_platform).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    c.close()

"""Who may call what: every route declares its roles, every role is tried on every route,
and every cross-tenant read and write is refused without touching the other tenant."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.api.deps import AdvertiserPrincipal, require_advertiser
from chatsignals.api.rate_limit import RateLimiter
from chatsignals.bootstrap import Container, bootstrap
from chatsignals.domain.access import Principal, Role
from chatsignals.services.api_keys import create_api_key
from chatsignals.services.clock import ManualClock
from chatsignals.settings import Settings
from tests.api.test_policy_rules_http import HIKING
from tests.security.conftest import Keys, as_, person_token

# Public by design: health, the API description, and the metrics scrape (aggregates only,
# never a person's id or text; keep it that way, or put it behind a key).
PUBLIC = {"/healthz", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/metrics"}


# Who each of the routes known today is for (admin passes every key-role check).
# Routes added later are held to the same checks by what they answer: 401 without
# credentials, and 403s that agree with the roles the route itself names.
EXPECTED: list[tuple[str, frozenset[str]]] = [
    ("GET /v1/policy", frozenset({"auditor", "platform"})),
    ("/v1/decisions", frozenset({"auditor"})),
    ("/v1/simulations", frozenset({"auditor"})),
    ("/v1/audit-log", frozenset({"auditor"})),
    ("/v1/api-keys", frozenset({"admin"})),
    ("/v1/retention", frozenset({"admin"})),
    ("/v1/me", frozenset({"person"})),
    ("/v1/advertisers/", frozenset({"advertiser"})),
    ("/v1/", frozenset({"platform"})),  # accounts, centers, ingest, content, person tokens
]


def _operations(app: FastAPI) -> list[tuple[str, str]]:
    paths = app.openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, item in paths.items()
        if path not in PUBLIC
        for method in item
    )


def _expected(method: str, path: str) -> frozenset[str]:
    for prefix, roles in EXPECTED:
        key = prefix if " " not in prefix else prefix.split(" ", 1)[1]
        if " " in prefix and not prefix.startswith(method + " "):
            continue
        if path.startswith(key):
            return roles
    raise AssertionError(f"no expectation for {method} {path}")


def _call(client: TestClient, method: str, path: str, token: str | None) -> Any:
    headers = as_(token) if token else {}
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return client.request(method, path, json=body, headers=headers)


def _fill(path: str, advertiser: str = "adv-a") -> str:
    path = path.replace("{advertiser_id}", advertiser)
    return re.sub(r"\{[^}]+\}", "x", path)


def _seed(client: TestClient, admin: str) -> None:
    body = {"id": "fb:p", "app": "facebook", "country": "US", "birth_date": "1990-04-02"}
    assert client.post("/v1/accounts", json=body, headers=as_(admin)).status_code == 201


def test_every_operation_refuses_callers_without_valid_credentials(
    anonymous: TestClient, keys: Keys
) -> None:
    app = anonymous.app
    assert isinstance(app, FastAPI)
    # Hundreds of refused calls from one address: on a fast run they outpaced the
    # failed-credentials limit (50/s, bursts of 200) and were answered 429, not 401.
    # The limit has its own tests (test_limits.py); here every call must reach auth.
    app.state.rate_limiter = RateLimiter(0, 1)
    operations = _operations(app)
    assert len(operations) >= 25
    for method, path in operations:
        url = _fill(path)
        for token in (None, "cs_admin_not-a-real-key", "pt_e30.bm9wZQ", "garbage"):
            status = _call(anonymous, method, url, token).status_code
            assert status == 401, f"{method} {path} with {token!r}: {status}"
    r = anonymous.get("/v1/policy")
    assert r.headers["www-authenticate"] == "Bearer"


def test_every_role_reaches_exactly_the_routes_meant_for_it(
    anonymous: TestClient, container: Container, keys: Keys
) -> None:
    _seed(anonymous, keys.admin)
    callers = {
        Role.PLATFORM: keys.platform,
        Role.ADVERTISER: keys.advertiser_a,
        Role.AUDITOR: keys.auditor,
        Role.ADMIN: keys.admin,
        Role.PERSON: person_token(container, "fb:p"),
    }
    app = anonymous.app
    assert isinstance(app, FastAPI)
    checked = 0
    for method, path in _operations(app):
        if (method, path) == ("DELETE", "/v1/me"):
            continue  # erases the person the token stands for; tested on its own
        roles = frozenset(Role(r) for r in _expected(method, path))
        for role, token in callers.items():
            principal = Principal(role, "k", advertiser_id="adv-a")
            r = _call(anonymous, method, _fill(path), token)
            if principal.may(roles):
                assert r.status_code not in (401, 403), f"{role} on {method} {path}: {r.text}"
            else:
                assert r.status_code == 403, f"{role} on {method} {path}: {r.status_code}"
                named = re.search(r"this route is for (.+); the caller", r.json()["detail"])
                assert named and set(named.group(1).split(" or ")) == {x.value for x in roles}
            checked += 1
        if "{advertiser_id}" in path:  # another advertiser's objects: always refused
            r = _call(anonymous, method, _fill(path, "adv-b"), keys.advertiser_a)
            assert r.status_code == 403, f"{method} {path} across advertisers"
    assert checked >= 5 * 25


def test_advertiser_keys_reach_their_own_advertiser_only(container: Container, keys: Keys) -> None:
    router = APIRouter(prefix="/v1/advertisers/{advertiser_id}")

    # a probe of its own: the real routes under this prefix need stored advertisers
    @router.get("/probe", dependencies=[Depends(require_advertiser)])
    def reports(advertiser_id: str, principal: AdvertiserPrincipal) -> dict[str, str]:
        return {"advertiser": advertiser_id, "caller": principal.role.value}

    app = create_app(container)
    app.include_router(router)
    c = TestClient(app)
    assert c.get("/v1/advertisers/adv-a/probe", headers=as_(keys.advertiser_a)).json() == {
        "advertiser": "adv-a",
        "caller": "advertiser",
    }
    assert c.get("/v1/advertisers/adv-b/probe", headers=as_(keys.advertiser_a)).status_code == 403
    assert c.get("/v1/advertisers/adv-a/probe", headers=as_(keys.advertiser_b)).status_code == 403
    assert c.get("/v1/advertisers/adv-b/probe", headers=as_(keys.admin)).status_code == 200
    assert c.get("/v1/advertisers/adv-a/probe", headers=as_(keys.platform)).status_code == 403


def _register(c: TestClient, acct: str, admin: str, app: str = "facebook") -> None:
    body = {"id": acct, "app": app, "country": "US", "birth_date": "1990-04-02"}
    assert c.post("/v1/accounts", json=body, headers=as_(admin)).status_code == 201
    r = c.post(
        f"/v1/accounts/{acct}/notice-deliveries",
        json={"at": "2025-12-01T00:00:00Z"},
        headers=as_(admin),
    )
    assert r.status_code == 201


def _say(c: TestClient, key: str, mid: str, acct: str, conv: str, text: str = HIKING) -> None:
    body = {"id": mid, "account": acct, "conversation": conv, "text": text}
    r = c.post("/v1/interactions", json={**body, "at": "2025-12-17T10:00:00Z"}, headers=as_(key))
    assert r.status_code == 202, r.text


@pytest.fixture
def two_people(anonymous: TestClient, keys: Keys) -> TestClient:
    """Alice (fb:alice, linked with ig:alice) and Bob (fb:bob), each with a message."""
    c = anonymous
    for acct, app in (("fb:alice", "facebook"), ("ig:alice", "instagram"), ("fb:bob", "facebook")):
        _register(c, acct, keys.admin, app)
    for acct in ("fb:alice", "ig:alice"):
        assert c.put(f"/v1/centers/ac:alice/accounts/{acct}", headers=as_(keys.platform)).is_success
    _say(c, keys.platform, "m-alice", "fb:alice", "conv-alice")
    _say(c, keys.platform, "m-alice-ig", "ig:alice", "conv-alice-ig", "Planning a trip to Lisbon")
    _say(c, keys.platform, "m-bob", "fb:bob", "conv-bob", "Bob's secret: best sourdough recipes")
    item = {"id": "grp-1", "kind": "group", "title": "Hikers", "categories": ["159"]}
    assert c.post("/v1/content", json=item, headers=as_(keys.platform)).status_code == 201
    like = {"id": "e-bob", "account": "fb:bob", "kind": "follow", "item": "grp-1"}
    assert c.post("/v1/engagements", json=like, headers=as_(keys.platform)).status_code == 202
    return c


def test_a_person_cannot_touch_another_persons_data(
    two_people: TestClient, container: Container, keys: Keys
) -> None:
    c, alice = two_people, as_(person_token(container, "fb:alice"))
    assert c.delete("/v1/me/interactions/m-bob", headers=alice).status_code == 404
    assert c.delete("/v1/me/conversations/conv-bob", headers=alice).status_code == 404
    assert c.delete("/v1/me/engagements/e-bob", headers=alice).status_code == 404
    # Bob's data is untouched
    assert c.get("/v1/interactions/m-bob", headers=as_(keys.platform)).status_code == 200
    bob = c.get("/v1/accounts/fb:bob/interests", headers=as_(keys.platform)).json()
    assert bob["content"] and bob["ads"]
    export = c.get("/v1/me/export", headers=alice).json()
    flat = str(export)
    assert "fb:bob" not in flat and "sourdough" not in flat and "m-bob" not in flat
    assert {r["id"] for r in export["data"]["interactions"]} == {"m-alice", "m-alice-ig"}


def test_a_person_sees_and_deletes_across_their_own_linked_accounts(
    two_people: TestClient, container: Container, keys: Keys
) -> None:
    c, alice = two_people, as_(person_token(container, "fb:alice"))
    interests = c.get("/v1/me/interests", headers=alice).json()
    assert interests["accounts"] == ["fb:alice", "ig:alice"]
    assert c.delete("/v1/me/interactions/m-alice-ig", headers=alice).status_code == 204
    assert c.delete("/v1/me/conversations/conv-alice", headers=alice).json()["deleted"] == 1
    assert c.get("/v1/interactions/m-alice", headers=as_(keys.platform)).status_code == 404
    assert c.get("/v1/me/interests", headers=alice).json()["ads"] == []


def test_a_person_hides_topics_and_consents_for_themselves_only(
    two_people: TestClient, container: Container, keys: Keys
) -> None:
    c, alice = two_people, as_(person_token(container, "fb:alice"))
    assert c.post("/v1/me/hidden-topics", json={"topic": "159"}, headers=alice).status_code == 201
    assert c.get("/v1/me/interests", headers=alice).json()["hidden_topics"]["ads"] == ["159"]
    bob = c.get("/v1/accounts/fb:bob/interests", headers=as_(keys.platform)).json()
    assert bob["hidden_topics"]["ads"] == []
    r = c.post("/v1/me/consents", json={"purpose": "ads", "granted": True}, headers=alice)
    assert r.status_code == 201
    assert c.delete("/v1/me/hidden-topics/159", headers=alice).status_code == 204


def test_person_tokens_are_refused_when_forged_altered_or_expired(
    two_people: TestClient, container: Container, clock: ManualClock
) -> None:
    c = two_people
    token = person_token(container, "fb:alice", ttl_s=60)
    payload, signature = token[3:].split(".")
    forged_payload = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB")
    other = bootstrap(Settings(database_url="sqlite://"), clock=clock)
    foreign = person_token(other, "fb:alice") if _register_in(other) else ""
    for bad in (f"pt_{forged_payload}.{signature}", token + "x", foreign, "pt_."):
        assert c.get("/v1/me/interests", headers=as_(bad)).status_code == 401, bad
    assert c.get("/v1/me/interests", headers=as_(token)).status_code == 200
    clock.set(clock.now() + timedelta(seconds=61))
    assert c.get("/v1/me/interests", headers=as_(token)).status_code == 401
    other.close()


def _register_in(container: Container) -> bool:
    from chatsignals.services.accounts import register_account

    register_account(container.ctx, "fb:alice", "facebook", "US", None)
    return True


def test_only_the_platform_mints_person_tokens_for_existing_accounts(
    two_people: TestClient, keys: Keys
) -> None:
    c = two_people
    body = {"account": "fb:alice", "ttl_seconds": 600}
    r = c.post("/v1/person-tokens", json=body, headers=as_(keys.platform))
    assert r.status_code == 201 and r.json()["token"].startswith("pt_")
    assert c.get("/v1/me/interests", headers=as_(r.json()["token"])).status_code == 200
    for key in (keys.advertiser_a, keys.auditor):
        assert c.post("/v1/person-tokens", json=body, headers=as_(key)).status_code == 403
    ghost = {"account": "nobody"}
    assert c.post("/v1/person-tokens", json=ghost, headers=as_(keys.platform)).status_code == 404
    too_long = {"account": "fb:alice", "ttl_seconds": 10**6}
    assert c.post("/v1/person-tokens", json=too_long, headers=as_(keys.platform)).status_code == 422


def test_auditors_read_policy_and_decisions_but_never_message_text(
    two_people: TestClient, keys: Keys
) -> None:
    c, auditor = two_people, as_(keys.auditor)
    assert c.get("/v1/policy", headers=auditor).status_code == 200
    decisions = c.get("/v1/decisions", headers=auditor)
    assert decisions.status_code == 200 and "sourdough" not in decisions.text
    assert c.get("/v1/audit-log", headers=auditor).status_code == 200
    for path in ("/v1/interactions/m-bob", "/v1/accounts/fb:bob/interests", "/v1/me/export"):
        assert c.get(path, headers=auditor).status_code == 403, path
    assert c.delete("/v1/interactions/m-bob", headers=auditor).status_code == 403


def test_keys_are_managed_by_admins_and_revoked_keys_stop_working(
    anonymous: TestClient, keys: Keys
) -> None:
    c = anonymous
    assert (
        c.post("/v1/api-keys", json={"role": "auditor"}, headers=as_(keys.platform)).status_code
        == 403
    )
    r = c.post("/v1/api-keys", json={"role": "auditor", "label": "q4"}, headers=as_(keys.admin))
    assert r.status_code == 201
    created = r.json()
    assert created["token"].startswith("cs_auditor_")
    assert c.get("/v1/policy", headers=as_(created["token"])).status_code == 200
    listed = c.get("/v1/api-keys", headers=as_(keys.admin)).json()["keys"]
    assert created["id"] in {k["id"] for k in listed}
    assert all("token" not in k and "hash" not in k for k in listed)
    assert c.delete(f"/v1/api-keys/{created['id']}", headers=as_(keys.admin)).status_code == 204
    assert c.get("/v1/policy", headers=as_(created["token"])).status_code == 401
    bad = {"role": "advertiser"}  # an advertiser key must name its advertiser
    assert c.post("/v1/api-keys", json=bad, headers=as_(keys.admin)).status_code == 422


def test_keys_are_stored_only_as_hashes(container: Container) -> None:
    _, token = create_api_key(container.ctx, Role.PLATFORM)
    with container.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT * FROM api_keys").all()
    assert rows and all(token not in str(r) for r in rows)


def test_auth_can_be_switched_off_only_explicitly(clock: ManualClock) -> None:
    off = bootstrap(Settings(database_url="sqlite://", auth_required=False), clock=clock)
    assert TestClient(create_app(off)).get("/v1/policy").status_code == 200
    off.close()
    assert Settings().auth_required is True

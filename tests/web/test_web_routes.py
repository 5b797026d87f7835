"""The browser app's own routes: the page and its assets, its configuration, the people."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from chatsignals.api.app import create_app
from chatsignals.bootstrap import Container
from chatsignals.services import api_keys


def _client(container: Container, *, demo: bool, host: str = "127.0.0.1") -> TestClient:
    container.settings = replace(container.settings, web_demo=demo)
    return TestClient(create_app(container), client=(host, 50000))


def test_the_page_and_its_assets_are_served_without_any_outside_url(container: Container) -> None:
    client = _client(container, demo=False)
    page = client.get("/")
    assert page.status_code == 200 and 'type="module"' in page.text
    assert "http://" not in page.text and "https://" not in page.text
    script = client.get("/static/js/main.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert client.get("/static/css/app.css").headers["cache-control"] == "no-cache"


def test_outside_demo_mode_the_config_carries_no_keys(container: Container) -> None:
    config = _client(container, demo=False).get("/web/config").json()
    assert config == {"auth_required": True, "demo": False, "keys": {}, "policy": "meta-2025"}


def test_in_demo_mode_a_local_page_gets_working_keys_made_once(container: Container) -> None:
    client = _client(container, demo=True)
    keys = client.get("/web/config").json()["keys"]
    assert set(keys) == {"platform", "auditor", "admin"}
    assert client.get("/web/config").json()["keys"] == keys
    r = client.get("/v1/policy", headers={"Authorization": f"Bearer {keys['auditor']}"})
    assert r.status_code == 200


def test_demo_keys_of_an_earlier_run_are_revoked(container: Container) -> None:
    first = _client(container, demo=True).get("/web/config").json()["keys"]
    second = _client(container, demo=True).get("/web/config").json()["keys"]
    assert first != second
    assert api_keys.authenticate(container.ctx, first["platform"]) is None
    assert api_keys.authenticate(container.ctx, second["platform"]) is not None


def test_demo_keys_are_never_handed_to_another_machine(container: Container) -> None:
    config = _client(container, demo=True, host="203.0.113.9").get("/web/config").json()
    assert config["keys"] == {}


def test_the_people_come_from_the_demo_catalog_with_their_ages(container: Container) -> None:
    people = _client(container, demo=False).get("/web/people").json()["people"]
    alice = next(p for p in people if p["id"] == "alice")
    assert alice["country"] == "US" and alice["age"] == 35  # on the tests' clock, 2025-12-20
    assert [a["app"] for a in alice["accounts"]] == ["facebook", "instagram", "whatsapp"]

"""What the page reads before anything else: its configuration and the demo people.

In demo mode (``chatsignals demo``, or ``serve --web-demo``) the configuration carries
API keys made for this server run, so the page can act as the apps' back end, the
auditor and the admin; they are handed only to callers on this machine (loopback).
Outside demo mode the page asks for a key instead.
"""

from __future__ import annotations

import ipaddress
import threading
from datetime import date
from typing import Any

from fastapi import APIRouter, Request

from chatsignals.bootstrap import Container
from chatsignals.domain.access import Role
from chatsignals.services import api_keys
from chatsignals.services.ports import JSONDict
from chatsignals.services.simulator import load_demo_catalog

router = APIRouter(prefix="/web", include_in_schema=False)

DEMO_KEY_LABEL = "web-demo"
DEMO_ROLES = (Role.PLATFORM, Role.AUDITOR, Role.ADMIN)
_lock = threading.Lock()


def _is_loopback(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    if host in ("localhost", "testclient"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def demo_keys(request: Request) -> dict[str, str]:
    """Keys for this server run, made once. Keys left by earlier runs are revoked; those
    other worker processes of this run made (after this one started) are left alone."""
    state = request.app.state
    with _lock:
        keys: dict[str, str] | None = getattr(state, "web_demo_keys", None)
        if keys is None:
            container: Container = state.container
            ctx = container.ctx
            started = state.web_started_at
            for old in api_keys.list_api_keys(ctx):
                if (
                    old.label == DEMO_KEY_LABEL
                    and old.revoked_at is None
                    and old.created_at <= started
                ):
                    api_keys.revoke_api_key(ctx, old.id, actor="web-demo")
            keys = {
                role.value: api_keys.create_api_key(ctx, role, label=DEMO_KEY_LABEL)[1]
                for role in DEMO_ROLES
            }
            state.web_demo_keys = keys
    return keys


@router.get("/config")
def web_config(request: Request) -> JSONDict:
    container: Container = request.app.state.container
    settings = container.settings
    demo = settings.web_demo
    keys = demo_keys(request) if demo and settings.auth_required and _is_loopback(request) else {}
    return {
        "auth_required": settings.auth_required,
        "demo": demo,
        "keys": keys,
        "policy": container.ctx.preset.name,
    }


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@router.get("/people")
def demo_people(request: Request) -> JSONDict:
    """The demo catalog's people: country, age, their app accounts, their Accounts Center."""
    container: Container = request.app.state.container
    today = container.ctx.clock.now().date()
    people: list[dict[str, Any]] = []
    for person in load_demo_catalog().get("people", []):
        born = person.get("birth_date")
        people.append(
            {
                "id": person["id"],
                "name": person.get("name", person["id"]),
                "country": person["country"],
                "birth_date": born,
                "age": _age(date.fromisoformat(born), today) if born else None,
                "accounts": person["accounts"],
                "center": person.get("center"),
                "bio": person.get("bio", ""),
            }
        )
    return {"people": people}


@router.get("/advertisers")
def demo_advertisers() -> JSONDict:
    """The demo catalog's advertisers (the advertiser API reads one advertiser at a time)."""
    advertisers = load_demo_catalog().get("advertisers", [])
    return {"advertisers": [{"id": a["id"], "name": a["name"]} for a in advertisers]}


@router.get("/topics")
def topic_names(request: Request, ids: str = "") -> JSONDict:
    """Names of IAB Content Taxonomy 3.1 topics (``ids`` comma-separated), for labels."""
    container: Container = request.app.state.container
    taxonomy = container.ctx.taxonomy
    wanted = [t for t in ids.split(",") if t][:200]
    return {"topics": {t: taxonomy.get(t).name for t in wanted if t in taxonomy}}

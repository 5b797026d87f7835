"""Scenario files: a timeline of accounts, links, notices, chats, likes and queries.

Parsing checks the whole file before anything runs, and every error names the event
index and the field, so an audit team can fix its script without guessing.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from chatsignals.domain.accounts import Purpose
from chatsignals.domain.interactions import EngagementKind, Modality, Role

EVENT_FIELDS: dict[str, dict[str, tuple[type | tuple[type, ...], bool]]] = {
    # type -> field -> (python type(s), required)
    "account": {
        "account": (str, True),
        "app": (str, True),
        "country": (str, True),
        "birth_date": (str, False),
    },
    "link": {"center": (str, True), "account": (str, True)},
    "unlink": {"center": (str, True), "account": (str, True)},
    "notice": {"account": (str, True)},
    "chat": {
        "id": (str, True),
        "account": (str, True),
        "conversation": (str, True),
        "role": (str, False),
        "text": (str, False),
        "modality": (str, False),
        "encrypted": (bool, False),
        "app": (str, False),
    },
    "engagement": {
        "id": (str, True),
        "account": (str, True),
        "kind": (str, True),
        "item": (str, True),
    },
    "hide_topic": {"account": (str, True), "topic": (str, True), "purposes": (list, False)},
    "unhide_topic": {"account": (str, True), "topic": (str, True), "purposes": (list, False)},
    "delete_chat": {"account": (str, True), "id": (str, True)},
    "delete_conversation": {"account": (str, True), "conversation": (str, True)},
    "consent": {"account": (str, True), "purpose": (str, True), "granted": (bool, True)},
    "ads": {"id": (str, True), "account": (str, True), "app": (str, False), "limit": (int, False)},
    "feed": {"id": (str, True), "account": (str, True), "app": (str, False), "limit": (int, False)},
    "interests": {"id": (str, True), "account": (str, True)},
}

_ENUMS: dict[str, tuple[str, ...]] = {
    "role": tuple(r.value for r in Role),
    "modality": tuple(m.value for m in Modality),
    "kind": tuple(k.value for k in EngagementKind),
    "purpose": tuple(p.value for p in Purpose),
}


class ScenarioError(ValueError):
    def __init__(self, where: str, field_name: str | None, message: str) -> None:
        self.where = where
        self.field = field_name
        label = f"{where}, field '{field_name}'" if field_name else where
        super().__init__(f"{label}: {message}")


@dataclass(frozen=True)
class Event:
    index: int
    type: str
    at: datetime
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Scenario:
    policy: str
    catalog: Mapping[str, Any] | str | None
    events: tuple[Event, ...] = field(default_factory=tuple)


def parse_time(value: object, where: str, field_name: str = "at") -> datetime:
    if not isinstance(value, str):
        raise ScenarioError(where, field_name, "must be an ISO 8601 time string with a zone")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ScenarioError(where, field_name, f"{value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise ScenarioError(where, field_name, f"{value!r} has no time zone (add 'Z' or an offset)")
    return moment


def _check_event(index: int, raw: object) -> Event:
    where = f"event {index}"
    if not isinstance(raw, dict):
        raise ScenarioError(where, None, "must be a JSON object")
    kind = raw.get("type")
    if kind not in EVENT_FIELDS:
        known = ", ".join(sorted(EVENT_FIELDS))
        raise ScenarioError(where, "type", f"unknown event type {kind!r} (known: {known})")
    where = f"event {index} ({kind})"
    at = parse_time(raw.get("at"), where)
    for name, (expected, required) in EVENT_FIELDS[kind].items():
        if name not in raw or raw[name] is None:
            if required:
                raise ScenarioError(where, name, "is required")
            continue
        value = raw[name]
        if isinstance(value, bool) and expected is int:
            raise ScenarioError(where, name, "must be an integer")
        if not isinstance(value, expected):
            names = (
                expected.__name__
                if isinstance(expected, type)
                else "/".join(t.__name__ for t in expected)
            )
            raise ScenarioError(where, name, f"must be of type {names}, got {type(value).__name__}")
        if name in _ENUMS and value not in _ENUMS[name]:
            raise ScenarioError(
                where, name, f"must be one of {', '.join(_ENUMS[name])}, got {value!r}"
            )
        if isinstance(value, str) and not value and name not in ("text",):
            raise ScenarioError(where, name, "must not be empty")
    if kind == "account" and raw.get("birth_date") is not None:
        try:
            date.fromisoformat(raw["birth_date"])
        except ValueError:
            raise ScenarioError(where, "birth_date", "must be a date like 1990-04-02") from None
    if kind in ("ads", "feed") and "limit" in raw and not 1 <= raw["limit"] <= 100:
        raise ScenarioError(where, "limit", "must be between 1 and 100")
    if kind in ("hide_topic", "unhide_topic") and "purposes" in raw:
        for p in raw["purposes"]:
            if p not in _ENUMS["purpose"]:
                raise ScenarioError(where, "purposes", f"unknown purpose {p!r}")
    unknown = set(raw) - set(EVENT_FIELDS[kind]) - {"type", "at"}
    if unknown:
        raise ScenarioError(where, sorted(unknown)[0], "is not a field of this event type")
    return Event(index, kind, at, raw)


def parse_scenario(raw: object) -> Scenario:
    """Validate a decoded scenario document; raises :class:`ScenarioError`."""
    if not isinstance(raw, dict):
        raise ScenarioError("scenario", None, "must be a JSON object")
    policy = raw.get("policy", "meta-2025")
    if not isinstance(policy, str):
        raise ScenarioError("scenario", "policy", "must be a string")
    catalog = raw.get("catalog")
    if catalog is not None and catalog != "demo" and not isinstance(catalog, dict):
        raise ScenarioError("scenario", "catalog", 'must be an object, "demo" or absent')
    events_raw = raw.get("events")
    if not isinstance(events_raw, list):
        raise ScenarioError("scenario", "events", "must be a list of events")
    events = tuple(_check_event(i, e) for i, e in enumerate(events_raw))
    for previous, current in itertools.pairwise(events):
        if current.at < previous.at:
            raise ScenarioError(
                f"event {current.index} ({current.type})",
                "at",
                "is earlier than the event before it",
            )
    return Scenario(policy, catalog, events)


def load_scenario(text: str) -> Scenario:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            "scenario", None, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    return parse_scenario(raw)


def catalog_content(catalog: Mapping[str, Any] | None) -> Sequence[Mapping[str, Any]]:
    if not catalog:
        return ()
    items = catalog.get("content", [])
    if not isinstance(items, list):
        raise ScenarioError("catalog", "content", "must be a list")
    return items

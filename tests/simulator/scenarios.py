"""Small builders for scenario events, so tests read as timelines."""

from __future__ import annotations

from typing import Any

NOTICE_AT = "2025-12-01T09:00:00Z"
AFTER = "2025-12-17T10:00:00Z"


def account(
    acct: str,
    country: str = "US",
    birth: str | None = "1990-04-02",
    app: str = "facebook",
    at: str = "2025-12-01T08:00:00Z",
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "at": at,
        "type": "account",
        "account": acct,
        "app": app,
        "country": country,
    }
    if birth is not None:
        event["birth_date"] = birth
    return event


def notice(acct: str, at: str = NOTICE_AT) -> dict[str, Any]:
    return {"at": at, "type": "notice", "account": acct}


def chat(mid: str, acct: str, text: str, at: str = AFTER, **extra: Any) -> dict[str, Any]:
    return {
        "at": at,
        "type": "chat",
        "id": mid,
        "account": acct,
        "conversation": extra.pop("conversation", "c1"),
        "role": "user",
        "text": text,
        **extra,
    }


def interests(qid: str, acct: str, at: str = "2025-12-17T11:00:00Z") -> dict[str, Any]:
    return {"at": at, "type": "interests", "id": qid, "account": acct}


def scenario(
    *events: dict[str, Any], policy: str = "meta-2025", catalog: Any = None
) -> dict[str, Any]:
    doc: dict[str, Any] = {"policy": policy, "events": list(events)}
    if catalog is not None:
        doc["catalog"] = catalog
    return doc


def rules_of(line: dict[str, Any]) -> set[tuple[str, str]]:
    return {(r["rule"], r["purpose"]) for r in line["rules"]}

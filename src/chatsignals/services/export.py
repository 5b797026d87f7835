"""Export: everything stored about a person's identity, as one JSON document.

Rows come from every table that holds rows about accounts (derived from the schema),
message text is decrypted for the person, and the export itself is audited.
"""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from chatsignals.domain.instants import iso_z
from chatsignals.domain.profile import Signal
from chatsignals.services import audit
from chatsignals.services.accounts import identity_of, require_account
from chatsignals.services.context import ServiceContext
from chatsignals.services.interests import read_interests
from chatsignals.services.ports import JSONDict, UnitOfWork
from chatsignals.services.security_ports import Row


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_z(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _interaction_row(ctx: ServiceContext, uow: UnitOfWork, row: Row) -> JSONDict:
    sealed = row.pop("text_sealed", None)
    out = {k: _json_value(v) for k, v in row.items()}
    if sealed is not None:
        out["text"] = ctx.cipher.open(uow.data_keys, row["account_id"], bytes(sealed))
    else:
        out["text"] = None  # end-to-end encrypted (never stored) or past retention
    return out


def _signal_row(signal: Signal) -> JSONDict:
    return {
        "account_id": signal.account_id,
        "purpose": signal.purpose.value,
        "topic": signal.topic,
        "score": signal.score,
        "source_kind": signal.source_kind.value,
        "source_id": signal.source_id,
        "at": iso_z(signal.at),
    }


def export_identity(ctx: ServiceContext, account_id: str, actor: str = audit.SYSTEM) -> JSONDict:
    interests = read_interests(ctx, account_id)
    ctx.delivery.flush(ctx.uow)  # impressions still waiting are part of the export
    with ctx.uow() as uow:
        require_account(uow, account_id)
        identity = identity_of(uow, account_id)
        tables = uow.personal_data.export(identity.account_ids)
        tables.pop("signal_buckets", None)  # packed bytes: exported readable, below
        data: dict[str, list[JSONDict]] = {}
        for name, rows in tables.items():
            if name == "interactions":
                data[name] = [_interaction_row(ctx, uow, dict(r)) for r in rows]
            else:
                data[name] = [{k: _json_value(v) for k, v in r.items()} for r in rows]
        data["signals"] = [_signal_row(s) for s in uow.signals.for_accounts(identity.account_ids)]
        details = {"accounts": len(identity.account_ids), "rows": sum(map(len, data.values()))}
        audit.record(ctx, uow, actor, "export", ctx.security.pseudonym(account_id), details)
        uow.commit()
    return {
        "account": account_id,
        "center": identity.center_id,
        "accounts": list(identity.account_ids),
        "interests": {k: interests[k] for k in ("ads", "content", "hidden_topics")},
        "data": data,
    }

"""Master key rotation: every data key re-wrapped under the current master key.

Message ciphertexts do not change (their data keys stay the same); only the small
wrapped keys do, in one transaction, with an audit entry.
"""

from __future__ import annotations

from chatsignals.services import audit
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict


def rewrap_data_keys(ctx: ServiceContext, key_id: str, actor: str = audit.SYSTEM) -> JSONDict:
    """Re-wrap the data keys not yet under the current master key (named ``key_id``)."""
    with ctx.uow() as uow:
        keys = uow.data_keys.all()
        rewrapped = 0
        for wrapped in keys:
            fresh = ctx.cipher.rewrap(wrapped)
            if fresh is not None:
                uow.data_keys.replace(fresh)
                rewrapped += 1
        details = {"master_key": key_id, "data_keys": len(keys), "rewrapped": rewrapped}
        audit.record(ctx, uow, actor, "master-key.rotate", None, details)
        uow.commit()
    return details

"""Erasing a person: every row about their accounts in every table, and their data keys.

The rows go through the personal-data repository, which derives "rows about an
account" from the schema itself, so tables added later are erased too. Destroying
the data key makes any copy of their sealed text (a backup, a replica) unreadable.
"""

from __future__ import annotations

from chatsignals.services import audit
from chatsignals.services.accounts import identity_of, require_account
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict, UnitOfWork


def _erase(ctx: ServiceContext, uow: UnitOfWork, account_id: str, actor: str) -> JSONDict:
    rows = uow.personal_data.erase(account_id)
    key_destroyed = uow.data_keys.destroy(account_id)
    details = {"rows": rows, "data_key_destroyed": key_destroyed}
    audit.record(ctx, uow, actor, "account.erase", ctx.security.pseudonym(account_id), details)
    return {"account": account_id, "rows": rows, "data_key_destroyed": key_destroyed}


def erase_account(ctx: ServiceContext, account_id: str, actor: str = audit.SYSTEM) -> JSONDict:
    """Delete one account and everything derived from it; not found when unknown."""
    ctx.delivery.flush(ctx.uow)  # impressions still waiting are erased with the rest
    with ctx.uow() as uow:
        require_account(uow, account_id)
        out = _erase(ctx, uow, account_id, actor)
        uow.commit()
    ctx.delivery.forget_counts()
    return out


def erase_identity(ctx: ServiceContext, account_id: str, actor: str = audit.SYSTEM) -> JSONDict:
    """Delete the person: the account and every account linked with it, in one transaction."""
    ctx.delivery.flush(ctx.uow)  # impressions still waiting are erased with the rest
    with ctx.uow() as uow:
        require_account(uow, account_id)
        identity = identity_of(uow, account_id)
        erased = [_erase(ctx, uow, a, actor) for a in identity.account_ids]
        uow.commit()
    ctx.delivery.forget_counts()
    return {"accounts": erased}

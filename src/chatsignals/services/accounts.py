"""Accounts, Accounts Center links, notices, consent and hidden topics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from chatsignals.domain.accounts import Account, ConsentRecord, Purpose
from chatsignals.domain.identity import Identity
from chatsignals.domain.profile import SourceKind
from chatsignals.services.context import ServiceContext
from chatsignals.services.errors import Conflict, InvalidInput, NotFound
from chatsignals.services.ports import UnitOfWork

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def require_account(uow: UnitOfWork, account_id: str, field: str = "account") -> Account:
    account = uow.accounts.get(account_id)
    if account is None:
        raise NotFound(f"unknown account {account_id!r}: register it first", field)
    return account


def require_accounts(uow: UnitOfWork, account_ids: Sequence[str]) -> dict[str, Account]:
    """``require_account`` for each, in one read; NotFound names the first one missing."""
    found = uow.accounts.get_many(account_ids)
    for account_id in account_ids:
        if account_id not in found:
            raise NotFound(f"unknown account {account_id!r}: register it first", "account")
    return found


def identity_of(uow: UnitOfWork, account_id: str) -> Identity:
    """The accounts whose signals combine with ``account_id``'s (its Accounts Center)."""
    center = uow.centers.center_of(account_id)
    members = uow.centers.members(center) if center is not None else ()
    return Identity.of(account_id, center, members)


def identities_of(uow: UnitOfWork, account_ids: Sequence[str]) -> dict[str, Identity]:
    """``identity_of`` each account, in two reads."""
    center_of = uow.centers.centers_of(account_ids)
    members = uow.centers.members_many(sorted(set(center_of.values())))
    identities: dict[str, Identity] = {}
    for account_id in account_ids:
        center = center_of.get(account_id)
        linked = members.get(center, ()) if center is not None else ()
        identities[account_id] = Identity.of(account_id, center, linked)
    return identities


def register_account(
    ctx: ServiceContext, account_id: str, app: str, country: str, birth_date: date | None
) -> tuple[Account, bool]:
    """Create an account; the same registration again is harmless. Returns (account, created)."""
    country = country.upper()
    if not _COUNTRY.match(country):
        raise InvalidInput(f"country must be a two-letter ISO code, got {country!r}", "country")
    with ctx.uow() as uow:
        existing = uow.accounts.get(account_id)
        if existing is not None:
            same = (existing.app, existing.country, existing.birth_date) == (
                app,
                country,
                birth_date,
            )
            if not same:
                raise Conflict(f"account {account_id!r} exists with different details", "id")
            return existing, False
        account = Account(account_id, app, country, birth_date, ctx.clock.now())
        uow.accounts.add(account)
        uow.commit()
        return account, True


def link_account(ctx: ServiceContext, center_id: str, account_id: str) -> Identity:
    """Link an account into an Accounts Center; an account sits in one center at most."""
    with ctx.uow() as uow:
        require_account(uow, account_id)
        current = uow.centers.center_of(account_id)
        if current == center_id:
            return identity_of(uow, account_id)
        if current is not None:
            raise Conflict(
                f"account {account_id!r} is already linked in center {current!r}; unlink it first",
                "account",
            )
        uow.centers.link(center_id, account_id, ctx.clock.now())
        identity = identity_of(uow, account_id)
        uow.commit()
        return identity


def unlink_account(ctx: ServiceContext, center_id: str, account_id: str) -> None:
    """Take an account out of its center: from now on its signals stay with it alone."""
    with ctx.uow() as uow:
        require_account(uow, account_id)
        if uow.centers.center_of(account_id) != center_id:
            raise NotFound(
                f"account {account_id!r} is not linked in center {center_id!r}", "account"
            )
        uow.centers.unlink(account_id)
        uow.commit()


def deliver_notice(ctx: ServiceContext, account_id: str, at: datetime | None = None) -> datetime:
    """Record that the account was shown the notice. Its later chats may then be used."""
    moment = at or ctx.clock.now()
    with ctx.uow() as uow:
        require_account(uow, account_id)
        uow.notices.add(account_id, moment)
        uow.commit()
    return moment


def record_consent(ctx: ServiceContext, account_id: str, purpose: Purpose, granted: bool) -> None:
    """Opt in or out for one purpose. Withdrawing removes that purpose's chat signals."""
    with ctx.uow() as uow:
        require_account(uow, account_id)
        uow.consents.add(ConsentRecord(account_id, purpose, granted, ctx.clock.now()))
        if not granted:
            uow.signals.delete_for_account(account_id, purpose, SourceKind.CHAT)
        uow.commit()


def hide_topic(
    ctx: ServiceContext, account_id: str, topic: str, purposes: tuple[Purpose, ...]
) -> None:
    """ "See less": the topic and its descendants stop being used for these purposes."""
    if topic not in ctx.taxonomy:
        raise InvalidInput(f"unknown IAB Content Taxonomy 3.1 topic {topic!r}", "topic")
    with ctx.uow() as uow:
        require_account(uow, account_id)
        for purpose in purposes:
            uow.hidden_topics.add(account_id, purpose, topic, ctx.clock.now())
        uow.commit()


def unhide_topic(
    ctx: ServiceContext, account_id: str, topic: str, purposes: tuple[Purpose, ...]
) -> bool:
    with ctx.uow() as uow:
        require_account(uow, account_id)
        removed = [uow.hidden_topics.remove(account_id, p, topic) for p in purposes]
        uow.commit()
        return any(removed)


def require_account_exists(ctx: ServiceContext, account_id: str) -> Account:
    with ctx.reading() as uow:
        return require_account(uow, account_id)


def describe_account(ctx: ServiceContext, account_id: str) -> tuple[Account, Identity]:
    """The account and the identity it belongs to (its Accounts Center, if linked)."""
    with ctx.reading() as uow:
        return require_account(uow, account_id), identity_of(uow, account_id)


def center_members(ctx: ServiceContext, center_id: str) -> tuple[str, ...]:
    with ctx.reading() as uow:
        return uow.centers.members(center_id)

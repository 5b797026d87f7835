"""Accounts, their notice deliveries, consent, hidden topics and interests."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from chatsignals.api.deps import Ctx, PrincipalDep, StoreThreadsDep, require
from chatsignals.api.schemas import AccountIn, AccountOut, ConsentIn, HideTopicIn, NoticeIn
from chatsignals.domain.accounts import Purpose
from chatsignals.domain.instants import iso_z
from chatsignals.services import accounts, erasure
from chatsignals.services.interests import read_interests
from chatsignals.services.ports import JSONDict

router = APIRouter(prefix="/v1/accounts", tags=["accounts"], dependencies=[require("platform")])


def _account_out(ctx: Ctx, account_id: str) -> AccountOut:
    account, identity = accounts.describe_account(ctx, account_id)
    return AccountOut(
        id=account.id,
        app=account.app,
        country=account.country,
        birth_date=account.birth_date,
        center=identity.center_id,
        linked_accounts=list(identity.account_ids),
    )


@router.post("", status_code=status.HTTP_201_CREATED, response_model=AccountOut)
def register_account(body: AccountIn, ctx: Ctx, response: Response) -> AccountOut:
    """Register an account (idempotent: the same registration again answers 200)."""
    _, created = accounts.register_account(ctx, body.id, body.app, body.country, body.birth_date)
    if not created:
        response.status_code = status.HTTP_200_OK
    return _account_out(ctx, body.id)


@router.get("/{account_id}", response_model=AccountOut)
def get_account(account_id: str, ctx: Ctx) -> AccountOut:
    return _account_out(ctx, account_id)


@router.delete("/{account_id}")
def erase_account(account_id: str, ctx: Ctx, principal: PrincipalDep) -> JSONDict:
    """Delete the account and every row derived from it, in every table; destroy its data
    key, so any copy of its sealed text becomes unreadable. Audited."""
    return erasure.erase_account(ctx, account_id, actor=principal.actor)


@router.post("/{account_id}/notice-deliveries", status_code=status.HTTP_201_CREATED)
def deliver_notice(account_id: str, body: NoticeIn, ctx: Ctx) -> JSONDict:
    """Record that the account was shown the notice; later chats may then be used."""
    at = accounts.deliver_notice(ctx, account_id, body.at)
    return {"account": account_id, "delivered_at": iso_z(at)}


@router.post("/{account_id}/consents", status_code=status.HTTP_201_CREATED)
def record_consent(account_id: str, body: ConsentIn, ctx: Ctx) -> JSONDict:
    """Opt in or out for a purpose (used by the ``consent`` preset)."""
    accounts.record_consent(ctx, account_id, Purpose(body.purpose), body.granted)
    return {"account": account_id, "purpose": body.purpose, "granted": body.granted}


@router.post("/{account_id}/hidden-topics", status_code=status.HTTP_201_CREATED)
def hide_topic(account_id: str, body: HideTopicIn, ctx: Ctx) -> JSONDict:
    """ "See less" about a topic and everything under it."""
    purposes = tuple(Purpose(p) for p in body.purposes)
    accounts.hide_topic(ctx, account_id, body.topic, purposes)
    return {"account": account_id, "topic": body.topic, "purposes": list(body.purposes)}


@router.delete("/{account_id}/hidden-topics/{topic}", status_code=status.HTTP_204_NO_CONTENT)
def unhide_topic(account_id: str, topic: str, ctx: Ctx) -> Response:
    accounts.unhide_topic(ctx, account_id, topic, (Purpose.ADS, Purpose.CONTENT))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{account_id}/interests")
async def get_interests(account_id: str, ctx: Ctx, threads: StoreThreadsDep) -> JSONDict:
    """The identity's interests for ads and for content, each with its evidence."""
    return await threads.run(read_interests, ctx, account_id)

"""Transparency for one person (person tokens only): their interests, their data,
deleting what they said, "see less", consent, export, and erasing themselves.

Everything is scoped to the token's identity: its account and the accounts linked
with it. Anything outside reads as not found.
"""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from chatsignals.api.deps import Ctx, PersonPrincipal, StoreThreadsDep
from chatsignals.api.schemas import ConsentIn, HideTopicIn
from chatsignals.domain.access import Principal
from chatsignals.domain.accounts import Purpose
from chatsignals.services import accounts, erasure, export, forget
from chatsignals.services.context import ServiceContext
from chatsignals.services.interests import read_interests
from chatsignals.services.ports import JSONDict

router = APIRouter(prefix="/v1/me", tags=["me"])


def _account(principal: Principal) -> str:
    assert principal.account_id is not None
    return principal.account_id


def _identity(ctx: ServiceContext, principal: Principal) -> frozenset[str]:
    return frozenset(accounts.describe_account(ctx, _account(principal))[1].account_ids)


@router.get("/interests")
async def my_interests(ctx: Ctx, principal: PersonPrincipal, threads: StoreThreadsDep) -> JSONDict:
    """My interests for ads and content, each with the messages and likes behind it."""
    return await threads.run(read_interests, ctx, _account(principal))


@router.get("/export")
def export_my_data(ctx: Ctx, principal: PersonPrincipal) -> JSONDict:
    """Everything stored about me and my linked accounts, message text included."""
    return export.export_identity(ctx, _account(principal), actor=principal.actor)


@router.delete("/interactions/{interaction_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_my_message(interaction_id: str, ctx: Ctx, principal: PersonPrincipal) -> Response:
    owners = _identity(ctx, principal)
    forget.delete_interaction(ctx, interaction_id, owners, actor=principal.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/conversations/{conversation_id}")
def delete_my_conversation(conversation_id: str, ctx: Ctx, principal: PersonPrincipal) -> JSONDict:
    owners = _identity(ctx, principal)
    deleted = forget.delete_conversation(ctx, conversation_id, owners, actor=principal.actor)
    return {"conversation": conversation_id, "deleted": deleted}


@router.delete("/engagements/{engagement_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_my_engagement(engagement_id: str, ctx: Ctx, principal: PersonPrincipal) -> Response:
    owners = _identity(ctx, principal)
    forget.delete_engagement(ctx, engagement_id, owners, actor=principal.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/hidden-topics", status_code=status.HTTP_201_CREATED)
def hide_my_topic(body: HideTopicIn, ctx: Ctx, principal: PersonPrincipal) -> JSONDict:
    """ "See less" about a topic and everything under it."""
    purposes = tuple(Purpose(p) for p in body.purposes)
    accounts.hide_topic(ctx, _account(principal), body.topic, purposes)
    return {"topic": body.topic, "purposes": list(body.purposes)}


@router.delete("/hidden-topics/{topic}", status_code=status.HTTP_204_NO_CONTENT)
def unhide_my_topic(topic: str, ctx: Ctx, principal: PersonPrincipal) -> Response:
    accounts.unhide_topic(ctx, _account(principal), topic, (Purpose.ADS, Purpose.CONTENT))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/consents", status_code=status.HTTP_201_CREATED)
def record_my_consent(body: ConsentIn, ctx: Ctx, principal: PersonPrincipal) -> JSONDict:
    accounts.record_consent(ctx, _account(principal), Purpose(body.purpose), body.granted)
    return {"purpose": body.purpose, "granted": body.granted}


@router.delete("")
def erase_me(ctx: Ctx, principal: PersonPrincipal) -> JSONDict:
    """Erase me: my account, the accounts linked with it, and everything derived."""
    return erasure.erase_identity(ctx, _account(principal), actor=principal.actor)

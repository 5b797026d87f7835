"""A person's activity with the assistant (person tokens only): each interest with the
messages and likes behind it, quoted with their dates, and their conversations.

Scoped like the rest of ``/v1/me``: the token's account and the accounts linked with it.
"""

from __future__ import annotations

from fastapi import APIRouter

from chatsignals.api.deps import Ctx, PersonPrincipal
from chatsignals.services import accounts
from chatsignals.services.activity import read_activity
from chatsignals.services.assistant_chat import read_conversation
from chatsignals.services.ports import JSONDict

router = APIRouter(prefix="/v1/me", tags=["me"])


@router.get("/activity")
def my_activity(ctx: Ctx, principal: PersonPrincipal) -> JSONDict:
    """My interests for ads and for content, hidden topics, and every message or like
    behind them (``sources``: id -> text or item, app, date)."""
    assert principal.account_id is not None
    return read_activity(ctx, principal.account_id)


@router.get("/conversations/{conversation_id}")
def my_conversation(conversation_id: str, ctx: Ctx, principal: PersonPrincipal) -> JSONDict:
    """My turns (and the assistant's answers to me) in one conversation, oldest first."""
    assert principal.account_id is not None
    owners = frozenset(accounts.describe_account(ctx, principal.account_id)[1].account_ids)
    return read_conversation(ctx, conversation_id, owners)

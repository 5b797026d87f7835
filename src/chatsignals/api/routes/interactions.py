"""Assistant messages: ingest, read the decision, delete (signals go with them)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from chatsignals.api.deps import Ctx, PrincipalDep, require
from chatsignals.api.schemas import InteractionIn
from chatsignals.domain.interactions import Interaction, Modality, Role
from chatsignals.services import forget, ingest
from chatsignals.services.ports import JSONDict

router = APIRouter(tags=["interactions"], dependencies=[require("platform")])


@router.post("/v1/interactions", status_code=status.HTTP_202_ACCEPTED)
def post_interaction(body: InteractionIn, ctx: Ctx, response: Response) -> JSONDict:
    """Store a message durably, then answer 202 with what was decided.

    Idempotent on ``id``: a retry answers 200 with the first decision and changes
    nothing; the same id with different content answers 409.
    """
    interaction = Interaction(
        id=body.id,
        account_id=body.account,
        app=body.app or "",
        conversation_id=body.conversation,
        role=Role(body.role),
        text=body.text,
        modality=Modality(body.modality),
        encrypted=body.encrypted,
        at=body.at or ctx.clock.now(),
    )
    record, created = ingest.post_interaction(ctx, interaction)
    if not created:
        response.status_code = status.HTTP_200_OK
    return record


@router.get("/v1/interactions/{interaction_id}")
def get_interaction(interaction_id: str, ctx: Ctx) -> JSONDict:
    """The message's metadata and decision record (never its text)."""
    return ingest.interaction_record(ctx, interaction_id)


@router.delete("/v1/interactions/{interaction_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_interaction(interaction_id: str, ctx: Ctx, principal: PrincipalDep) -> Response:
    forget.delete_interaction(ctx, interaction_id, actor=principal.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.delete("/v1/conversations/{conversation_id}")
def delete_conversation(conversation_id: str, ctx: Ctx, principal: PrincipalDep) -> JSONDict:
    deleted = forget.delete_conversation(ctx, conversation_id, actor=principal.actor)
    return {"conversation": conversation_id, "deleted": deleted}

"""Content items and people's engagements with them."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from chatsignals.api.deps import Ctx, PrincipalDep, require
from chatsignals.api.schemas import ContentItemIn, EngagementIn
from chatsignals.domain.interactions import ContentItem, Engagement, EngagementKind
from chatsignals.services import forget, ingest
from chatsignals.services.ports import JSONDict

router = APIRouter(tags=["engagements"], dependencies=[require("platform")])


@router.post("/v1/content", status_code=status.HTTP_201_CREATED)
def add_content_item(body: ContentItemIn, ctx: Ctx, response: Response) -> JSONDict:
    item = ContentItem(
        body.id,
        body.kind,
        body.title,
        tuple(body.categories),
        body.author,
        body.app,
        body.created_at,
    )
    if not ingest.add_content_item(ctx, item):
        response.status_code = status.HTTP_200_OK
    return {"id": body.id}


@router.post("/v1/engagements", status_code=status.HTTP_202_ACCEPTED)
def post_engagement(body: EngagementIn, ctx: Ctx, response: Response) -> JSONDict:
    engagement = Engagement(
        body.id, body.account, EngagementKind(body.kind), body.item, body.at or ctx.clock.now()
    )
    record, created = ingest.post_engagement(ctx, engagement)
    if not created:
        response.status_code = status.HTTP_200_OK
    return record


@router.delete("/v1/engagements/{engagement_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_engagement(engagement_id: str, ctx: Ctx, principal: PrincipalDep) -> Response:
    forget.delete_engagement(ctx, engagement_id, actor=principal.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

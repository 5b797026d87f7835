"""What people are shown: ads and feed pages, stored "why"s, clicks, OpenRTB enrichment.

For the platform's back end (and the web app): each ad and feed item served is stored
as an impression with its "why am I seeing this?", which ``GET /v1/impressions/{id}``
shows again later.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from chatsignals.api.ad_batch import AdDecisions
from chatsignals.api.auth import known_caller, throttle
from chatsignals.api.delivery_schemas import BidRequestIn, ClickIn
from chatsignals.api.deps import Ctx, StoreThreadsDep, require
from chatsignals.api.fast_path import fast_path_route, plain_query
from chatsignals.domain.access import Role
from chatsignals.services import ads, feed
from chatsignals.services.context import ServiceContext
from chatsignals.services.openrtb_user_data import enrich_bid_request
from chatsignals.services.ports import JSONDict

router = APIRouter(tags=["delivery"], dependencies=[require("platform")])

_APP_MAX_LENGTH = 64
App = Annotated[
    str | None, Query(max_length=_APP_MAX_LENGTH, description="Default: the account's app.")
]


async def _ads_answer(
    request: Request,
    ctx: ServiceContext,
    account_id: str,
    app: str | None,
    slots: int | None,
    debug: bool,
) -> Response:
    # Most requests are answered from memory on the event loop, decided together with
    # those that arrived with them (api/ad_batch.py); one that must read the store (or
    # wait for another request of the same person) goes to a thread.
    decisions: AdDecisions = request.app.state.ad_decisions
    answer = await decisions.serve_in_memory(account_id, app=app, slots=slots, debug=debug)
    if answer is None:
        answer = await decisions.serve_from_store(account_id, app=app, slots=slots, debug=debug)
    return Response(answer, media_type="application/json")


_ADS_QUERY = frozenset({"app", "limit", "debug"})
_PLAIN_BOOLS = {"true": True, "1": True, "false": False, "0": False}
_PLATFORM = frozenset({Role.PLATFORM})


async def _ads_fast(request: Request) -> Response | None:
    """The ads request without FastAPI's dependency machinery (api/fast_path.py): a
    caller known without the store, query parameters in their plain form."""
    principal = known_caller(request, _PLATFORM)
    query = plain_query(request, _ADS_QUERY)
    if principal is None or query is None:
        return None
    app, limit = query.get("app"), query.get("limit")
    debug = _PLAIN_BOOLS.get(query.get("debug", "false").lower())
    if (app is not None and len(app) > _APP_MAX_LENGTH) or debug is None:
        return None
    slots = None
    if limit is not None:
        if not (limit.isascii() and limit.isdigit() and 1 <= int(limit) <= ads.MAX_SLOTS):
            return None
        slots = int(limit)
    throttle(request, principal)
    ctx = request.app.state.container.ctx
    return await _ads_answer(request, ctx, request.path_params["account_id"], app, slots, debug)


async def get_ads(
    account_id: str,
    ctx: Ctx,
    request: Request,
    app: App = None,
    limit: Annotated[int | None, Query(ge=1, le=ads.MAX_SLOTS, description="Ad slots.")] = None,
    debug: Annotated[bool, Query(description="Also list the campaigns left out, and why.")] = False,
) -> Response:
    """Run an ad decision for the account now; every ad served is recorded (and charged)."""
    return await _ads_answer(request, ctx, account_id, app, limit, debug)


router.add_api_route(
    "/v1/accounts/{account_id}/ads",
    get_ads,
    methods=["GET"],
    response_model=JSONDict,  # the answer is encoded already: this is its description
    route_class_override=fast_path_route(_ads_fast),
)


@router.get("/v1/accounts/{account_id}/feed")
async def get_feed(
    account_id: str,
    ctx: Ctx,
    threads: StoreThreadsDep,
    app: App = None,
    limit: Annotated[int | None, Query(ge=1, le=feed.MAX_FEED)] = None,
) -> JSONDict:
    """The first page of the account's feed: followed and suggested items, each with why."""
    return await threads.run(feed.serve_feed, ctx, account_id, app=app, limit=limit)


@router.get("/v1/impressions/{impression_id}")
def get_impression(impression_id: str, ctx: Ctx) -> JSONDict:
    """A stored ad or feed impression with its "why am I seeing this?", as shown then."""
    return ads.read_impression(ctx, impression_id)


@router.post("/v1/impressions/{impression_id}/clicks")
def click_impression(impression_id: str, ctx: Ctx) -> JSONDict:
    """A click on a served ad (idempotent): charged for CPC ads, learned by the CTR model."""
    return ads.record_click(ctx, impression_id)


@router.post("/v1/clicks")
def post_click(body: ClickIn, ctx: Ctx) -> JSONDict:
    """The same as ``POST /v1/impressions/{id}/clicks``, with the impression in the body."""
    return ads.record_click(ctx, body.impression, body.at)


@router.post("/v1/openrtb/user-data")
async def openrtb_user_data(body: BidRequestIn, ctx: Ctx, threads: StoreThreadsDep) -> JSONDict:
    """The bid request with the person's interests as ``user.data`` segments (segtax 9),
    unless a privacy signal (COPPA, GDPR, US Privacy, GPP) or the person's age forbids it."""
    return await threads.run(enrich_bid_request, ctx, body.account, body.request)

"""OpenRTB 2.6 enrichment: a bid request comes back with the person's ``user.data``.

The segments are the person's ads profile (Content Taxonomy 3.1, ``segtax`` 9) under
the same rules as ad targeting: nothing for minors or people of unknown age, nothing
sensitive or hidden, and nothing when the request's privacy signals (``regs.coppa``,
``regs.gdpr``, US Privacy, GPP) say no.
"""

from __future__ import annotations

from collections.abc import Mapping

from chatsignals.domain.accounts import Purpose
from chatsignals.domain.openrtb import with_user_data
from chatsignals.services.accounts import require_account
from chatsignals.services.ads import viewer_of
from chatsignals.services.context import ServiceContext
from chatsignals.services.ports import JSONDict


def enrich_bid_request(
    ctx: ServiceContext, account_id: str, request: Mapping[str, object]
) -> JSONDict:
    """``{"request": <bid request with user.data>, "segments": {allowed, reason}}``."""
    with ctx.reading() as uow:
        account = require_account(uow, account_id)
        viewer, _ = viewer_of(ctx, uow, account)
    out, decision = with_user_data(
        request,
        viewer.profile,
        taxonomy=ctx.taxonomy,
        minor=viewer.is_minor,
        hidden=viewer.hidden,
    )
    return {
        "request": out,
        "segments": {
            "allowed": decision.allowed,
            "reason": decision.reason,
            "purpose": Purpose.ADS.value,
        },
    }

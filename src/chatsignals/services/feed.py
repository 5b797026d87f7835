"""Serving a feed: posts, reels and groups ranked for one person, each with its "why".

Candidates are the catalog items of the app (and those of no app), indexed once and kept
per process (``catalog_of``; ``ReadCaches.catalogs``). Ranking uses the
person's content profile (chat and engagement signals, hidden topics removed),
freshness, and follows: a ``follow`` engagement on a group follows the group, on a post
or reel it follows the item's author. Followed items are marked ``followed``, the rest
``suggested``. Every item shown is recorded as an impression with its why.

A follow is an engagement, so in the "why" it appears as ``{"source": "engagement",
"kind": "follow", "evidence": [<follow engagement ids>]}``: the public contract names
three sources (``chat``, ``engagement``, ``untargeted``).
"""

from __future__ import annotations

from chatsignals.domain.accounts import Purpose
from chatsignals.domain.explain import explain_item, why_json
from chatsignals.domain.instants import iso_z
from chatsignals.domain.ranking import ContentIndex, RankedItem, rank_content
from chatsignals.services.accounts import identity_of, require_account
from chatsignals.services.ads import person_key
from chatsignals.services.context import ServiceContext
from chatsignals.services.delivery_ports import Follows, StoredImpression
from chatsignals.services.errors import InvalidInput
from chatsignals.services.ids import time_ordered_hex
from chatsignals.services.interests import profile_entries
from chatsignals.services.ports import JSONDict, UnitOfWork

MAX_FEED = 100


def item_why(ranked: RankedItem, follows: Follows) -> list[dict[str, object]]:
    """The item's why, a follow shown as the engagement it is."""
    item = ranked.item
    follow_ids = (
        *follows.items.get(item.id, ()),
        *(follows.authors.get(item.author, ()) if item.author else ()),
    )
    out: list[dict[str, object]] = []
    for entry in why_json(explain_item(ranked)):
        if entry["source"] == "followed":
            entry = {"source": "engagement", "kind": "follow", "evidence": list(follow_ids)}
        out.append(entry)
    return out


def item_json(ranked: RankedItem, impression_id: str, why: list[dict[str, object]]) -> JSONDict:
    item = ranked.item
    return {
        "impression": impression_id,
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "author": item.author,
        "app": item.app,
        "categories": list(item.categories),
        "created_at": iso_z(item.created_at) if item.created_at else None,
        "position": ranked.position,
        "followed": ranked.followed,
        "label": "followed" if ranked.followed else "suggested",
        "score": round(ranked.score, 6),
        "why": why,
    }


def catalog_of(ctx: ServiceContext, uow: UnitOfWork, app: str) -> ContentIndex:
    """The app's catalog, indexed for ranking: from this process's cache, else read in
    ``uow`` and kept (see ``services/read_cache.py``)."""
    cache = ctx.caches.catalogs

    def load() -> ContentIndex:
        """The background reload: items are only added, so while their number stands
        the index in hand is kept (a count instead of every row: 150 ms at 20,000
        items, every few seconds, had stalled the requests around it)."""
        kept = cache.get(app)
        with ctx.reading() as own:
            if kept is not None and own.feed.count_for_app(app) == len(kept):
                return kept
            return ContentIndex(own.feed.items_for_app(app), ctx.taxonomy)

    index = cache.get_refreshing(app, load)
    if index is None:
        generation = cache.generation
        index = ContentIndex(uow.feed.items_for_app(app), ctx.taxonomy)
        cache.put(app, index, generation)
    return index


def serve_feed(
    ctx: ServiceContext,
    account_id: str,
    *,
    app: str | None = None,
    limit: int | None = None,
    request_id: str | None = None,
) -> JSONDict:
    """The first page of the account's feed in ``app`` (default: the account's app)."""
    limit = ctx.ads.config.feed_limit if limit is None else limit
    if not 1 <= limit <= MAX_FEED:
        raise InvalidInput(f"limit must be between 1 and {MAX_FEED}", "limit")
    now = ctx.clock.now()
    request_id = request_id or f"feed-{time_ordered_hex()}"
    with ctx.reading() as uow:
        account = require_account(uow, account_id)
        identity = identity_of(uow, account.id)
        app_name = app or account.app
        hidden = uow.hidden_topics.for_accounts(identity.account_ids).get(
            Purpose.CONTENT, frozenset()
        )
        profile = profile_entries(
            ctx, uow, account.id, Purpose.CONTENT, identity=identity, hidden=hidden
        )
        follows = uow.feed.follows(identity.account_ids)
        catalog = catalog_of(ctx, uow, app_name)
    ranked = rank_content(
        catalog,
        profile,
        taxonomy=ctx.taxonomy,
        now=now,
        limit=limit,
        followed_items=frozenset(follows.items),
        followed_authors=frozenset(follows.authors),
        hidden=hidden,
    )
    ids = [f"{request_id}.{r.position}" for r in ranked]
    whys = [item_why(r, follows) for r in ranked]
    person = person_key(identity)
    ctx.delivery.record(  # written behind the answer, like ads (services/delivery_log.py)
        ctx.uow,
        [
            StoredImpression(
                id=impression_id,
                request_id=request_id,
                account_id=account.id,
                person=person,
                app=app_name,
                kind="item",
                position=r.position,
                why=why,
                at=now,
                item_id=r.item.id,
            )
            for r, impression_id, why in zip(ranked, ids, whys, strict=True)
        ],
    )
    return {
        "request_id": request_id,
        "account": account.id,
        "app": app_name,
        "items": [item_json(r, i, w) for r, i, w in zip(ranked, ids, whys, strict=True)],
    }

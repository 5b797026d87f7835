"""SQL repositories for ads delivery and feeds, on the unit of work's connection."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from chatsignals.adapters.db import schema as s
from chatsignals.adapters.db.sets import KeyedQuery, Match, one_of
from chatsignals.domain.campaigns import (
    Advertiser,
    BidType,
    Campaign,
    CampaignStatus,
    Creative,
    PacingMode,
    Targeting,
)
from chatsignals.domain.interactions import ContentItem
from chatsignals.domain.pacing import utc_day
from chatsignals.domain.reporting import CellTotals
from chatsignals.services import delivery_ports as dp


class _Repo:
    def __init__(self, conn: Connection) -> None:
        self._c = conn


class SqlAdvertisers(_Repo, dp.AdvertiserRepository):
    def add(self, advertiser: Advertiser, at: datetime) -> None:
        self._c.execute(
            insert(s.advertisers).values(id=advertiser.id, name=advertiser.name, created_at=at)
        )

    def get(self, advertiser_id: str) -> Advertiser | None:
        r = self._c.execute(
            select(s.advertisers).where(s.advertisers.c.id == advertiser_id)
        ).first()
        return None if r is None else Advertiser(r.id, r.name)

    def list(self) -> list[Advertiser]:
        rows = self._c.execute(select(s.advertisers).order_by(s.advertisers.c.id))
        return [Advertiser(r.id, r.name) for r in rows]


def _targeting_json(t: Targeting) -> dict[str, Any]:
    return {
        "interests": list(t.interests),
        "countries": list(t.countries),
        "min_age": t.min_age,
        "max_age": t.max_age,
    }


def _targeting(data: dict[str, Any]) -> Targeting:
    return Targeting(
        tuple(data.get("interests", ())),
        tuple(data.get("countries", ())),
        data.get("min_age"),
        data.get("max_age"),
    )


def _campaign_values(c: Campaign) -> dict[str, Any]:
    return {
        "advertiser_id": c.advertiser_id,
        "name": c.name,
        "bid_type": c.bid_type.value,
        "bid": c.bid,
        "daily_budget": c.daily_budget,
        "total_budget": c.total_budget,
        "start_at": c.start,
        "end_at": c.end,
        "frequency_cap": c.frequency_cap,
        "status": c.status.value,
        "pacing": c.pacing.value,
        "targeting": _targeting_json(c.targeting),
    }


class SqlCampaigns(_Repo, dp.CampaignRepository):
    def add(self, campaign: Campaign, at: datetime) -> None:
        self._c.execute(
            insert(s.campaigns).values(
                id=campaign.id,
                spent_total=0.0,
                created_at=at,
                updated_at=at,
                **_campaign_values(campaign),
            )
        )
        self._add_creatives(campaign)

    def _add_creatives(self, campaign: Campaign) -> None:
        self._c.execute(
            insert(s.creatives),
            [
                {
                    "campaign_id": campaign.id,
                    "id": cr.id,
                    "ordinal": n,
                    "title": cr.title,
                    "body": cr.body,
                    "image_url": cr.image_url,
                    "landing_url": cr.landing_url,
                    "categories": list(cr.categories),
                }
                for n, cr in enumerate(campaign.creatives)
            ],
        )

    def replace(self, campaign: Campaign, at: datetime) -> None:
        self._c.execute(
            update(s.campaigns)
            .where(s.campaigns.c.id == campaign.id)
            .values(
                updated_at=at, revision=s.campaigns.c.revision + 1, **_campaign_values(campaign)
            )
        )
        self._c.execute(delete(s.creatives).where(s.creatives.c.campaign_id == campaign.id))
        self._add_creatives(campaign)

    def get(self, campaign_id: str) -> Campaign | None:
        found = self._load(s.campaigns.c.id == campaign_id)
        return found[0] if found else None

    def for_advertiser(self, advertiser_id: str) -> list[Campaign]:
        return self._load(s.campaigns.c.advertiser_id == advertiser_id)

    def changed_since(
        self, since: datetime | None, known: Collection[tuple[str, int]] = ()
    ) -> tuple[list[Campaign], datetime | None, frozenset[tuple[str, int]]]:
        t = s.campaigns
        latest = self._c.execute(select(func.max(t.c.updated_at))).scalar_one_or_none()
        at_latest = self._revisions_at(latest)
        if since is None:
            return self._load(None), latest, at_latest
        at_since = at_latest if since == latest else self._revisions_at(since)
        seen = set(known)
        again = sorted(i for i, r in at_since if (i, r) not in seen)
        changed = t.c.updated_at > since
        if again:
            changed = or_(changed, one_of(self._c, t.c.id, again))
        return self._load(changed), latest, at_latest

    def _revisions_at(self, at: datetime | None) -> frozenset[tuple[str, int]]:
        if at is None:
            return frozenset()
        t = s.campaigns
        rows = self._c.execute(select(t.c.id, t.c.revision).where(t.c.updated_at == at))
        return frozenset((r.id, r.revision) for r in rows)

    def _load(self, where: Any) -> list[Campaign]:
        t, cr = s.campaigns, s.creatives
        query = select(t).order_by(t.c.id)
        creative_query = select(cr).order_by(cr.c.campaign_id, cr.c.ordinal)
        if where is not None:
            query = query.where(where)
            creative_query = creative_query.where(cr.c.campaign_id.in_(select(t.c.id).where(where)))
        creatives: dict[str, list[Creative]] = {}
        for r in self._c.execute(creative_query):
            creatives.setdefault(r.campaign_id, []).append(
                Creative(r.id, r.title, r.body, r.image_url, r.landing_url, tuple(r.categories))
            )
        return [
            Campaign(
                id=r.id,
                advertiser_id=r.advertiser_id,
                name=r.name,
                bid_type=BidType(r.bid_type),
                bid=r.bid,
                daily_budget=r.daily_budget,
                total_budget=r.total_budget,
                start=r.start_at,
                end=r.end_at,
                creatives=tuple(creatives.get(r.id, ())),
                targeting=_targeting(r.targeting),
                frequency_cap=r.frequency_cap,
                status=CampaignStatus(r.status),
                pacing=PacingMode(r.pacing),
            )
            for r in self._c.execute(query)
        ]


class SqlSpend(_Repo, dp.SpendRepository):
    def charge(
        self, campaign_id: str, day: date, amount: float, *, impressions: int = 0, clicks: int = 0
    ) -> None:
        self.charge_many([dp.SpendCharge(campaign_id, day, amount, impressions, clicks)])

    def charge_many(self, charges: Sequence[dp.SpendCharge]) -> None:
        """Two statements however many charges: an upsert of the day rows and an update
        of the totals, each executed for all of them at once, through the driver (built
        and compiled once per dialect: building them for each write took a quarter of
        the delivery log's writer thread)."""
        if not charges:
            return
        upsert = _driver_statement(self._c, "spend-upsert", _spend_upsert)
        _execute_many(
            self._c,
            upsert,
            _in_order(
                upsert,
                (
                    {
                        "campaign_id": c.campaign_id,
                        "day": c.day,
                        "spent": c.amount,
                        "impressions": c.impressions,
                        "clicks": c.clicks,
                    }
                    for c in charges
                ),
            ),
            rows_at_once=True,
        )
        paid = [(c.campaign_id, c.amount) for c in charges if c.amount]
        if not paid:
            return
        if self._c.dialect.name == "sqlite":
            _add_to_totals(self._c, paid)
            return
        total = _driver_statement(self._c, "spend-total", _spend_total)
        _execute_many(self._c, total, _in_order(total, ({"cid": c, "amount": a} for c, a in paid)))

    def spend(self, day: date, campaign_ids: Sequence[str] | None = None) -> list[dp.CampaignSpend]:
        c, t = s.campaigns, s.campaign_spend
        query = select(c.c.id, c.c.spent_total, t.c.spent).select_from(
            c.outerjoin(t, and_(t.c.campaign_id == c.c.id, t.c.day == day))
        )
        if campaign_ids is None:
            query = query.where(c.c.spent_total > 0)
        else:
            query = query.where(one_of(self._c, c.c.id, campaign_ids))
        rows = self._c.execute(query.order_by(c.c.id))
        return [dp.CampaignSpend(r.id, float(r.spent or 0.0), float(r.spent_total)) for r in rows]


def _impression(r: Any) -> dp.StoredImpression:
    return dp.StoredImpression(
        id=r.id,
        request_id=r.request_id,
        account_id=r.account_id,
        person=r.person,
        app=r.app,
        kind=r.kind,
        position=r.position,
        why=list(r.why),
        at=r.at,
        advertiser_id=r.advertiser_id,
        campaign_id=r.campaign_id,
        creative_id=r.creative_id,
        item_id=r.item_id,
        bid_type=r.bid_type,
        price=r.price,
        cost=r.cost,
        click_cost=r.click_cost,
        features=dict(r.features) if r.features is not None else None,
        clicked_at=r.clicked_at,
    )


_IMPRESSION_COLUMNS = tuple(c.name for c in s.impressions.columns)


def _insert(dialect: str) -> Any:
    """The impressions INSERT; its parameters are the table's columns, in order."""
    return insert(s.impressions)


def _spend_upsert(dialect: str) -> Any:
    t = s.campaign_spend
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(t)
    elif dialect == "sqlite":
        stmt = sqlite.insert(t)
    else:  # pragma: no cover - only the two supported databases reach here
        raise RuntimeError(f"unsupported database {dialect!r}")
    excluded = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=["campaign_id", "day"],
        set_={
            "spent": t.c.spent + excluded.spent,
            "impressions": t.c.impressions + excluded.impressions,
            "clicks": t.c.clicks + excluded.clicks,
        },
    )


def _spend_total(dialect: str) -> Any:
    campaigns = s.campaigns
    return (
        update(campaigns)
        .where(campaigns.c.id == bindparam("cid"))
        .values(spent_total=campaigns.c.spent_total + bindparam("amount"))
    )


_Processor = Callable[[Any], Any]
# SQL, parameter names in the driver's order, (position, bind processor) of those that
# have one, whether the driver takes them by position
_DriverStatement = tuple[str, tuple[str, ...], tuple[tuple[int, _Processor], ...], bool]
_DRIVER_STATEMENTS: dict[tuple[str, str, str], _DriverStatement] = {}


def _driver_statement(conn: Connection, name: str, build: Callable[[str], Any]) -> _DriverStatement:
    """``build(dialect name)`` compiled for the connection's dialect, once per process:
    what executing it through SQLAlchemy would do each time (build the construct, look
    its compiled form up in the cache, walk a dict of parameters per row), done once."""
    dialect = conn.dialect
    key = (name, dialect.name, dialect.driver)
    found = _DRIVER_STATEMENTS.get(key)
    if found is None:
        compiled = build(dialect.name).compile(dialect=dialect)
        names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
        processors = tuple(
            (n, p)
            for n, param in enumerate(names)
            if (p := compiled.binds[param].type.dialect_impl(dialect).bind_processor(dialect))
        )
        found = _DRIVER_STATEMENTS[key] = (str(compiled), names, processors, compiled.positional)
    return found


def _in_order(statement: _DriverStatement, rows: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """Rows of values by parameter name, as lists in the statement's parameter order."""
    names = statement[1]
    return [[values[n] for n in names] for values in rows]


def _execute_many(
    conn: Connection,
    statement: _DriverStatement,
    rows: Iterable[list[Any]],
    *,
    rows_at_once: bool = False,
) -> None:
    """``statement`` once per row, in one executemany; each row lists the values in the
    statement's parameter order, and goes through the bind processors in place.

    ``rows_at_once``: ``statement`` is a one-row ``INSERT ... VALUES (...)`` (an upsert's
    ``ON CONFLICT`` may follow), and on SQLite it is sent with many rows' VALUES at
    once (:func:`_insert_rows`)."""
    sql, names, processors, positional = statement
    params: list[Any] = []
    for row in rows:
        for n, process in processors:  # the parameters whose type has a bind processor
            row[n] = process(row[n])
        params.append(tuple(row) if positional else dict(zip(names, row, strict=True)))
    if rows_at_once and positional and conn.dialect.name == "sqlite":
        _insert_rows(conn, sql, params)
    else:
        conn.exec_driver_sql(sql, params)


# Rows per statement where SQLite gets many at once, largest first: a batch goes out in
# as few statements as these sizes allow, and only these few statements are compiled.
_ROWS_PER_STATEMENT = (256, 64, 16, 4, 1)
_MULTI_ROW_SQL: dict[tuple[str, int], str] = {}


def _blocks(rows: Sequence[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """``rows`` in blocks of the sizes above: each block's size and its values in one
    flat tuple, row after row."""
    start = 0
    for size in _ROWS_PER_STATEMENT:
        while len(rows) - start >= size:
            yield size, tuple(value for row in rows[start : start + size] for value in row)
            start += size


def _insert_rows(conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """The rows of a one-row ``INSERT ... VALUES (?, ...) [ON CONFLICT ...]`` in a few
    multi-row INSERTs (SQLite applies an upsert's rows one after the other, as
    ``executemany`` does, rows with the same conflict target included).

    Python's sqlite3 releases the interpreter lock around each step of a statement, and
    ``executemany`` takes one step per row. The writer thread that runs this shares the
    lock with the event loop, and each time it lets go, it waits for the loop to let go
    in turn: under load that is most of the writer's time, and what it had not written
    when the load stopped it wrote afterwards. A multi-row INSERT is one step for
    hundreds of rows. (SQLite allows 32,766 parameters a statement: 256 rows of up to
    127 columns.)"""
    for size, values in _blocks(rows):
        many = _MULTI_ROW_SQL.get((sql, size))
        if many is None:  # the one row's "(?, ...)" written ``size`` times
            head, _, rest = sql.partition(" VALUES ")
            one = rest[: rest.index(")") + 1]
            rows_sql = ", ".join([one] * size)
            many = _MULTI_ROW_SQL[sql, size] = f"{head} VALUES {rows_sql}{rest[len(one) :]}"
        conn.exec_driver_sql(many, values)


_ADD_TO_TOTALS = (
    "WITH paid (cid, amount) AS (VALUES {rows}) "
    "UPDATE campaigns SET spent_total = spent_total + "
    "(SELECT sum(amount) FROM paid WHERE paid.cid = campaigns.id) "
    "WHERE id IN (SELECT cid FROM paid)"
)


def _add_to_totals(conn: Connection, paid: list[tuple[str, float]]) -> None:
    """Each campaign's total spend raised by what it was paid (a campaign may be listed
    more than once), in a few statements on SQLite rather than one per campaign (see
    :func:`_insert_rows` for why the number of statements counts)."""
    for size, values in _blocks(paid):
        sql = _MULTI_ROW_SQL.get((_ADD_TO_TOTALS, size))
        if sql is None:
            rows_sql = ", ".join(["(?, ?)"] * size)
            sql = _MULTI_ROW_SQL[_ADD_TO_TOTALS, size] = _ADD_TO_TOTALS.format(rows=rows_sql)
        conn.exec_driver_sql(sql, values)


def _seen(match: Match) -> Select[tuple[str, str, int]]:
    """Ads per person and campaign on the day ``:day``."""
    t = s.impressions
    return (
        select(t.c.person, t.c.campaign_id, func.count().label("n"))
        .where(and_(match(t.c.person), t.c.day == bindparam("day"), t.c.kind == "ad"))
        .group_by(t.c.person, t.c.campaign_id)
    )


def _seen_as_json(match: Match) -> Select[tuple[str]]:
    c = _seen(match).subquery()
    return select(func.json_group_array(func.json_array(c.c.person, c.c.campaign_id, c.c.n)))


_SEEN = KeyedQuery(_seen)
_SEEN_AS_JSON = KeyedQuery(_seen_as_json)


class SqlImpressions(_Repo, dp.ImpressionRepository):
    def add_many(self, impressions: Sequence[dp.StoredImpression]) -> None:
        """One executemany through the driver, each value through its column type's own
        bind processor: what ``execute(insert(...), rows)`` does, without building and
        walking a parameter dict per row in SQLAlchemy (about half of the writer
        thread's time per impression, 40 -> 31 µs of CPU on SQLite)."""
        if not impressions:
            return
        statement = _driver_statement(self._c, "impressions", _insert)
        assert statement[1] == _IMPRESSION_COLUMNS  # the rows below are built in this order
        rows = [
            [
                i.id,
                i.request_id,
                i.account_id,
                i.person,
                i.app,
                i.kind,
                i.advertiser_id,
                i.campaign_id,
                i.creative_id,
                i.item_id,
                i.position,
                i.bid_type,
                i.price,
                i.cost,
                i.click_cost,
                i.features,
                i.why,
                i.at,
                utc_day(i.at),
                i.clicked_at,
            ]
            for i in impressions
        ]
        _execute_many(self._c, statement, rows, rows_at_once=True)

    def get(self, impression_id: str) -> dp.StoredImpression | None:
        r = self._c.execute(
            select(s.impressions).where(s.impressions.c.id == impression_id)
        ).first()
        return None if r is None else _impression(r)

    def mark_clicked(self, impression_id: str, at: datetime, click_cost: float) -> bool:
        t = s.impressions
        result = self._c.execute(
            update(t)
            .where(and_(t.c.id == impression_id, t.c.clicked_at.is_(None)))
            .values(clicked_at=at, click_cost=click_cost)
        )
        return result.rowcount > 0

    def ads_seen_by(self, people: Sequence[str], day: date) -> dict[str, dict[str, int]]:
        rows: Iterable[Sequence[Any]]
        if self._c.dialect.name == "sqlite":
            # One row of JSON, not a row per person and campaign: each row fetched is a
            # step of the statement, and the delivery log's writer, which rereads a few
            # hundred people's counts at a time, gives up the interpreter lock at each
            # (see _insert_rows).
            listed = self._c.execute(*_SEEN_AS_JSON.bind(self._c, people, day=day)).scalar_one()
            rows = json.loads(listed)
        else:
            rows = self._c.execute(*_SEEN.bind(self._c, people, day=day))
        out: dict[str, dict[str, int]] = {}
        for person, campaign_id, n in rows:
            if campaign_id is not None:
                out.setdefault(person, {})[campaign_id] = int(n)
        return out

    def report_cells(self, advertiser_id: str, first: date, last: date) -> list[CellTotals]:
        t = s.impressions
        clicked = func.sum(cast(case((t.c.clicked_at.is_not(None), 1), else_=0), Integer))
        rows = self._c.execute(
            select(
                t.c.day,
                t.c.campaign_id,
                func.count(),
                clicked,
                func.sum(t.c.cost + t.c.click_cost),
                func.count(func.distinct(t.c.person)),
            )
            .where(
                and_(
                    t.c.advertiser_id == advertiser_id,
                    t.c.kind == "ad",
                    t.c.day >= first,
                    t.c.day <= last,
                )
            )
            .group_by(t.c.day, t.c.campaign_id)
            .order_by(t.c.day, t.c.campaign_id)
        )
        return [
            CellTotals(r[0], r[1], int(r[2]), int(r[3] or 0), float(r[4] or 0.0), int(r[5]))
            for r in rows
        ]


class SqlCtrModels(_Repo, dp.CtrModelRepository):
    def get(self, name: str) -> dp.JSONObject | None:
        row = self._c.execute(
            select(s.ctr_models.c.model).where(s.ctr_models.c.name == name)
        ).first()
        return None if row is None else dict(row.model)

    def put(self, name: str, model: dp.JSONObject, at: datetime) -> None:
        t = s.ctr_models
        result = self._c.execute(
            update(t).where(t.c.name == name).values(model=model, updated_at=at)
        )
        if result.rowcount == 0:
            self._c.execute(insert(t).values(name=name, model=model, updated_at=at))


def _follows(match: Match) -> Select[tuple[str, str, str, str | None]]:
    e, t = s.engagements, s.content_items
    return (
        select(e.c.id.label("engagement"), t.c.id, t.c.kind, t.c.author)
        .select_from(e.join(t, t.c.id == e.c.item_id))
        .where(and_(match(e.c.account_id), e.c.kind == "follow"))
        .order_by(e.c.at, e.c.id)
    )


_FOLLOWS = KeyedQuery(_follows)


def _shown_in(app: str) -> ColumnElement[bool]:
    t = s.content_items
    return or_(t.c.app == app, t.c.app.is_(None))


class SqlFeed(_Repo, dp.FeedRepository):
    def items_for_app(self, app: str) -> list[ContentItem]:
        t = s.content_items
        rows = self._c.execute(select(t).where(_shown_in(app)).order_by(t.c.id))
        return [
            ContentItem(r.id, r.kind, r.title, tuple(r.categories), r.author, r.app, r.created_at)
            for r in rows
        ]

    def count_for_app(self, app: str) -> int:
        found = self._c.execute(select(func.count()).where(_shown_in(app))).scalar_one()
        return int(found)

    def follows(self, account_ids: Sequence[str]) -> dp.Follows:
        rows = self._c.execute(*_FOLLOWS.bind(self._c, account_ids))
        items: dict[str, tuple[str, ...]] = {}
        authors: dict[str, tuple[str, ...]] = {}
        for r in rows:
            if r.kind != "group" and r.author:
                authors[r.author] = (*authors.get(r.author, ()), r.engagement)
            else:
                items[r.id] = (*items.get(r.id, ()), r.engagement)
        return dp.Follows(items, authors)

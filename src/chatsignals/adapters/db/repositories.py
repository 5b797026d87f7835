"""SQL repositories: one class per port, all sharing the unit of work's connection."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from chatsignals.adapters.db import schema as s
from chatsignals.adapters.db.sets import KeyedQuery, chunks, one_of
from chatsignals.adapters.db.turn_windows import window_roles
from chatsignals.domain.accounts import PURPOSES, Account, ConsentRecord, Purpose
from chatsignals.domain.instants import iso_z
from chatsignals.domain.interactions import (
    ContentItem,
    Engagement,
    EngagementKind,
    Interaction,
    Modality,
    Role,
)
from chatsignals.domain.policy import RuleDecision
from chatsignals.domain.profile import SourceKind
from chatsignals.services import ports


class _Repo:
    def __init__(self, conn: Connection) -> None:
        self._c = conn


_ACCOUNTS = KeyedQuery(lambda match: select(s.accounts).where(match(s.accounts.c.id)))


class SqlAccounts(_Repo, ports.AccountRepository):
    def add(self, account: Account) -> None:
        self._c.execute(
            insert(s.accounts).values(
                id=account.id,
                app=account.app,
                country=account.country,
                birth_date=account.birth_date,
                created_at=account.created_at,
            )
        )

    def get(self, account_id: str) -> Account | None:
        return self.get_many([account_id]).get(account_id)

    def get_many(self, account_ids: Sequence[str]) -> dict[str, Account]:
        rows = self._c.execute(*_ACCOUNTS.bind(self._c, account_ids))
        return {r.id: Account(r.id, r.app, r.country, r.birth_date, r.created_at) for r in rows}


class _Tracking(_Repo):
    """A repository whose writes change profiles: it notes the accounts whose profiles
    they change in ``touched``, which the unit of work announces at commit."""

    def __init__(self, conn: Connection, touched: set[str] | None = None) -> None:
        super().__init__(conn)
        self.touched: set[str] = set() if touched is None else touched


_CENTERS_OF = KeyedQuery(
    lambda match: select(s.center_links.c.account_id, s.center_links.c.center_id).where(
        match(s.center_links.c.account_id)
    )
)
_MEMBERS = KeyedQuery(
    lambda match: (
        select(s.center_links.c.center_id, s.center_links.c.account_id)
        .where(match(s.center_links.c.center_id))
        .order_by(s.center_links.c.center_id, s.center_links.c.account_id)
    )
)


class SqlCenters(_Tracking, ports.CenterRepository):
    def link(self, center_id: str, account_id: str, at: datetime) -> None:
        # Every member's profile now includes this account's signals, and its theirs.
        self.touched.update((account_id, *self.members(center_id)))
        self._c.execute(
            insert(s.center_links).values(account_id=account_id, center_id=center_id, linked_at=at)
        )

    def unlink(self, account_id: str) -> None:
        center = self.center_of(account_id)
        self.touched.update((account_id, *(self.members(center) if center else ())))
        self._c.execute(delete(s.center_links).where(s.center_links.c.account_id == account_id))

    def center_of(self, account_id: str) -> str | None:
        row = self._c.execute(*_CENTERS_OF.bind(self._c, [account_id])).first()
        return None if row is None else str(row.center_id)

    def members(self, center_id: str) -> tuple[str, ...]:
        return self.members_many([center_id]).get(center_id, ())

    def centers_of(self, account_ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in chunks(self._c, sorted(set(account_ids))):
            rows = self._c.execute(*_CENTERS_OF.bind(self._c, chunk))
            out.update((r.account_id, r.center_id) for r in rows)
        return out

    def members_many(self, center_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for chunk in chunks(self._c, sorted(set(center_ids))):
            rows = self._c.execute(*_MEMBERS.bind(self._c, chunk))
            for r in rows:
                out.setdefault(r.center_id, []).append(r.account_id)
        return {center: tuple(members) for center, members in out.items()}


_FIRST_NOTICES = KeyedQuery(
    lambda match: (
        select(
            s.notice_deliveries.c.account_id,
            func.min(s.notice_deliveries.c.delivered_at).label("first"),
        )
        .where(match(s.notice_deliveries.c.account_id))
        .group_by(s.notice_deliveries.c.account_id)
    )
)


class SqlNotices(_Repo, ports.NoticeRepository):
    def add(self, account_id: str, delivered_at: datetime) -> None:
        self._c.execute(
            insert(s.notice_deliveries).values(account_id=account_id, delivered_at=delivered_at)
        )

    def first_delivery(self, account_id: str) -> datetime | None:
        return self.first_deliveries([account_id]).get(account_id)

    def first_deliveries(self, account_ids: Sequence[str]) -> dict[str, datetime]:
        out: dict[str, datetime] = {}
        for chunk in chunks(self._c, sorted(set(account_ids))):
            rows = self._c.execute(*_FIRST_NOTICES.bind(self._c, chunk))
            out.update((r.account_id, r.first) for r in rows)
        return out


_CONSENTS_UNTIL = KeyedQuery(  # the accounts' consent records up to :latest, in order
    lambda match: (
        select(s.consents.c.account_id, s.consents.c.at, s.consents.c.purpose, s.consents.c.granted)
        .where(match(s.consents.c.account_id), s.consents.c.at <= bindparam("latest"))
        .order_by(s.consents.c.account_id, s.consents.c.at, s.consents.c.id)
    )
)


class SqlConsents(_Repo, ports.ConsentRepository):
    def add(self, record: ConsentRecord) -> None:
        self._c.execute(
            insert(s.consents).values(
                account_id=record.account_id,
                purpose=record.purpose.value,
                granted=record.granted,
                at=record.at,
            )
        )

    def state_at(self, account_id: str, at: datetime) -> dict[Purpose, bool]:
        return self.state_at_many([(account_id, at)])[0]

    def state_at_many(self, moments: Sequence[tuple[str, datetime]]) -> list[dict[Purpose, bool]]:
        if not moments:
            return []
        latest = max(at for _, at in moments)
        history: dict[str, list[tuple[datetime, Purpose, bool]]] = {}
        for chunk in chunks(self._c, sorted({account_id for account_id, _ in moments})):
            rows = self._c.execute(*_CONSENTS_UNTIL.bind(self._c, chunk, latest=latest))
            for r in rows:
                history.setdefault(r.account_id, []).append(
                    (r.at, Purpose(r.purpose), bool(r.granted))
                )
        states: list[dict[Purpose, bool]] = []
        for account_id, at in moments:
            state: dict[Purpose, bool] = {}
            for recorded_at, purpose, granted in history.get(account_id, ()):
                if recorded_at > at:
                    break  # oldest first: the rest came later too
                state[purpose] = granted
            states.append(state)
        return states


_HIDDEN = KeyedQuery(
    lambda match: select(
        s.hidden_topics.c.account_id, s.hidden_topics.c.purpose, s.hidden_topics.c.topic
    ).where(match(s.hidden_topics.c.account_id))
)


class SqlHiddenTopics(_Tracking, ports.HiddenTopicRepository):
    def add(self, account_id: str, purpose: Purpose, topic: str, at: datetime) -> None:
        self.touched.add(account_id)
        t = s.hidden_topics
        exists = self._c.execute(
            select(t.c.topic).where(
                and_(t.c.account_id == account_id, t.c.purpose == purpose.value, t.c.topic == topic)
            )
        ).first()
        if exists is None:
            self._c.execute(
                insert(t).values(account_id=account_id, purpose=purpose.value, topic=topic, at=at)
            )

    def remove(self, account_id: str, purpose: Purpose, topic: str) -> bool:
        self.touched.add(account_id)
        t = s.hidden_topics
        result = self._c.execute(
            delete(t).where(
                and_(t.c.account_id == account_id, t.c.purpose == purpose.value, t.c.topic == topic)
            )
        )
        return result.rowcount > 0

    def for_accounts(self, account_ids: Sequence[str]) -> dict[Purpose, frozenset[str]]:
        rows = self._c.execute(*_HIDDEN.bind(self._c, account_ids))
        out: dict[Purpose, set[str]] = {p: set() for p in PURPOSES}
        for r in rows:
            out[Purpose(r.purpose)].add(r.topic)
        return {p: frozenset(v) for p, v in out.items()}

    def per_account(self, account_ids: Sequence[str]) -> dict[str, dict[Purpose, frozenset[str]]]:
        found: dict[str, dict[Purpose, set[str]]] = {
            a: {p: set() for p in PURPOSES} for a in account_ids
        }
        for chunk in chunks(self._c, sorted(found)):
            rows = self._c.execute(*_HIDDEN.bind(self._c, chunk))
            for r in rows:
                found[r.account_id][Purpose(r.purpose)].add(r.topic)
        return {a: {p: frozenset(v) for p, v in by.items()} for a, by in found.items()}


def _interaction_from_row(row: object, text: str = "") -> ports.StoredInteraction:
    r = row  # a Row; typed loosely because Row attributes are dynamic
    interaction = Interaction(
        id=r.id,  # type: ignore[attr-defined]
        account_id=r.account_id,  # type: ignore[attr-defined]
        app=r.app,  # type: ignore[attr-defined]
        conversation_id=r.conversation_id,  # type: ignore[attr-defined]
        role=Role(r.role),  # type: ignore[attr-defined]
        text=text,
        modality=Modality(r.modality),  # type: ignore[attr-defined]
        encrypted=bool(r.encrypted),  # type: ignore[attr-defined]
        at=r.at,  # type: ignore[attr-defined]
    )
    return ports.StoredInteraction(
        interaction=interaction,
        status=r.status,  # type: ignore[attr-defined]
        result=r.result,  # type: ignore[attr-defined]
        received_at=r.received_at,  # type: ignore[attr-defined]
        text_sealed=r.text_sealed,  # type: ignore[attr-defined]
    )


_INTERACTIONS = KeyedQuery(lambda match: select(s.interactions).where(match(s.interactions.c.id)))


class SqlInteractions(_Repo, ports.InteractionRepository):
    def add(
        self, interaction: Interaction, text_sealed: bytes | None, received_at: datetime
    ) -> None:
        self.add_many([(interaction, text_sealed, received_at)])

    def add_many(self, stored: Sequence[tuple[Interaction, bytes | None, datetime]]) -> None:
        if not stored:
            return
        self._c.execute(
            insert(s.interactions),
            [
                {
                    "id": interaction.id,
                    "account_id": interaction.account_id,
                    "app": interaction.app,
                    "conversation_id": interaction.conversation_id,
                    "role": interaction.role.value,
                    "modality": interaction.modality.value,
                    "encrypted": interaction.encrypted,
                    "at": interaction.at,
                    "received_at": received_at,
                    "text_sealed": text_sealed,
                    "status": "pending",
                    "result": None,
                }
                for interaction, text_sealed, received_at in stored
            ],
        )

    def get(self, interaction_id: str) -> ports.StoredInteraction | None:
        row = self._c.execute(*_INTERACTIONS.bind(self._c, [interaction_id])).first()
        return None if row is None else _interaction_from_row(row)

    def set_result(self, interaction_id: str, status: str, result: ports.JSONDict) -> None:
        self.set_results(status, {interaction_id: result})

    def set_results(self, status: str, results: Mapping[str, ports.JSONDict]) -> None:
        if not results:
            return
        t = s.interactions
        self._c.execute(
            update(t)
            .where(t.c.id == bindparam("b_id"))
            .values(status=bindparam("b_status"), result=bindparam("b_result")),
            [
                {"b_id": interaction_id, "b_status": status, "b_result": result}
                for interaction_id, result in results.items()
            ],
        )

    def preceding(
        self, account_id: str, conversation_id: str, before: datetime, limit: int
    ) -> list[ports.StoredInteraction]:
        return self.preceding_many([(account_id, conversation_id, before)], limit)[0]

    def preceding_many(
        self, moments: Sequence[ports.Moment], limit: int
    ) -> list[list[ports.StoredInteraction]]:
        ids_of = {
            m: [i for i, _ in turns] for m, turns in window_roles(self._c, moments, limit).items()
        }
        return self._rows_of(moments, ids_of)

    def context_many(
        self, moments: Sequence[ports.Moment], limit: int
    ) -> list[list[ports.StoredInteraction]]:
        ids_of: dict[ports.Moment, list[str]] = {}
        for moment, turns in window_roles(self._c, moments, limit).items():
            kept = ids_of[moment] = []
            for turn_id, role in reversed(turns):
                if role == Role.USER.value:
                    break
                kept.append(turn_id)
            kept.reverse()
        return self._rows_of(moments, ids_of)

    def _rows_of(
        self,
        moments: Sequence[ports.Moment],
        ids_of: Mapping[ports.Moment, list[str]],
    ) -> list[list[ports.StoredInteraction]]:
        """Each moment's turns, read once each (the windows of a conversation's
        consecutive messages overlap); a row deleted since its id was read is gone."""
        rows: dict[str, ports.StoredInteraction] = {}
        for chunk_ids in chunks(self._c, sorted({i for ids in ids_of.values() for i in ids})):
            found = self._c.execute(*_INTERACTIONS.bind(self._c, chunk_ids))
            rows.update((r.id, _interaction_from_row(r)) for r in found)
        return [[rows[i] for i in ids_of[m] if i in rows] for m in moments]

    def ids_in_conversation(self, conversation_id: str) -> list[str]:
        t = s.interactions
        rows = self._c.execute(
            select(t.c.id).where(t.c.conversation_id == conversation_id).order_by(t.c.at, t.c.id)
        )
        return [r.id for r in rows]

    def delete(self, interaction_id: str) -> bool:
        result = self._c.execute(
            delete(s.interactions).where(s.interactions.c.id == interaction_id)
        )
        return result.rowcount > 0


class SqlContent(_Repo, ports.ContentRepository):
    def add(self, item: ContentItem) -> None:
        self._c.execute(
            insert(s.content_items).values(
                id=item.id,
                kind=item.kind,
                title=item.title,
                body=None,
                author=item.author,
                app=item.app,
                categories=list(item.categories),
                created_at=item.created_at,
            )
        )

    def get(self, item_id: str) -> ContentItem | None:
        r = self._c.execute(select(s.content_items).where(s.content_items.c.id == item_id)).first()
        if r is None:
            return None
        return ContentItem(
            r.id, r.kind, r.title, tuple(r.categories), r.author, r.app, r.created_at
        )


class SqlEngagements(_Repo, ports.EngagementRepository):
    def add(self, engagement: Engagement) -> None:
        self._c.execute(
            insert(s.engagements).values(
                id=engagement.id,
                account_id=engagement.account_id,
                kind=engagement.kind.value,
                item_id=engagement.item_id,
                at=engagement.at,
            )
        )

    def get(self, engagement_id: str) -> Engagement | None:
        r = self._c.execute(
            select(s.engagements).where(s.engagements.c.id == engagement_id)
        ).first()
        if r is None:
            return None
        return Engagement(r.id, r.account_id, EngagementKind(r.kind), r.item_id, r.at)

    def delete(self, engagement_id: str) -> bool:
        result = self._c.execute(delete(s.engagements).where(s.engagements.c.id == engagement_id))
        return result.rowcount > 0


class SqlDecisions(_Repo, ports.DecisionRepository):
    def add_many(
        self,
        source_kind: SourceKind,
        source_id: str,
        account_id: str,
        decisions: Sequence[RuleDecision],
        at: datetime,
    ) -> None:
        if not decisions:
            return
        self._c.execute(
            insert(s.decisions),
            [
                {
                    "source_kind": source_kind.value,
                    "source_id": source_id,
                    "account_id": account_id,
                    "purpose": d.purpose.value,
                    "rule": d.rule.value,
                    "reason": d.reason,
                    "at": at,
                }
                for d in decisions
            ],
        )

    def delete_for_source(self, source_kind: SourceKind, source_id: str) -> int:
        t = s.decisions
        result = self._c.execute(
            delete(t).where(and_(t.c.source_kind == source_kind.value, t.c.source_id == source_id))
        )
        return int(result.rowcount)

    def replace_for_sources(
        self,
        source_kind: SourceKind,
        account_of: Mapping[str, str],
        decisions: Mapping[str, Sequence[RuleDecision]],
        at: datetime,
    ) -> None:
        t = s.decisions
        for chunk in chunks(self._c, list(account_of)):
            self._c.execute(
                delete(t).where(
                    and_(
                        t.c.source_kind == source_kind.value, one_of(self._c, t.c.source_id, chunk)
                    )
                )
            )
        rows = [
            {
                "source_kind": source_kind.value,
                "source_id": source_id,
                "account_id": account_of[source_id],
                "purpose": d.purpose.value,
                "rule": d.rule.value,
                "reason": d.reason,
                "at": at,
            }
            for source_id, made in decisions.items()
            for d in made
        ]
        if rows:
            self._c.execute(insert(t), rows)

    def count_by_rule(self) -> Mapping[str, int]:
        t = s.decisions
        rows = self._c.execute(select(t.c.rule, func.count()).group_by(t.c.rule).order_by(t.c.rule))
        return {r[0]: int(r[1]) for r in rows}

    def recent(self, limit: int) -> list[ports.JSONDict]:
        t = s.decisions
        rows = self._c.execute(select(t).order_by(t.c.id.desc()).limit(limit))
        return [
            {
                "source_kind": r.source_kind,
                "source_id": r.source_id,
                "account": r.account_id,
                "purpose": r.purpose,
                "rule": r.rule,
                "reason": r.reason,
                "at": iso_z(r.at),
            }
            for r in rows
        ]


class SqlProfileChanges(_Repo, ports.ProfileChangeRepository):
    def record(self, account_keys: Collection[str], at: datetime) -> None:
        if account_keys:
            self._c.execute(
                insert(s.profile_changes),
                [{"account_key": key, "at": at} for key in sorted(account_keys)],
            )

    def latest(self) -> int:
        return int(self._c.execute(select(func.max(s.profile_changes.c.seq))).scalar() or 0)

    def after(self, seq: int, limit: int, also: Collection[int] = ()) -> list[tuple[int, str]]:
        t = s.profile_changes
        wanted = t.c.seq > seq
        if also:
            wanted = or_(wanted, one_of(self._c, t.c.seq, sorted(also)))
        rows = self._c.execute(
            select(t.c.seq, t.c.account_key).where(wanted).order_by(t.c.seq).limit(limit)
        )
        return [(int(r.seq), str(r.account_key)) for r in rows]

    def prune(self, before: datetime) -> int:
        t = s.profile_changes
        return int(self._c.execute(delete(t).where(t.c.at < before)).rowcount)

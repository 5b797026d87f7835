"""SQL repositories: one class per port, all sharing the unit of work's connection."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from chatsignals.adapters.db import schema as s
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
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.services import ports


class _Repo:
    def __init__(self, conn: Connection) -> None:
        self._c = conn


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
        rows = self._c.execute(select(s.accounts).where(s.accounts.c.id.in_(list(account_ids))))
        return {r.id: Account(r.id, r.app, r.country, r.birth_date, r.created_at) for r in rows}


class SqlCenters(_Repo, ports.CenterRepository):
    def link(self, center_id: str, account_id: str, at: datetime) -> None:
        self._c.execute(
            insert(s.center_links).values(account_id=account_id, center_id=center_id, linked_at=at)
        )

    def unlink(self, account_id: str) -> None:
        self._c.execute(delete(s.center_links).where(s.center_links.c.account_id == account_id))

    def center_of(self, account_id: str) -> str | None:
        row = self._c.execute(
            select(s.center_links.c.center_id).where(s.center_links.c.account_id == account_id)
        ).first()
        return None if row is None else str(row.center_id)

    def members(self, center_id: str) -> tuple[str, ...]:
        rows = self._c.execute(
            select(s.center_links.c.account_id)
            .where(s.center_links.c.center_id == center_id)
            .order_by(s.center_links.c.account_id)
        )
        return tuple(r.account_id for r in rows)


class SqlNotices(_Repo, ports.NoticeRepository):
    def add(self, account_id: str, delivered_at: datetime) -> None:
        self._c.execute(
            insert(s.notice_deliveries).values(account_id=account_id, delivered_at=delivered_at)
        )

    def first_delivery(self, account_id: str) -> datetime | None:
        t = s.notice_deliveries
        row = self._c.execute(
            select(t.c.delivered_at)
            .where(t.c.account_id == account_id)
            .order_by(t.c.delivered_at)
            .limit(1)
        ).first()
        return None if row is None else row.delivered_at


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
        t = s.consents
        rows = self._c.execute(
            select(t.c.purpose, t.c.granted)
            .where(and_(t.c.account_id == account_id, t.c.at <= at))
            .order_by(t.c.at, t.c.id)
        )
        state: dict[Purpose, bool] = {}
        for r in rows:
            state[Purpose(r.purpose)] = bool(r.granted)
        return state


class SqlHiddenTopics(_Repo, ports.HiddenTopicRepository):
    def add(self, account_id: str, purpose: Purpose, topic: str, at: datetime) -> None:
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
        t = s.hidden_topics
        result = self._c.execute(
            delete(t).where(
                and_(t.c.account_id == account_id, t.c.purpose == purpose.value, t.c.topic == topic)
            )
        )
        return result.rowcount > 0

    def for_accounts(self, account_ids: Sequence[str]) -> dict[Purpose, frozenset[str]]:
        t = s.hidden_topics
        rows = self._c.execute(
            select(t.c.purpose, t.c.topic).where(t.c.account_id.in_(list(account_ids)))
        )
        out: dict[Purpose, set[str]] = {p: set() for p in PURPOSES}
        for r in rows:
            out[Purpose(r.purpose)].add(r.topic)
        return {p: frozenset(v) for p, v in out.items()}


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


class SqlInteractions(_Repo, ports.InteractionRepository):
    def add(
        self, interaction: Interaction, text_sealed: bytes | None, received_at: datetime
    ) -> None:
        self._c.execute(
            insert(s.interactions).values(
                id=interaction.id,
                account_id=interaction.account_id,
                app=interaction.app,
                conversation_id=interaction.conversation_id,
                role=interaction.role.value,
                modality=interaction.modality.value,
                encrypted=interaction.encrypted,
                at=interaction.at,
                received_at=received_at,
                text_sealed=text_sealed,
                status="pending",
                result=None,
            )
        )

    def get(self, interaction_id: str) -> ports.StoredInteraction | None:
        row = self._c.execute(
            select(s.interactions).where(s.interactions.c.id == interaction_id)
        ).first()
        return None if row is None else _interaction_from_row(row)

    def set_result(self, interaction_id: str, status: str, result: ports.JSONDict) -> None:
        self._c.execute(
            update(s.interactions)
            .where(s.interactions.c.id == interaction_id)
            .values(status=status, result=result)
        )

    def preceding(
        self, conversation_id: str, before: datetime, limit: int
    ) -> list[ports.StoredInteraction]:
        t = s.interactions
        rows = self._c.execute(
            select(t)
            .where(and_(t.c.conversation_id == conversation_id, t.c.at < before))
            .order_by(t.c.at.desc(), t.c.id.desc())
            .limit(limit)
        ).all()
        return [_interaction_from_row(r) for r in reversed(rows)]

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


class SqlSignals(_Repo, ports.SignalRepository):
    def add_many(self, signals: Sequence[Signal]) -> None:
        if not signals:
            return
        self._c.execute(
            insert(s.signals),
            [
                {
                    "account_id": sig.account_id,
                    "purpose": sig.purpose.value,
                    "topic": sig.topic,
                    "score": sig.score,
                    "source_kind": sig.source_kind.value,
                    "source_id": sig.source_id,
                    "at": sig.at,
                }
                for sig in signals
            ],
        )

    def for_accounts(
        self, account_ids: Sequence[str], purpose: Purpose | None = None
    ) -> list[Signal]:
        t = s.signals
        query = select(t).where(t.c.account_id.in_(list(account_ids)))
        if purpose is not None:
            query = query.where(t.c.purpose == purpose.value)
        rows = self._c.execute(query.order_by(t.c.id))
        return [
            Signal(
                r.account_id,
                Purpose(r.purpose),
                r.topic,
                r.score,
                SourceKind(r.source_kind),
                r.source_id,
                r.at,
            )
            for r in rows
        ]

    def replace_for_sources(
        self, source_kind: SourceKind, account_of: Mapping[str, str], signals: Sequence[Signal]
    ) -> None:
        t = s.signals
        ids = list(account_of)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            self._c.execute(
                delete(t).where(
                    and_(t.c.source_kind == source_kind.value, t.c.source_id.in_(chunk))
                )
            )
        self.add_many(signals)

    def delete_for_source(self, source_kind: SourceKind, source_id: str) -> int:
        t = s.signals
        result = self._c.execute(
            delete(t).where(and_(t.c.source_kind == source_kind.value, t.c.source_id == source_id))
        )
        return int(result.rowcount)

    def delete_for_account(
        self, account_id: str, purpose: Purpose, source_kind: SourceKind | None = None
    ) -> int:
        t = s.signals
        cond = and_(t.c.account_id == account_id, t.c.purpose == purpose.value)
        if source_kind is not None:
            cond = and_(cond, t.c.source_kind == source_kind.value)
        return int(self._c.execute(delete(t).where(cond)).rowcount)


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

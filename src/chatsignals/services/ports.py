"""What the services need from the outside world, as narrow abstract interfaces.

Repositories never commit: the :class:`UnitOfWork` is the transaction boundary, and
only services open one. Adapters implement these; tests run one contract suite
(``tests/contract``) against every implementation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from chatsignals.domain.accounts import Account, ConsentRecord, Purpose
from chatsignals.domain.interactions import ContentItem, Engagement, Interaction
from chatsignals.domain.policy import RuleDecision
from chatsignals.domain.profile import Signal, SourceKind
from chatsignals.services.delivery_ports import (
    AdvertiserRepository,
    CampaignRepository,
    CtrModelRepository,
    FeedRepository,
    ImpressionRepository,
    SpendRepository,
)
from chatsignals.services.queue_ports import BackfillRepository, QueueRepository
from chatsignals.services.security_ports import (
    ApiKeyRepository,
    AuditLogRepository,
    DataKeyRepository,
    PersonalDataRepository,
    WrappedKey,
)

JSONDict = dict[str, Any]  # a JSON object, as json.loads gives it
Moment = tuple[str, str, datetime]  # account id, conversation id, before


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime:
        """The current instant, timezone-aware."""


class MessageCipher(ABC):
    """Seals message text for storage under the account's data key.

    ``keys`` is the unit of work's data-key repository, so a new key is created in the
    same transaction as the text it seals.
    """

    @abstractmethod
    def seal(self, keys: DataKeyRepository, account_id: str, text: str) -> bytes: ...

    @abstractmethod
    def open(self, keys: DataKeyRepository, account_id: str, sealed: bytes) -> str: ...

    def rewrap(self, wrapped: WrappedKey) -> WrappedKey | None:
        """The data key wrapped by the current master key; None when it already is."""
        return None


@dataclass(frozen=True, slots=True)
class StoredInteraction:
    interaction: Interaction  # text is "" when not stored (E2EE) or purged
    status: str  # pending | processed
    result: JSONDict | None
    received_at: datetime
    text_sealed: bytes | None


class AccountRepository(ABC):
    @abstractmethod
    def add(self, account: Account) -> None: ...

    @abstractmethod
    def get(self, account_id: str) -> Account | None: ...

    @abstractmethod
    def get_many(self, account_ids: Sequence[str]) -> dict[str, Account]: ...


class CenterRepository(ABC):
    @abstractmethod
    def link(self, center_id: str, account_id: str, at: datetime) -> None: ...

    @abstractmethod
    def unlink(self, account_id: str) -> None: ...

    @abstractmethod
    def center_of(self, account_id: str) -> str | None: ...

    @abstractmethod
    def members(self, center_id: str) -> tuple[str, ...]:
        """Account ids linked in the center, sorted."""

    @abstractmethod
    def centers_of(self, account_ids: Sequence[str]) -> dict[str, str]:
        """Account id -> its center, for those of the accounts that are linked."""

    @abstractmethod
    def members_many(self, center_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
        """``members`` of each center that has any, in one go."""


class NoticeRepository(ABC):
    @abstractmethod
    def add(self, account_id: str, delivered_at: datetime) -> None: ...

    @abstractmethod
    def first_delivery(self, account_id: str) -> datetime | None: ...

    @abstractmethod
    def first_deliveries(self, account_ids: Sequence[str]) -> dict[str, datetime]:
        """``first_delivery`` of each account that has one, in one go."""


class ConsentRepository(ABC):
    @abstractmethod
    def add(self, record: ConsentRecord) -> None: ...

    @abstractmethod
    def state_at(self, account_id: str, at: datetime) -> dict[Purpose, bool]:
        """For each purpose with a record at or before ``at``, the latest choice."""

    @abstractmethod
    def state_at_many(self, moments: Sequence[tuple[str, datetime]]) -> list[dict[Purpose, bool]]:
        """``state_at`` for each (account id, instant), in the order given, in one go."""


class HiddenTopicRepository(ABC):
    @abstractmethod
    def add(self, account_id: str, purpose: Purpose, topic: str, at: datetime) -> None: ...

    @abstractmethod
    def remove(self, account_id: str, purpose: Purpose, topic: str) -> bool: ...

    @abstractmethod
    def for_accounts(self, account_ids: Sequence[str]) -> dict[Purpose, frozenset[str]]: ...

    @abstractmethod
    def per_account(self, account_ids: Sequence[str]) -> dict[str, dict[Purpose, frozenset[str]]]:
        """Each of the accounts' own hidden topics (every purpose present), in one go."""


class InteractionRepository(ABC):
    @abstractmethod
    def add(
        self, interaction: Interaction, text_sealed: bytes | None, received_at: datetime
    ) -> None:
        """Store a new interaction with status ``pending``."""

    @abstractmethod
    def get(self, interaction_id: str) -> StoredInteraction | None: ...

    @abstractmethod
    def add_many(self, stored: Sequence[tuple[Interaction, bytes | None, datetime]]) -> None:
        """``add`` for each (interaction, sealed text, received at), in one go."""

    @abstractmethod
    def set_result(self, interaction_id: str, status: str, result: JSONDict) -> None: ...

    @abstractmethod
    def set_results(self, status: str, results: Mapping[str, JSONDict]) -> None:
        """``set_result`` for each interaction id -> result, in one go."""

    @abstractmethod
    def preceding(
        self, account_id: str, conversation_id: str, before: datetime, limit: int
    ) -> list[StoredInteraction]:
        """The last ``limit`` interactions of the account's conversation strictly before
        ``before``, oldest first. Another account's turns under the same conversation id
        are never among them."""

    @abstractmethod
    def preceding_many(
        self, moments: Sequence[Moment], limit: int
    ) -> list[list[StoredInteraction]]:
        """``preceding`` for each (account id, conversation id, before), in the order given,
        in one go."""

    @abstractmethod
    def context_many(self, moments: Sequence[Moment], limit: int) -> list[list[StoredInteraction]]:
        """For each (account id, conversation id, before), in the order given: of what ``preceding``
        would return, only the turns after the last of the person's own (the assistant
        turns that led up to a message), oldest first. The others are not read."""

    @abstractmethod
    def ids_in_conversation(self, conversation_id: str) -> list[str]: ...

    @abstractmethod
    def delete(self, interaction_id: str) -> bool: ...


class ContentRepository(ABC):
    @abstractmethod
    def add(self, item: ContentItem) -> None: ...

    @abstractmethod
    def get(self, item_id: str) -> ContentItem | None: ...


class EngagementRepository(ABC):
    @abstractmethod
    def add(self, engagement: Engagement) -> None: ...

    @abstractmethod
    def get(self, engagement_id: str) -> Engagement | None: ...

    @abstractmethod
    def delete(self, engagement_id: str) -> bool: ...


class SignalRepository(ABC):
    """Signals with their provenance; a (source, purpose, topic) is stored at most once."""

    @abstractmethod
    def add_many(self, signals: Sequence[Signal]) -> None:
        """Store ``signals``; one with the source, purpose and topic of a stored one
        replaces it."""

    @abstractmethod
    def for_accounts(
        self, account_ids: Sequence[str], purpose: Purpose | None = None
    ) -> list[Signal]:
        """The accounts' signals (of ``purpose``), by account id, then instant and source."""

    @abstractmethod
    def replace_for_sources(
        self, source_kind: SourceKind, account_of: Mapping[str, str], signals: Sequence[Signal]
    ) -> list[Signal]:
        """Replace the stored signals of every source in ``account_of`` (source id ->
        its account) with ``signals`` (each from one of those sources), in one go;
        returns the signals those sources held before."""

    @abstractmethod
    def delete_for_source(self, source_kind: SourceKind, source_id: str, account_id: str) -> int:
        """Delete the signals of one source of ``account_id``; returns how many went."""

    @abstractmethod
    def delete_for_account(
        self, account_id: str, purpose: Purpose, source_kind: SourceKind | None = None
    ) -> int: ...


class DecisionRepository(ABC):
    @abstractmethod
    def add_many(
        self,
        source_kind: SourceKind,
        source_id: str,
        account_id: str,
        decisions: Sequence[RuleDecision],
        at: datetime,
    ) -> None: ...

    @abstractmethod
    def delete_for_source(self, source_kind: SourceKind, source_id: str) -> int: ...

    @abstractmethod
    def replace_for_sources(
        self,
        source_kind: SourceKind,
        account_of: Mapping[str, str],
        decisions: Mapping[str, Sequence[RuleDecision]],
        at: datetime,
    ) -> None:
        """Replace the stored decisions of every source in ``account_of`` (source id -> its
        account) with ``decisions`` (source id -> its decisions; a source left out gets
        none), in one go."""

    @abstractmethod
    def count_by_rule(self) -> Mapping[str, int]: ...

    @abstractmethod
    def recent(self, limit: int) -> list[JSONDict]: ...


class ProfileChangeRepository(ABC):
    """The feed of accounts whose profile inputs changed, newest last. The unit of work
    writes it at commit; serving processes read it to drop what they cached."""

    @abstractmethod
    def record(self, account_keys: Collection[str], at: datetime) -> None: ...

    @abstractmethod
    def latest(self) -> int:
        """The newest entry's sequence number (0: none)."""

    @abstractmethod
    def after(self, seq: int, limit: int, also: Collection[int] = ()) -> list[tuple[int, str]]:
        """Entries with a sequence number above ``seq`` or in ``also``, oldest first:
        (seq, account key)."""

    @abstractmethod
    def prune(self, before: datetime) -> int: ...


class UnitOfWork(ABC):
    """One transaction over every repository. Leaving without ``commit()`` rolls back."""

    accounts: AccountRepository
    centers: CenterRepository
    notices: NoticeRepository
    consents: ConsentRepository
    hidden_topics: HiddenTopicRepository
    interactions: InteractionRepository
    content: ContentRepository
    engagements: EngagementRepository
    signals: SignalRepository
    decisions: DecisionRepository
    queue: QueueRepository
    backfills: BackfillRepository
    api_keys: ApiKeyRepository
    data_keys: DataKeyRepository
    audit: AuditLogRepository
    personal_data: PersonalDataRepository
    advertisers: AdvertiserRepository
    campaigns: CampaignRepository
    spend: SpendRepository
    impressions: ImpressionRepository
    ctr_models: CtrModelRepository
    feed: FeedRepository
    profile_changes: ProfileChangeRepository

    # Set before entering: ``read_only`` for a transaction that only reads (on SQLite it
    # does not take the write lock); ``durable = False`` for one whose commit may skip
    # the fsync (delivery logs: it survives a crash of the process, not of the OS).
    read_only: bool = False
    durable: bool = True
    # ``one_statement`` with ``read_only``: it runs a single statement, which needs no
    # transaction of its own around it (on PostgreSQL it then runs in autocommit: two
    # round trips fewer, BEGIN and COMMIT; a statement sees one snapshot either way).
    one_statement: bool = False
    # time.monotonic() as this transaction began (a cached profile read in it is not kept
    # if its accounts changed since); None: do not cache what it reads.
    read_started: float | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    @abstractmethod
    def commit(self) -> None: ...

    @abstractmethod
    def rollback(self) -> None: ...

"""The dependencies every service takes, bundled once by the bootstrap."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from chatsignals.domain.policy import PolicyPreset
from chatsignals.domain.profile import DEFAULT_HALF_LIFE_DAYS
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor
from chatsignals.services.ad_runtime import AdRuntime
from chatsignals.services.delivery_log import DeliveryLog
from chatsignals.services.ports import Clock, MessageCipher, UnitOfWork
from chatsignals.services.read_cache import ReadCaches
from chatsignals.services.security_context import SecurityContext


@dataclass(frozen=True)
class ServiceContext:
    uow: Callable[[], UnitOfWork]
    clock: Clock
    preset: PolicyPreset
    taxonomy: Taxonomy
    extractor: Extractor
    cipher: MessageCipher
    half_life_days: float = DEFAULT_HALF_LIFE_DAYS
    context_turns: int = 6  # assistant turns read as context before a person's message
    ingest_mode: str = "inline"  # inline | queue
    security: SecurityContext = field(default_factory=SecurityContext.ephemeral)
    ads: AdRuntime = field(default_factory=AdRuntime)  # index, CTR model, spend ledger
    caches: ReadCaches = field(default_factory=ReadCaches)  # API keys, profiles (short TTL)
    # impressions and spend, written behind serving (0: before answering)
    delivery: DeliveryLog = field(default_factory=lambda: DeliveryLog(interval=0))

    def reading(self) -> UnitOfWork:
        """A unit of work that only reads (no write lock on SQLite)."""
        uow = self.uow()
        uow.read_only = True
        return uow

"""The one place that reads settings and wires concrete adapters into the services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial

from sqlalchemy import Engine

from chatsignals.adapters.crypto.envelope import EnvelopeCipher
from chatsignals.adapters.crypto.keyring import KeyRing, load_keyring
from chatsignals.adapters.db.engine import in_memory_url, make_engine
from chatsignals.adapters.db.migrate import upgrade
from chatsignals.adapters.db.unit_of_work import SqlUnitOfWork
from chatsignals.adapters.plaintext_cipher import PlaintextCipher
from chatsignals.assistant.base import Assistant
from chatsignals.assistant.registry import create_assistant
from chatsignals.domain.policy import get_preset
from chatsignals.domain.taxonomy import load_taxonomy
from chatsignals.extraction.base import Extractor
from chatsignals.extraction.registry import create_extractor
from chatsignals.services.ad_runtime import AdRuntime, AdsConfig, parse_auction_kind
from chatsignals.services.ads import learn_from_written, write_model_if_due
from chatsignals.services.batch_engine import BatchEngine, LocalEngine
from chatsignals.services.clock import ManualClock, SystemClock
from chatsignals.services.context import ServiceContext
from chatsignals.services.delivery_log import DeliveryLog
from chatsignals.services.ports import Clock, MessageCipher
from chatsignals.services.read_cache import ReadCaches
from chatsignals.services.security_context import SecurityContext
from chatsignals.services.simulator import Simulator
from chatsignals.settings import Settings


@dataclass
class Container:
    """Everything an entry point needs, built once."""

    settings: Settings
    engine: Engine
    ctx: ServiceContext

    @property
    def in_memory(self) -> bool:
        return in_memory_url(self.settings.effective_database_url)

    def close(self) -> None:
        self.ctx.caches.stop_watching()
        self.ctx.delivery.close()  # what serving recorded reaches the store first
        self.engine.dispose()


def build_extractor(settings: Settings) -> Extractor:
    """The configured extraction backend. Model-backed ones are loaded once per process."""
    if settings.extractor == "llm":
        return create_extractor(
            "llm",
            load_taxonomy(),
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=settings.llm_api_key,
        )
    return _shared_extractor(settings.extractor)


@lru_cache(maxsize=4)
def _shared_extractor(name: str) -> Extractor:
    # Loading a model costs seconds; one instance (and its cache) serves the process.
    return create_extractor(name, load_taxonomy())


def build_assistant(settings: Settings) -> Assistant:
    """The backend that answers chats: offline by default, or an OpenAI-compatible API."""
    return create_assistant(
        settings.assistant_backend,
        base_url=settings.assistant_base_url,
        model=settings.assistant_model,
        api_key=settings.assistant_api_key,
    )


def build_ad_runtime(settings: Settings) -> AdRuntime:
    """The in-process ad index, CTR model and spend ledger, configured by the settings."""
    return AdRuntime(
        AdsConfig(
            auction=parse_auction_kind(settings.ads_auction),
            reserve_cpm=settings.ads_reserve_cpm,
            refresh_seconds=settings.ads_refresh_seconds,
            model_save_every=settings.ads_model_save_every,
            report_min_people=settings.report_min_people,
            report_noise_epsilon=settings.report_noise_epsilon,
        )
    )


def build_security(
    settings: Settings, clock: Clock, *, in_memory: bool
) -> tuple[MessageCipher, SecurityContext, KeyRing]:
    """The cipher (envelope encryption unless explicitly turned off) and the derived secrets."""
    ring = load_keyring(settings, ephemeral=in_memory)
    cipher: MessageCipher = (
        PlaintextCipher() if settings.encryption == "none" else EnvelopeCipher(ring, clock)
    )
    security = SecurityContext(
        token_key=ring.current.derive("chatsignals/person-tokens"),
        pseudonym_key=ring.current.derive("chatsignals/audit-pseudonyms"),
        retention_days=settings.retention_days,
    )
    return cipher, security, ring


def bootstrap(
    settings: Settings,
    *,
    clock: Clock | None = None,
    extractor: Extractor | None = None,
    migrate: bool = True,
) -> Container:
    """Wire the store, the policy preset, the extractor and the clock."""
    url = settings.effective_database_url
    if url.startswith("sqlite:///") and not in_memory_url(url):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    clock = clock or SystemClock()
    in_memory = in_memory_url(url)
    cipher, security, _ = build_security(settings, clock, in_memory=in_memory)
    ctx = ServiceContext(
        # the profile change feed names accounts by the deployment's keyed pseudonym
        uow=lambda: SqlUnitOfWork(engine, change_key=security.pseudonym),
        clock=clock,
        preset=get_preset(settings.policy),
        taxonomy=load_taxonomy(),
        extractor=extractor or build_extractor(settings),
        cipher=cipher,
        half_life_days=settings.half_life_days,
        ingest_mode=settings.ingest_mode,
        security=security,
        ads=build_ad_runtime(settings),
        # an in-memory store has one connection: no second thread may write to it
        delivery=DeliveryLog(interval=0 if in_memory else settings.ads_write_behind_ms / 1000),
        # nor read from it: keys are then read again when they expire, by a request
        caches=ReadCaches(refresh_ahead=not in_memory),
    )
    # what the CTR model learns is saved by the delivery log's writer, off the request path
    ctx.delivery.learn_with(partial(learn_from_written, ctx))  # from what it writes
    ctx.delivery.also_write(ctx.ads.model_save_due, partial(write_model_if_due, ctx))
    return Container(settings, engine, ctx)


def build_simulator(settings: Settings, extractor: Extractor | None = None) -> Simulator:
    """A simulator whose every run gets a fresh in-memory store and a manual clock."""
    shared_extractor = extractor or build_extractor(settings)

    def make_context(
        policy: str, start: datetime
    ) -> tuple[ServiceContext, Callable[[datetime], None]]:
        clock = ManualClock(start)
        run_settings = settings.with_overrides(
            database_url="sqlite://", policy=policy, ingest_mode="inline"
        )
        container = bootstrap(run_settings, clock=clock, extractor=shared_extractor)
        return container.ctx, clock.set

    return Simulator(make_context)


def build_batch_engine(
    name: str, ctx: ServiceContext, settings: Settings, *, workers: int, address: str | None
) -> BatchEngine:
    """The backfill engine called ``name``: ``local`` (this process) or ``ray``."""
    if name == "local":
        return LocalEngine(ctx)
    if name == "ray":
        from chatsignals.adapters.batch.ray_engine import RayEngine

        return RayEngine(settings, workers=workers, address=address)
    raise ValueError(f"unknown batch engine {name!r} (known: local, ray)")

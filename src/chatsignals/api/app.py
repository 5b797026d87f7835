"""The application factory: no app object exists until an entry point asks for one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from chatsignals.api.ad_batch import AdDecisions
from chatsignals.api.errors import BodySizeLimit, install_error_handlers
from chatsignals.api.rate_limit import RateLimiter
from chatsignals.api.routes import (
    accounts,
    advertisers,
    assistant,
    audit_log,
    centers,
    delivery,
    engagements,
    interactions,
    keys,
    me,
    me_activity,
    policy,
)
from chatsignals.api.store_threads import StoreThreads, store_threads_for
from chatsignals.api.telemetry import install_telemetry
from chatsignals.api.timeouts import RequestTimeout
from chatsignals.bootstrap import Container
from chatsignals.services.ports import JSONDict
from chatsignals.web import mount_web


def _operation_id(route: APIRoute) -> str:
    return route.name


def _on_shutdown(container: Container) -> None:
    """What serving kept in memory reaches the store: impressions and spend still
    waiting, and what the CTR model learned since it was last saved."""
    from chatsignals.services.ads import save_model_if_due

    container.ctx.caches.stop_watching()
    container.ctx.delivery.close()
    save_model_if_due(container.ctx, force=True)


def create_app(container: Container) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await run_in_threadpool(_on_shutdown, container)

    app = FastAPI(
        lifespan=lifespan,
        title="chatsignals",
        version="0.1.0",
        description=(
            "Assistant conversations in; privacy-checked IAB Content Taxonomy 3.1 interests out. "
            "Every decision names its rule."
        ),
        generate_unique_id_function=_operation_id,
    )
    app.state.container = container
    app.state.store_threads = StoreThreads(store_threads_for(container))
    app.state.ad_decisions = AdDecisions(container.ctx, app.state.store_threads)
    if not container.in_memory:  # other processes may change profiles: follow their changes
        ctx = container.ctx
        ctx.caches.watch(ctx.uow, ctx.security.pseudonym)
    settings = container.settings
    app.state.rate_limiter = RateLimiter(settings.rate_limit_rps, settings.rate_limit_burst)
    install_error_handlers(app)

    @app.get("/healthz", tags=["health"])
    def healthz() -> JSONDict:
        return {"status": "ok", "policy": container.ctx.preset.name}

    # Routes are matched in order, and every router passed costs each request a scan of
    # its routes: the ads and feed requests, by far the most frequent, go first.
    app.include_router(delivery.router)
    for module in (accounts, centers, interactions, engagements, policy):
        app.include_router(module.router)
    for module in (keys, me, audit_log):  # security: keys, person tokens, /v1/me, audit
        app.include_router(module.router)
    for module in (assistant, me_activity):  # the assistant chat, the activity pages
        app.include_router(module.router)
    app.include_router(advertisers.onboarding)  # ads: advertisers, campaigns, reports
    app.include_router(advertisers.router)  # campaigns, reports
    mount_web(app)
    app.add_middleware(RequestTimeout, seconds=settings.request_timeout_s)
    app.add_middleware(BodySizeLimit)
    install_telemetry(app, container)  # outermost: times and logs every request
    return app

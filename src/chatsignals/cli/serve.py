"""``chatsignals serve``: the HTTP API with uvicorn."""

from __future__ import annotations

import click

from chatsignals.cli.options import settings_from
from chatsignals.settings import Settings


@click.command()
@click.option("--host", default=None, help="Interface to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option("--database-url", default=None, help="sqlite:///path or postgresql+psycopg://…")
@click.option("--policy", default=None, help="Policy preset: meta-2025 (default) or consent.")
@click.option("--extractor", default=None, help="Extraction backend.")
@click.option("--workers", type=int, default=1, show_default=True, help="Worker processes.")
@click.option(
    "--web-demo",
    is_flag=True,
    default=None,
    help="Demo mode: the web app at / gets API keys (only when opened on this machine).",
)
@click.option(
    "--access-log/--no-access-log",
    default=None,
    help="One JSON line per request on standard error (default: on).",
)
def command(
    host: str | None,
    port: int | None,
    database_url: str | None,
    policy: str | None,
    extractor: str | None,
    workers: int,
    web_demo: bool | None,
    access_log: bool | None,
) -> None:
    """Serve the API (OpenAPI document at /openapi.json, health at /healthz)."""
    import uvicorn

    settings = settings_from(
        host=host,
        port=port,
        database_url=database_url,
        policy=policy,
        extractor=extractor,
        web_demo=web_demo or None,
        access_log=access_log,
    )
    from chatsignals.adapters.db.engine import make_engine
    from chatsignals.adapters.db.migrate import upgrade

    if settings.effective_database_url.startswith("sqlite:///"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)  # once, before workers start
    engine.dispose()
    _prepare_security(settings)
    _export(settings)
    click.echo(
        f"chatsignals serving the API and the web app on http://{settings.host}:{settings.port}/ "
        f"(policy {settings.policy}, store {engine.url.render_as_string(hide_password=True)})",
        err=True,
    )
    from chatsignals.api.http_protocol import NoDelayHttpToolsProtocol

    uvicorn.run(
        "chatsignals.api.asgi:app",
        factory=True,
        http=NoDelayHttpToolsProtocol,
        loop="auto",  # uvloop where installed (not on Windows), else asyncio
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="warning",
    )


def _prepare_security(settings: Settings) -> None:
    """Before workers start: create the master key file once (when none is configured)
    and note a change of policy preset in the audit log."""
    from chatsignals.bootstrap import bootstrap, build_extractor
    from chatsignals.services.audit import record_policy_if_changed

    light = build_extractor(settings.with_overrides(extractor="keyword"))
    container = bootstrap(settings, migrate=False, extractor=light)
    try:
        record_policy_if_changed(container.ctx, actor="serve")
    finally:
        container.close()


def _export(settings: object) -> None:
    """Hand the resolved settings to worker processes through the environment."""
    import os
    from dataclasses import fields

    for f in fields(settings):  # type: ignore[arg-type]
        os.environ["CHATSIGNALS_" + f.name.upper()] = str(getattr(settings, f.name))

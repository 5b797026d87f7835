"""ASGI entry for uvicorn (``chatsignals.api.asgi:app`` with ``factory=True``)."""

from __future__ import annotations

from fastapi import FastAPI

from chatsignals.api.app import create_app
from chatsignals.bootstrap import bootstrap
from chatsignals.gc_pauses import GcPauses
from chatsignals.observability.logs import configure_json_logging
from chatsignals.settings import Settings


def app() -> FastAPI:
    """Build the app from the environment's settings (the schema is already migrated),
    with JSON logs on standard error and the serving process's garbage-collector pauses
    kept short (gc_pauses.py)."""
    settings = Settings.from_env()
    configure_json_logging(access=settings.access_log)
    built = create_app(bootstrap(settings, migrate=False))
    built.state.gc_pauses = pauses = GcPauses()
    pauses.start()
    return built

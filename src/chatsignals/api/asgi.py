"""ASGI entry for uvicorn (``chatsignals.api.asgi:app`` with ``factory=True``)."""

from __future__ import annotations

from fastapi import FastAPI

from chatsignals.api.app import create_app
from chatsignals.bootstrap import bootstrap
from chatsignals.settings import Settings


def app() -> FastAPI:
    """Build the app from the environment's settings (the schema is already migrated)."""
    return create_app(bootstrap(Settings.from_env(), migrate=False))

"""The browser app: static files at ``/`` and ``/static``, plus two small JSON routes
under ``/web`` that the page reads first (its configuration and the demo people).

The app itself is plain HTML, CSS and JavaScript modules with no outside assets, so it
works offline; it talks to the same ``/v1`` API as every other client.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from chatsignals.web.routes import router

STATIC_DIR = Path(__file__).parent / "static"
_NO_CACHE = {"Cache-Control": "no-cache"}


class _Static(StaticFiles):
    """Static files that browsers revalidate, so a new version is never hidden by a cache."""

    async def get_response(self, path: str, scope: Scope):  # type: ignore[no-untyped-def]
        response = await super().get_response(path, scope)
        response.headers.update(_NO_CACHE)
        return response


def mount_web(app: FastAPI) -> None:
    """Serve the browser app from ``app`` (called by the application factory, after it
    set ``app.state.container``)."""
    app.state.web_started_at = app.state.container.ctx.clock.now()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", headers=_NO_CACHE)

    app.include_router(router)
    app.mount("/static", _Static(directory=STATIC_DIR), name="static")

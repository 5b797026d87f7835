"""One error shape for every 4xx: ``{"detail": "...", "field": "..."}``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from chatsignals.domain.errors import ValidationError
from chatsignals.services.errors import ServiceError

MAX_BODY_BYTES = 256 * 1024


def _loc(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service_error(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "field": exc.field}, status_code=exc.status)

    @app.exception_handler(ValidationError)
    async def _domain_validation_error(_: Request, exc: ValidationError) -> JSONResponse:
        return JSONResponse({"detail": exc.message, "field": exc.field}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = str(exc.detail)
        if exc.status_code == 400 and "parsing the body" in detail:
            detail = "the body could not be read: send UTF-8 encoded JSON"
        return JSONResponse(
            {"detail": detail, "field": None}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        messages = []
        for err in errors:
            where = _loc(tuple(err.get("loc", ())))
            msg = str(err.get("msg", "invalid"))
            if err.get("type") == "json_invalid":
                pos = err.get("loc", ("", "?"))[-1]
                msg = f"the body is not valid JSON (error at character {pos})"
                where = ""
            messages.append(f"{where}: {msg}" if where else msg)
        first = errors[0] if errors else {}
        if first.get("type") == "json_invalid":
            first = {}
        return JSONResponse(
            {
                "detail": "; ".join(messages) or "invalid request",
                "field": _loc(tuple(first.get("loc", ()))) or None,
                "errors": [
                    {"field": _loc(tuple(e.get("loc", ()))), "message": str(e.get("msg", ""))}
                    for e in errors
                ],
            },
            status_code=422,
        )


ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[MutableMapping[str, Any]]],
        Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ],
    Awaitable[None],
]


class BodySizeLimit:
    """Refuses request bodies over ``limit`` bytes with 413, before they reach a route."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await _too_large(send, self.limit)
                return
        received = 0

        async def limited_receive() -> MutableMapping[str, Any]:
            nonlocal received
            message: MutableMapping[str, Any] = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLarge:
            await _too_large(send, self.limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Any, limit: int) -> None:
    body = f'{{"detail": "request body over {limit} bytes", "field": null}}'.encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""A wall-clock limit per request: past it the caller gets 503 with Retry-After.

The work itself is not interrupted (a synchronous route keeps its thread), so a late
write still commits; ingest is idempotent, so the caller's retry then answers 200.
"""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from typing import Any

from chatsignals.api.errors import ASGIApp


class RequestTimeout:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or self.seconds <= 0:
            await self.app(scope, receive, send)
            return
        started = False
        timed_out = False

        async def guarded_send(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            if timed_out:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            # In the request's own task: wait_for would create and schedule a task per
            # request (one more turn of the event loop each).
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, guarded_send)
        except TimeoutError:
            timed_out = True
            if started:
                return  # the answer is already on its way; nothing sane to add
            body = (
                f'{{"detail": "the request took longer than {self.seconds:g} s; '
                f'retry (ingest is idempotent)", "field": null}}'
            ).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 503,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"retry-after", b"1"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})

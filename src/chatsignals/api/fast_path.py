"""A route's fast path: its most common request answered without FastAPI's dependency
machinery, everything else handled by the route as declared.

FastAPI resolves a route's dependencies and parameters on every request, each through
its own pass of ``solve_dependencies`` and pydantic validation. For the ads route
(authentication, its role, the service context, three query parameters) that was 185 µs
of the event loop's time per request on the bench, more than a quarter of everything
the request cost besides the decision itself.

A route built with ``route_class_override=fast_path_route(fast)`` first calls
``fast(request)``. That returns the response when the request is the common case it
knows to be valid (a caller known without the store and allowed on the route,
parameters in their plain form), or None: then the route's standard handler runs, with
its dependencies, its validation errors and its OpenAPI description, all unchanged. So
every request the fast path declines is answered exactly as before, and one it answers
is answered as the standard handler would. App-wide dependency overrides (tests) turn
the fast path off.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

FastPath = Callable[[Request], Awaitable[Response | None]]


def fast_path_route(fast: FastPath) -> type[APIRoute]:
    """An ``APIRoute`` class that tries ``fast`` before the standard handler."""

    class FastPathRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            standard = super().get_route_handler()

            async def handler(request: Request) -> Response:
                if not getattr(request.app, "dependency_overrides", None):
                    answer = await fast(request)
                    if answer is not None:
                        return answer
                return await standard(request)

            return handler

    return FastPathRoute


def plain_query(request: Request, names: frozenset[str]) -> dict[str, str] | None:
    """The query's parameters among ``names``, each given once and not empty; None when
    one is repeated or empty (the standard handler decides what that means). Others are
    ignored, as FastAPI ignores them."""
    if not request.scope["query_string"]:
        return {}
    items = [(k, v) for k, v in request.query_params.multi_items() if k in names]
    found = dict(items)
    return found if len(found) == len(items) and all(found.values()) else None

"""Dependencies shared by the routes, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from chatsignals.api.auth import (
    AdvertiserPrincipal,
    PersonPrincipal,
    PrincipalDep,
    require,
    require_advertiser,
    require_person,
)
from chatsignals.api.store_threads import StoreThreads
from chatsignals.bootstrap import Container
from chatsignals.services.context import ServiceContext


# Async, like the auth dependencies: a plain ``def`` dependency costs a trip through the
# thread pool on every request.
async def get_container(request: Request) -> Container:
    container: Container = request.app.state.container
    return container


async def get_ctx(request: Request) -> ServiceContext:
    container: Container = request.app.state.container
    return container.ctx


async def get_store_threads(request: Request) -> StoreThreads:
    threads: StoreThreads = request.app.state.store_threads
    return threads


Ctx = Annotated[ServiceContext, Depends(get_ctx)]
StoreThreadsDep = Annotated[StoreThreads, Depends(get_store_threads)]
ContainerDep = Annotated[Container, Depends(get_container)]

__all__ = [
    "AdvertiserPrincipal",
    "ContainerDep",
    "Ctx",
    "PersonPrincipal",
    "PrincipalDep",
    "StoreThreadsDep",
    "require",
    "require_advertiser",
    "require_person",
]

"""The HTTP/1.1 protocol uvicorn serves with: its httptools one (a C parser; httptools
is a dependency), plus ``TCP_NODELAY`` on every connection. ``serve`` runs it on uvloop
where installed. On the bench's store, on a 2-core machine, the two answered 30-40 %
more bare requests and 15-20 % more ad requests than uvicorn's pure-Python h11 protocol
on asyncio.

asyncio sets ``TCP_NODELAY`` only on sockets it recognises as TCP by their protocol
number. With ``--workers`` above 1 uvicorn hands each worker the listening socket by
file descriptor, whose protocol number reads 0, so accepted connections kept Nagle's
algorithm: on a keep-alive connection every response then waited for the client's
delayed ACK, about 40 ms each, whatever the work. Setting the option here makes any
number of workers answer as fast as one.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


def _no_delay(transport: asyncio.BaseTransport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # a socket that cannot take it serves anyway
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHttpToolsProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        _no_delay(transport)
        super().connection_made(transport)  # type: ignore[arg-type]

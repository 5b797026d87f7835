"""Every served connection gets TCP_NODELAY, also when the listening socket came to the
worker by file descriptor (``serve --workers N``), where asyncio leaves it off."""

from __future__ import annotations

import socket
from typing import Any

from chatsignals.api.http_protocol import _no_delay


class _Transport:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self.sock if name == "socket" else default


def test_a_connection_from_a_shared_socket_gets_no_delay() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        # What a worker holds: the same connection, known by its descriptor only.
        shared = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, fileno=accepted.detach())
        try:
            assert shared.proto == 0  # why asyncio's own check passes it over
            assert shared.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            _no_delay(_Transport(shared))  # type: ignore[arg-type]
            assert shared.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        finally:
            shared.close()
            client.close()

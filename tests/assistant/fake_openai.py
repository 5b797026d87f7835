"""A tiny OpenAI-compatible chat server on 127.0.0.1 (random port), for tests only.

It answers ``POST /chat/completions`` with a canned reply that echoes the last user
message, whole or as server-sent events, and records every request it got.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeOpenAI:
    url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    fail_with: int | None = None  # answer every request with this HTTP status
    garbage: bool = False  # answer 200 with a body that is not a completion

    @staticmethod
    def answer_to(last_user: str) -> str:
        return f"Fake model says: you asked about {last_user}"


def _handler(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = json.loads(self.rfile.read(length))
            state.requests.append(body)
            state.headers.append(dict(self.headers.items()))
            if self.path != "/v1/chat/completions":
                self._send(404, b'{"error": "not found"}', "application/json")
                return
            if state.fail_with is not None:
                self._send(state.fail_with, b'{"error": "overloaded"}', "application/json")
                return
            if state.garbage:
                self._send(200, b'{"unexpected": true}', "application/json")
                return
            last = next(m["content"] for m in reversed(body["messages"]) if m["role"] == "user")
            answer = FakeOpenAI.answer_to(last)
            if not body.get("stream"):
                payload = {
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": answer}}]
                }
                self._send(200, json.dumps(payload).encode(), "application/json")
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            first = {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}
            self.wfile.write(f"data: {json.dumps(first)}\n\n".encode())
            self.wfile.write(b": a comment line the client must skip\n\n")
            for word in answer.split(" "):
                piece = word if word == answer.split(" ")[0] else f" {word}"
                event = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAI]:
    state = FakeOpenAI(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()

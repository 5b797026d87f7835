"""Fixtures for the extraction tests: the bundled taxonomy and one extractor per backend."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from chatsignals.domain.taxonomy import Taxonomy, load_taxonomy
from chatsignals.extraction.embedded import EmbeddedExtractor


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="session")
def embedded(taxonomy: Taxonomy) -> EmbeddedExtractor:
    return EmbeddedExtractor(taxonomy)


class FakeOpenAI:
    """A tiny OpenAI-compatible server: answers each item from the rules it is given."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.status = 200
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(body)
                server.headers.append(dict(self.headers))
                if server.status != 200:
                    self.send_response(server.status)
                    self.end_headers()
                    return
                items = json.loads(body["messages"][-1]["content"])["items"]
                answer = {"items": [server.answer(item) for item in items]}
                reply = {
                    "choices": [{"message": {"role": "assistant", "content": json.dumps(answer)}}]
                }
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_: Any) -> None:
                return None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @staticmethod
    def answer(item: dict[str, Any]) -> dict[str, Any]:
        text = " ".join(t["text"] for t in item["turns"] if t["role"] == "user").lower()
        interests: list[dict[str, Any]] = []
        sensitive: list[str] = []
        if "python" in text or "code" in text:
            interests.append({"id": "631", "score": 0.9})
            interests.append({"id": "596", "score": 0.7})
        if "flight" in text or "book" in text:
            interests.append({"id": "672", "score": 0.8})
        if "doctor" in text:
            interests.append({"id": "286", "score": 0.8})
            sensitive.append("health")
        interests.append({"id": "NOT-A-NODE", "score": 0.99})
        interests.append({"id": "483", "score": 7.0})  # out of range: clipped
        return {
            "id": item["id"],
            "interests": interests,
            "sensitive": sensitive,
            "purchase_intent": "book" in text,
        }


@pytest.fixture()
def fake_openai() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    fake.thread.start()
    try:
        yield fake
    finally:
        fake.httpd.shutdown()
        fake.httpd.server_close()

"""Any OpenAI-compatible chat endpoint (``POST {base_url}/chat/completions``).

Streaming uses server-sent events (``stream: true``): ``data: {json}`` lines carrying
``choices[0].delta.content``, ended by ``data: [DONE]``. Only the standard library is
used, so the backend adds no dependency.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from typing import Any

from chatsignals.assistant.base import Assistant, AssistantError, Turn

SYSTEM_PROMPT = (
    "You are a helpful assistant inside a social app. Answer briefly and plainly. "
    "Do not give medical, legal or financial advice beyond general information."
)


def completions_url(base_url: str) -> str:
    """``http://host/v1`` -> ``http://host/v1/chat/completions`` (a full URL is kept)."""
    url = base_url.rstrip("/")
    return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


class OpenAICompatAssistant(Assistant):
    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        timeout_s: float = 60.0,
        system_prompt: str = SYSTEM_PROMPT,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("the assistant base URL must start with http:// or https://")
        self.url = completions_url(base_url)
        self.model = model
        self._api_key = api_key or ""
        self.timeout_s = timeout_s
        self.system_prompt = system_prompt

    def describe(self) -> dict[str, str]:
        return {"backend": self.name, "model": self.model, "url": self.url}

    def _messages(self, turns: Sequence[Turn]) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": self.system_prompt}]
        messages.extend({"role": t.role.value, "content": t.text} for t in turns if t.text)
        return messages

    def _request(self, turns: Sequence[Turn], *, stream: bool) -> Any:
        body = json.dumps(
            {"model": self.model, "messages": self._messages(turns), "stream": stream}
        ).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if stream:
            headers["Accept"] = "text/event-stream"
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            return urllib.request.urlopen(request, timeout=self.timeout_s)
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace").strip()
            raise AssistantError(
                f"the assistant endpoint answered HTTP {exc.code}"
                + (f": {detail}" if detail else "")
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise AssistantError(
                f"the assistant endpoint could not be reached ({reason})"
            ) from None

    def reply(self, turns: Sequence[Turn]) -> str:
        with self._request(turns, stream=False) as response:
            try:
                data = json.loads(response.read().decode("utf-8"))
                content = data["choices"][0]["message"]["content"]
            except (ValueError, KeyError, IndexError, TypeError):
                raise AssistantError("the assistant endpoint sent an unreadable answer") from None
            except OSError as exc:
                raise AssistantError(f"the assistant endpoint stopped answering ({exc})") from None
        if not isinstance(content, str):
            raise AssistantError("the assistant endpoint sent an answer without text")
        return content

    def stream(self, turns: Sequence[Turn]) -> Iterator[str]:
        with self._request(turns, stream=True) as response:
            try:
                for raw in response:
                    line = raw.decode("utf-8").strip()
                    if not line.startswith("data:"):
                        continue  # blank separators, comments, event names
                    payload = line[len("data:") :].strip()
                    if payload == "[DONE]":
                        return
                    piece = _delta(payload)
                    if piece:
                        yield piece
            except OSError as exc:
                raise AssistantError(f"the assistant endpoint stopped answering ({exc})") from None


def _delta(payload: str) -> str:
    try:
        data = json.loads(payload)
        choice = data["choices"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        raise AssistantError("the assistant endpoint sent an unreadable stream event") from None
    delta = choice.get("delta") or choice.get("message") or {}
    content = delta.get("content") if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ""

"""An optional backend that asks any OpenAI-compatible chat endpoint.

It posts to ``{base_url}/chat/completions`` with ``response_format`` of type
``json_schema``, several items per request, and checks every answer against the
bundled taxonomy: unknown node ids are dropped, scores clipped to [0, 1], at most 10
interests kept, best first. Sensitive categories fail closed: the lexicon's hits on the
person's own words are added to whatever the model says. Uses only the standard library.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from functools import cached_property
from typing import Any, cast

from chatsignals.domain.extraction import MAX_INTERESTS, Extraction, ExtractionItem, Interest
from chatsignals.domain.sensitive import SensitiveCategory
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor
from chatsignals.extraction.lexicon import lexicon_hits
from chatsignals.extraction.text import has_purchase_intent, sensitive_view

_ORDER = list(SensitiveCategory)

_INSTRUCTIONS = """You label what a person's chat messages are about, for interest-based
personalization under strict privacy rules. For each item:
- interests: IAB Content Taxonomy 3.1 node ids from the list below (the deepest node the
  person's own words support), each with a score in [0, 1], best first, at most 10. Lines
  marked "assistant" are context only. A topic the person rejects ("I hate golf") is not an
  interest. Greetings and chit-chat have no interests.
- sensitive: which of religion, sexual_orientation, politics, health, race_ethnicity,
  philosophical_beliefs, trade_union the text is ABOUT. Mentioning a word is not being
  about it: a variable named god_mode, SQL for a hospital billing table, "union of two
  sets", "race condition" are not sensitive; asking about one's own medication is health.
- purchase_intent: true when the person wants to buy, book, order, rent or price something.
Answer with JSON only, one entry per item, same ids.

Taxonomy (id: path):
"""


class ExtractionError(RuntimeError):
    """The endpoint failed or answered something that is not the expected JSON."""


def _schema() -> dict[str, Any]:
    interest = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "score": {"type": "number"}},
        "required": ["id", "score"],
        "additionalProperties": False,
    }
    entry = {
        "type": "object",
        "properties": {
            "id": {"type": "string"},
            "interests": {"type": "array", "items": interest},
            "sensitive": {
                "type": "array",
                "items": {"type": "string", "enum": [c.value for c in SensitiveCategory]},
            },
            "purchase_intent": {"type": "boolean"},
        },
        "required": ["id", "interests", "sensitive", "purchase_intent"],
        "additionalProperties": False,
    }
    return {
        "type": "object",
        "properties": {"items": {"type": "array", "items": entry}},
        "required": ["items"],
        "additionalProperties": False,
    }


class LLMExtractor(Extractor):
    """Extraction by a remote chat model that supports JSON-schema structured output."""

    name = "llm"

    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        batch_size: int = 16,
        timeout_s: float = 60.0,
        max_depth: int = 3,
    ) -> None:
        if not base_url or not model:
            raise ValueError("the llm backend needs base_url and model")
        self._taxonomy = taxonomy
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._api_key = api_key
        self._batch_size = max(1, batch_size)
        self._timeout_s = timeout_s
        self._max_depth = max_depth

    @cached_property
    def _system_prompt(self) -> str:
        lines = [
            f"{n.id}: {' > '.join(n.path)}" for n in self._taxonomy if n.depth <= self._max_depth
        ]
        return _INSTRUCTIONS + "\n".join(lines)

    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        answers: dict[int, dict[str, Any]] = {}
        todo = [(i, item) for i, item in enumerate(items) if item.user_text.strip()]
        for start in range(0, len(todo), self._batch_size):
            chunk = todo[start : start + self._batch_size]
            replies = self._ask([item for _, item in chunk])
            for position, (index, _) in enumerate(chunk):
                answers[index] = replies.get(str(position), {})
        return [self._result(item, answers.get(i)) for i, item in enumerate(items)]

    def _ask(self, items: list[ExtractionItem]) -> dict[str, dict[str, Any]]:
        payload = [
            {"id": str(i), "turns": [{"role": t.role.value, "text": t.text} for t in item.turns]}
            for i, item in enumerate(items)
        ]
        body = {
            "model": self._model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": self._system_prompt},
                {"role": "user", "content": json.dumps({"items": payload}, ensure_ascii=False)},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "extractions", "strict": True, "schema": _schema()},
            },
        }
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(
            self._url, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as response:
                reply = json.loads(response.read().decode("utf-8"))
            content = reply["choices"][0]["message"]["content"]
            parsed = json.loads(content)
            entries = cast(list[dict[str, Any]], parsed["items"])
        except (urllib.error.URLError, OSError, KeyError, IndexError, TypeError) as exc:
            raise ExtractionError(f"llm endpoint {self._url} failed: {exc}") from exc
        except json.JSONDecodeError as exc:
            raise ExtractionError(f"llm endpoint {self._url} answered invalid JSON") from exc
        return {str(e.get("id")): e for e in entries if isinstance(e, dict)}

    def _result(self, item: ExtractionItem, answer: dict[str, Any] | None) -> Extraction:
        text = item.user_text
        if not text.strip():
            return Extraction(item.id, backend=self.name)
        answer = answer or {}
        scores: dict[str, float] = {}
        for raw in answer.get("interests") or []:
            if not isinstance(raw, dict):
                continue
            node_id = str(raw.get("id", ""))
            if node_id not in self._taxonomy:
                continue
            try:
                score = min(1.0, max(0.0, float(raw.get("score", 0.0))))
            except (TypeError, ValueError):
                continue
            scores[node_id] = max(scores.get(node_id, 0.0), score)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_INTERESTS]
        interests = tuple(
            Interest(t, self._taxonomy.get(t).name, self._taxonomy.get(t).tier1, round(s, 4))
            for t, s in ranked
        )
        sensitive = set(lexicon_hits(sensitive_view(text)))
        for value in answer.get("sensitive") or []:
            try:
                sensitive.add(SensitiveCategory(str(value)))
            except ValueError:
                continue
        purchase = answer.get("purchase_intent")
        return Extraction(
            item.id,
            interests=interests,
            sensitive=tuple(sorted(sensitive, key=_ORDER.index)),
            purchase_intent=bool(purchase)
            if isinstance(purchase, bool)
            else has_purchase_intent(text),
            backend=self.name,
        )

"""``chatsignals classify``: JSON lines in, JSON lines out (a stable contract).

Input, one object a line: ``{"id": "…", "text": "…"}`` or
``{"id": "…", "turns": [{"role": "user"|"assistant", "text": "…"}, …]}``.
Output, one object a line in input order::

    {"id": "…", "interests": [{"id": "159", "name": "…", "tier1": "…", "score": 0.82}],
     "sensitive": ["health"], "ad_interests": […], "purchase_intent": false}

A malformed line gives ``{"id": <id or null>, "error": "<what is wrong>"}`` in its place;
the other lines are still processed and the command exits with status 1 at the end.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from chatsignals.domain.extraction import Extraction, ExtractionItem, Interest, Turn
from chatsignals.domain.interactions import Role

_ROLES = {"user": Role.USER, "assistant": Role.ASSISTANT}


class LineError(ValueError):
    def __init__(self, item_id: str | None, message: str) -> None:
        super().__init__(message)
        self.item_id = item_id


def parse_line(line: str) -> ExtractionItem:
    """One input line as an item; raises :class:`LineError` saying what is wrong."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LineError(None, f"invalid JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(raw, dict):
        raise LineError(None, "expected a JSON object")
    item_id = raw.get("id")
    if isinstance(item_id, int) and not isinstance(item_id, bool):
        item_id = str(item_id)
    if not isinstance(item_id, str) or not item_id:
        raise LineError(None, "missing or invalid 'id' (a non-empty string)")
    has_text, has_turns = "text" in raw, "turns" in raw
    if has_text == has_turns:
        raise LineError(item_id, "give exactly one of 'text' or 'turns'")
    if has_text:
        if not isinstance(raw["text"], str):
            raise LineError(item_id, "'text' must be a string")
        return ExtractionItem.from_text(item_id, raw["text"])
    turns_raw = raw["turns"]
    if not isinstance(turns_raw, list):
        raise LineError(item_id, "'turns' must be a list")
    turns: list[Turn] = []
    for n, turn in enumerate(turns_raw):
        if not isinstance(turn, dict):
            raise LineError(item_id, f"turn {n} must be an object")
        role, text = turn.get("role"), turn.get("text")
        if role not in _ROLES:
            raise LineError(item_id, f"turn {n}: 'role' must be 'user' or 'assistant'")
        if not isinstance(text, str):
            raise LineError(item_id, f"turn {n}: 'text' must be a string")
        turns.append(Turn(_ROLES[role], text))
    return ExtractionItem(item_id, tuple(turns))


def _interest(i: Interest) -> dict[str, Any]:
    return {"id": i.topic, "name": i.name, "tier1": i.tier1, "score": i.score}


def render(extraction: Extraction) -> dict[str, Any]:
    """The output object of one extraction."""
    return {
        "id": extraction.item_id,
        "interests": [_interest(i) for i in extraction.interests],
        "sensitive": [c.value for c in extraction.sensitive],
        "ad_interests": [_interest(i) for i in extraction.ad_interests],
        "purchase_intent": extraction.purchase_intent,
    }


def _lines(stream: IO[str]) -> Iterator[str]:
    for line in stream:
        if line.strip():
            yield line


@click.command(name="classify")
@click.option(
    "--input", "input_path", default="-", show_default=True, help="JSONL file, - for stdin."
)
@click.option(
    "--output", "output_path", default="-", show_default=True, help="JSONL file, - for stdout."
)
@click.option("--backend", default="embedded", show_default=True, help="embedded, keyword or llm.")
@click.option("--batch-size", default=256, show_default=True, type=click.IntRange(1))
@click.option("--base-url", default=None, help="llm backend: OpenAI-compatible base URL.")
@click.option("--model", default=None, help="llm backend: model name.")
@click.option("--api-key", default=None, help="llm backend: API key.")
def command(
    input_path: str,
    output_path: str,
    backend: str,
    batch_size: int,
    base_url: str | None,
    model: str | None,
    api_key: str | None,
) -> None:
    """Classify JSON lines: interests, sensitive categories, ad interests, purchase intent."""
    from chatsignals.domain.taxonomy import load_taxonomy
    from chatsignals.extraction.registry import create_extractor

    try:
        extractor = create_extractor(
            backend, load_taxonomy(), base_url=base_url, model=model, api_key=api_key
        )
    except (ValueError, RuntimeError) as exc:
        raise click.UsageError(str(exc)) from exc
    source = sys.stdin if input_path == "-" else open(input_path, encoding="utf-8")  # noqa: SIM115
    sink = sys.stdout if output_path == "-" else open(output_path, "w", encoding="utf-8")  # noqa: SIM115
    failed = False
    try:
        total = None
        if input_path != "-":
            with open(input_path, encoding="utf-8") as counting:
                total = sum(1 for line in counting if line.strip())
        pending: list[ExtractionItem | LineError] = []

        def flush() -> None:
            items = [p for p in pending if isinstance(p, ExtractionItem)]
            results = iter(extractor.extract_many(items))
            for p in pending:
                if isinstance(p, LineError):
                    record: dict[str, Any] = {"id": p.item_id, "error": str(p)}
                else:
                    record = render(next(results))
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            sink.flush()
            pending.clear()

        with (
            click.progressbar(
                length=total or 0, file=sys.stderr, label="classifying", show_pos=True
            )
            if total
            else _NoBar() as bar
        ):
            for line in _lines(source):
                try:
                    pending.append(parse_line(line))
                except LineError as exc:
                    pending.append(exc)
                    failed = True
                if len(pending) >= batch_size:
                    bar.update(len(pending))
                    flush()
            bar.update(len(pending))
            flush()
    finally:
        if source is not sys.stdin:
            source.close()
        if sink is not sys.stdout:
            sink.close()
    if failed:
        sys.exit(1)


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, n: int) -> None:
        return None

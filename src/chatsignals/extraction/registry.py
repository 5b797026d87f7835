"""Extraction backends by name: the one dispatch point."""

from __future__ import annotations

from pathlib import Path

from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor

BACKENDS = ("embedded", "keyword", "llm")
DEFAULT_BACKEND = "embedded"


def create_extractor(
    name: str,
    taxonomy: Taxonomy,
    *,
    base_url: str | None = None,
    model: str | None = None,
    api_key: str | None = None,
    model_path: Path | None = None,
    cache_size: int = 65_536,
    batch_size: int | None = None,
    timeout_s: float = 60.0,
) -> Extractor:
    """Build the backend called ``name``; optional backends are imported lazily.

    - ``embedded`` (default): offline, CPU only; ``model_path`` overrides the shipped head,
      ``cache_size`` bounds its LRU cache, ``batch_size`` its internal batches;
    - ``keyword``: dependency-free name matching;
    - ``llm``: an OpenAI-compatible endpoint; needs ``base_url`` and ``model``, takes
      ``api_key``, ``batch_size`` (items per request) and ``timeout_s``.
    """
    if name == "embedded":
        from chatsignals.extraction.embedded import EmbeddedExtractor

        return EmbeddedExtractor(
            taxonomy, model_path=model_path, cache_size=cache_size, batch_size=batch_size or 512
        )
    if name == "keyword":
        from chatsignals.extraction.keyword import KeywordExtractor

        return KeywordExtractor(taxonomy)
    if name == "llm":
        from chatsignals.extraction.llm import LLMExtractor

        if not base_url or not model:
            raise ValueError("the llm backend needs base_url and model")
        return LLMExtractor(
            taxonomy,
            base_url=base_url,
            model=model,
            api_key=api_key,
            batch_size=batch_size or 16,
            timeout_s=timeout_s,
        )
    raise ValueError(f"unknown extraction backend {name!r} (known: {', '.join(BACKENDS)})")

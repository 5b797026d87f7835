"""Extraction backends by name: the one dispatch point."""

from __future__ import annotations

from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor

BACKENDS = ("keyword",)


def create_extractor(name: str, taxonomy: Taxonomy) -> Extractor:
    """Build the backend called ``name``; optional backends are imported lazily."""
    if name == "keyword":
        from chatsignals.extraction.keyword import KeywordExtractor

        return KeywordExtractor(taxonomy)
    raise ValueError(f"unknown extraction backend {name!r} (known: {', '.join(BACKENDS)})")

"""The one interface every extraction backend implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from chatsignals.domain.extraction import Extraction, ExtractionItem


class Extractor(ABC):
    """Reads items (a message or a conversation) and says what they are about.

    Contract (checked by ``tests/extraction/test_contract.py`` for every backend):
    - ``extract_many(items)`` returns one result per item, in order, with ``item_id``
      equal to the item's id; it equals ``[extract_one(i) for i in items]``;
    - at most 10 interests, best first, scores in [0, 1], ids from the bundled taxonomy;
    - empty text gives no interests and no sensitive categories;
    - the person's own turns are the signal; assistant turns are context only.
    """

    name: str = "base"

    @abstractmethod
    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        """Extract every item; batch internally where the backend gains from it."""

    def extract_one(self, item: ExtractionItem) -> Extraction:
        return self.extract_many([item])[0]

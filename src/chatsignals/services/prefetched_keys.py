"""A unit of work's data keys, read once for a batch of messages.

Opening a batch's texts asks for the same few accounts' keys again and again; this
answers ``get`` from one ``get_many`` read. Only wrapped keys are held, only for the
batch, and writes go straight through (a destroyed key is forgotten at once).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from chatsignals.services.security_ports import DataKeyRepository, WrappedKey


class PrefetchedKeys(DataKeyRepository):
    def __init__(self, keys: DataKeyRepository, subjects: Iterable[str]) -> None:
        self._keys = keys
        self._known = keys.get_many(sorted(set(subjects)))

    def get(self, subject: str) -> WrappedKey | None:
        known = self._known.get(subject)
        if known is None:  # not prefetched, or created since: ask (a miss is not kept)
            known = self._keys.get(subject)
            if known is not None:
                self._known[subject] = known
        return known

    def get_many(self, subjects: Sequence[str]) -> dict[str, WrappedKey]:
        missing = [s for s in subjects if s not in self._known]
        if missing:
            self._known.update(self._keys.get_many(missing))
        return {s: self._known[s] for s in subjects if s in self._known}

    def add_if_absent(self, key: WrappedKey, at: datetime) -> None:
        self._keys.add_if_absent(key, at)

    def replace(self, key: WrappedKey) -> None:
        self._known.pop(key.subject, None)
        self._keys.replace(key)

    def all(self) -> list[WrappedKey]:
        return self._keys.all()

    def destroy(self, subject: str) -> bool:
        self._known.pop(subject, None)
        return self._keys.destroy(subject)

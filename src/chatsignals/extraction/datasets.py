"""Readers for the labelled data in the shared data folder, for training and evaluation.

- ``sgd/{train,dev}.jsonl``: Schema-Guided Dialogue dialogues, labelled through
  ``sgd/service_labels.tsv`` with the IAB tier 1 an ad system should infer;
- ``sensitive_dev/*.jsonl``: texts labelled with sensitive categories. They are split
  by a hash of their id into ``train`` (40 %), ``calib`` (20 %) and ``report`` (40 %):
  training reads the first, calibration the second, reported figures the third.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from chatsignals.domain.extraction import ExtractionItem, Turn
from chatsignals.domain.interactions import Role

DEFAULT_DATA = Path("../shared/data")


@dataclass(frozen=True)
class ServiceLabel:
    service: str
    tier1: str | None  # None: no ad-relevant interest
    also_tier1: tuple[str, ...]
    node: str | None
    sensitive: tuple[str, ...]
    ad_relevant: bool


@dataclass(frozen=True)
class Dialogue:
    id: str
    services: tuple[str, ...]
    item: ExtractionItem


@dataclass(frozen=True)
class LabelledText:
    id: str
    text: str
    sensitive: tuple[str, ...]


def read_service_labels(data: Path) -> dict[str, ServiceLabel]:
    labels: dict[str, ServiceLabel] = {}
    lines = (data / "sgd" / "service_labels.tsv").read_text("utf-8").splitlines()
    for raw in lines[1:]:
        cells = [*raw.split("\t"), "", "", "", "", ""]
        service, tier1, also, node, sensitive, relevant = (c.strip() for c in cells[:6])
        if not service:
            continue
        labels[service] = ServiceLabel(
            service=service,
            tier1=None if tier1 in ("", "none") else tier1,
            also_tier1=tuple(a for a in also.split("|") if a),
            node=None if node in ("", "none") else node,
            sensitive=tuple(s for s in sensitive.split("|") if s),
            ad_relevant=relevant == "yes",
        )
    return labels


def read_dialogues(data: Path, split: str) -> Iterator[Dialogue]:
    """SGD dialogues of ``split`` ("train" or "dev") as extraction items."""
    with (data / "sgd" / f"{split}.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            raw = json.loads(line)
            turns = tuple(
                Turn(Role.USER if t["speaker"] == "USER" else Role.ASSISTANT, t["utterance"])
                for t in raw["turns"]
            )
            yield Dialogue(
                raw["dialogue_id"],
                tuple(raw["services"]),
                ExtractionItem(raw["dialogue_id"], turns),
            )


def split_of(text_id: str) -> str:
    """Which part of the sensitive data a text belongs to: train, calib or report."""
    bucket = zlib.crc32(text_id.encode("utf-8")) % 10
    return "train" if bucket < 4 else "calib" if bucket < 6 else "report"


def read_sensitive(data: Path, part: str | None = None) -> Iterator[LabelledText]:
    """Labelled sensitive texts, optionally only those of one ``part``."""
    for path in sorted((data / "sensitive_dev").glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                raw = json.loads(line)
                if part is None or split_of(raw["id"]) == part:
                    yield LabelledText(raw["id"], raw["text"], tuple(raw["sensitive"]))

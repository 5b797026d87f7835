"""Tier-1 accuracy of the embedded extractor on everyday chatbot prompts (held out).

    python training/check_everyday.py [--model PATH] [--sensitive-model PATH] [-v]

Reads ``checks/everyday_prompts.jsonl``: ``text``, the expected ``tier1`` node, the
preferred ``node`` and, where another reading is as good, ``also`` (other tier-1s).
These prompts are never trained on: keep them out of ``examples/``.
A prompt counts as right when its top interest lies under an accepted tier 1; "node"
counts the prompts whose top interest is the preferred node or one of its descendants.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from chatsignals.domain.extraction import ExtractionItem
from chatsignals.domain.taxonomy import load_taxonomy
from chatsignals.extraction.embedded import EmbeddedExtractor

HERE = Path(__file__).resolve().parent
CHECKS = HERE / "checks" / "everyday_prompts.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--sensitive-model", type=Path, default=None)
    parser.add_argument("--checks", type=Path, default=CHECKS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses")
    args = parser.parse_args()
    taxonomy = load_taxonomy()
    extractor = EmbeddedExtractor(
        taxonomy, model_path=args.model, sensitive_model_path=args.sensitive_model
    )
    rows = [json.loads(x) for x in args.checks.read_text("utf-8").splitlines() if x.strip()]
    items = [ExtractionItem.from_text(str(i), r["text"]) for i, r in enumerate(rows)]
    right = deep = flagged = 0
    for row, out in zip(rows, extractor.extract_many(items), strict=True):
        accepted = {row["tier1"], *row.get("also", [])}
        top = out.ad_interests[0] if out.ad_interests else None
        ok = top is not None and taxonomy.lineage(top.topic)[-1] in accepted
        right += ok
        node = row["node"]
        deep += top is not None and (top.topic == node or top.topic in taxonomy.descendants(node))
        flagged += bool(out.sensitive)
        if args.verbose and not ok:
            got = f"{top.topic} {top.name} ({top.tier1}) {top.score:.2f}" if top else "-"
            print(f"MISS want {row['tier1']}/{node}: {row['text'][:70]!r} -> {got}")
    n = len(rows)
    print(
        f"{n} prompts: tier-1 accuracy {right / n:.3f}, preferred node {deep / n:.3f}, "
        f"sensitive flags {flagged}"
    )


if __name__ == "__main__":
    main()

"""``bench/run [--quick]``: every figure, one table, ``bench/results.json``.

Parts: extraction throughput (bench/extraction.py), ad decisions in process and over
HTTP, serve start-up, freshness inline and through the queue plus a queue burst,
backfill in process and on Ray with one and two workers, and bytes per profile on
PostgreSQL, and feed pages over a large catalog. A part that cannot run reports null
and says why.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import parts

RESULTS = Path(__file__).resolve().parent / "results.json"

KEYS = {
    "extraction": ["extraction_msgs_per_s", "baseline_minilm_msgs_per_s"],
    "ads": [
        "ad_decision_p99_ms",
        "http_ads_rps",
        "http_bare_rps",
        "http_ads_p99_ms",
        "serve_ready_s",
    ],
    "freshness": ["freshness_inline_p99_ms", "freshness_queue_p99_ms"],
    "backfill": [
        "backfill_1_worker_msgs_per_s",
        "backfill_2_workers_msgs_per_s",
        "backfill_in_process_msgs_per_s",
    ],
    "bytes": ["bytes_per_profile"],
    "feed": ["feed_p50_ms", "feed_uncached_p50_ms"],
}

TARGETS = {
    "ad_decision_p99_ms": "<= 5",
    "http_ads_vs_bare": ">= 0.7",
    "machine_2_process_scaling": "2.0: two cores of its own",
    "http_ads_p99_ms": "<= 50 (at 500 req/s)",
    "http_ads_per_answer": "of 3 slots: the pages measured were not empty",
    "freshness_inline_p99_ms": "<= 1000",
    "backfill_2_vs_1": ">= 1.8",
    "backfill_2_per_core_vs_in_process": ">= 0.9",
    "bytes_per_profile": "<= 1024 (1M profiles)",
    "serve_ready_s": "<= 5",
    "queue_burst_drain_s": "<= 10 (10,000 messages)",
}


def machine() -> dict[str, Any]:
    memory_gib = None
    try:
        with open("/proc/meminfo") as f:
            kib = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
            memory_gib = round(kib / 2**20, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return {"cores": os.cpu_count(), "memory_gib": memory_gib}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes; under 3 minutes")
    parser.add_argument("--extractor", default=None, help="extraction backend (default: settings)")
    parser.add_argument("--only", nargs="*", choices=list(KEYS), help="run only these parts")
    args = parser.parse_args()
    from chatsignals.settings import Settings

    extractor = args.extractor or Settings.from_env().extractor
    results: dict[str, Any] = {
        "quick": args.quick,
        "machine": machine(),
        "machine_2_process_scaling": parts.core_scaling(),
        "extractor": extractor,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    for keys in KEYS.values():
        results.update({k: None for k in keys})
    notes: dict[str, str] = {}
    tmp = Path(tempfile.mkdtemp(prefix="chatsignals-bench-"))
    runs: dict[str, Callable[[], dict[str, Any]]] = {
        "extraction": lambda: parts.extraction(args.quick),
        "ads": lambda: parts.ads(args.quick, tmp / "ads", extractor),
        "freshness": lambda: parts.freshness(args.quick, tmp / "fresh", extractor),
        "backfill": lambda: parts.backfill(args.quick, tmp / "backfill", extractor),
        "bytes": lambda: parts.profile_bytes(args.quick, tmp / "bytes"),
        "feed": lambda: parts.feed(args.quick, tmp / "feed"),
    }
    began = time.perf_counter()
    for name, run in runs.items():
        if args.only and name not in args.only:
            continue
        print(f"== {name}", flush=True)
        t = time.perf_counter()
        try:
            (tmp / name).mkdir(parents=True, exist_ok=True)
            results.update(run())
        except Exception as exc:
            notes[name] = f"{type(exc).__name__}: {exc}"
            print(f"  {name} reported null: {notes[name]}")
            traceback.print_exc()
        results[f"{name}_seconds"] = round(time.perf_counter() - t, 1)
    results["total_seconds"] = round(time.perf_counter() - began, 1)
    results["notes"] = notes
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(table(results))
    print(f"\nwritten to {RESULTS.relative_to(RESULTS.parent.parent)}")


def table(results: dict[str, Any]) -> str:
    skip = {"machine", "notes", "started_at"}
    rows = [("figure", "value", "target")]
    for key, value in results.items():
        if key in skip or key.endswith("_seconds"):
            continue
        shown = (
            "null" if value is None else f"{value:,}" if isinstance(value, float) else str(value)
        )
        rows.append((key, shown, TARGETS.get(key, "")))
    rows.append(
        (
            "machine",
            f"{results['machine']['cores']} cores, {results['machine']['memory_gib']} GiB",
            "",
        )
    )
    rows.append(("total_seconds", str(results["total_seconds"]), "< 180 (--quick)"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


if __name__ == "__main__":
    main()

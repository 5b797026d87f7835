"""The encoder tokenizes on its caller's thread (see chatsignals/__init__.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Run in a fresh interpreter: a tokenizer pool started by an earlier test in this
# process would already exist, and no new thread could show.
_PROBE = """
import json, os, sys
def threads():
    return len(os.listdir("/proc/self/task"))
from chatsignals.extraction.encoder import StaticEncoder
encoder = StaticEncoder()
before = threads()
texts = [f"which hiking boots for a {n}-day trip in the rain?" for n in range(2000)]
encoded = encoder.encode(texts)
print(json.dumps({
    "new_threads": threads() - before,
    "setting": os.environ.get("TOKENIZERS_PARALLELISM"),
    "texts": int(encoded.vectors.shape[0]),
}))
"""


def _probe(**env: str) -> dict[str, object]:
    environ = {k: v for k, v in os.environ.items() if k != "TOKENIZERS_PARALLELISM"}
    environ.update(env)
    out = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="counts threads through /proc (Linux)"
)


@needs_proc
def test_encoding_a_batch_starts_no_threads() -> None:
    result = _probe()
    assert result == {"new_threads": 0, "setting": "false", "texts": 2000}


@needs_proc
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="the pool needs two cores to show")
def test_the_tokenizer_pool_comes_back_when_asked_for() -> None:
    """The probe can see the pool: with the library's own setting it starts threads."""
    result = _probe(TOKENIZERS_PARALLELISM="true")
    assert result["setting"] == "true"
    assert isinstance(result["new_threads"], int) and result["new_threads"] > 0

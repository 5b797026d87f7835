"""Static token embeddings from the ``wordllama`` package, loaded offline.

The package ships its 256-d embedding table and tokenizer inside the wheel; a plain
``WordLlama.load()`` still tries to download the tokenizer (the code looks in
``tokenizer/``, the wheel has ``tokenizers/``). We never import the package's code: we
read its two files straight from its directory, which is faster, has no network path
and no import-time side effects.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from safetensors.numpy import load_file
from tokenizers import Tokenizer

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


def wordllama_dir() -> Path:
    """Directory of the installed ``wordllama`` package (found without importing it)."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "the embedded extractor needs the 'wordllama' package (pip install wordllama)"
        )
    return Path(spec.origin).parent


_DTYPES = {"F16": np.float16, "F32": np.float32}


def _mapped(path: Path, name: str) -> npt.NDArray[np.floating]:
    """Tensor ``name`` of a safetensors file, memory-mapped (read-only) where its layout
    allows, else loaded (a safetensors file is an 8-byte header length, a JSON header
    giving each tensor's dtype, shape and byte range, then the data)."""
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        entry = json.loads(f.read(length)).get(name, {})
    dtype = _DTYPES.get(entry.get("dtype"))
    if dtype is None or sys.byteorder != "little":
        return np.ascontiguousarray(load_file(str(path))[name], dtype=np.float32)
    begin, end = entry["data_offsets"]
    shape = tuple(entry["shape"])
    if end - begin != int(np.prod(shape)) * np.dtype(dtype).itemsize:
        raise ValueError(f"{path}: tensor {name!r} does not match its shape")
    return np.memmap(path, dtype=dtype, mode="r", offset=8 + length + begin, shape=shape)


@dataclass(frozen=True)
class Encoded:
    """Token ids of a batch of texts (ragged, concatenated) and their mean embeddings."""

    ids: IntArray  # all token ids, text after text
    offsets: IntArray  # len(texts) + 1 boundaries into ``ids``
    vectors: FloatArray  # (len(texts), dim), L2-normalised; zero rows for empty texts


class StaticEncoder:
    """Tokenizes lower-cased text and averages the static embeddings of its tokens.

    Tokenizing runs on the caller's thread (``TOKENIZERS_PARALLELISM``, set in
    ``chatsignals/__init__.py``)."""

    def __init__(self, directory: Path | None = None) -> None:
        base = directory or wordllama_dir()
        # The table as stored (float16), mapped from the file read-only: every process on
        # the machine shares one copy in memory and in the CPU's caches, where a float32
        # copy each took 32 MB a process, and two workers' copies did not fit in the
        # cache together. Rows are widened to float32 as they are looked up (exactly).
        self.table: npt.NDArray[np.floating] = _mapped(base / WEIGHTS, "embedding.weight")
        self.vocab_size = int(self.table.shape[0])
        self.dim = int(self.table.shape[1])
        self._tokenizer = Tokenizer.from_file(str(base / TOKENIZER))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def encode(self, texts: list[str], max_tokens: int = 512) -> Encoded:
        """Encode ``texts``; each is cut to its first ``max_tokens`` tokens."""
        lowered = [t.lower() for t in texts]
        encodings = self._tokenizer.encode_batch(lowered, add_special_tokens=False)
        pieces = [np.asarray(e.ids[:max_tokens], dtype=np.int64) for e in encodings]
        lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
        offsets = np.zeros(len(pieces) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        ids = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)
        np.clip(ids, 0, self.vocab_size - 1, out=ids)
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        if ids.size:
            rows = self.table[ids].astype(np.float32, copy=False)
            nonempty = lengths > 0
            starts = offsets[:-1][nonempty]
            vectors[nonempty] = np.add.reduceat(rows, starts, axis=0)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            np.divide(vectors, norms, out=vectors, where=norms > 0)
        return Encoded(ids, offsets, vectors)

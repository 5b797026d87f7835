"""Sparse token features: which known unigrams and bigrams a text contains.

The trained head reads two inputs per item: the mean static embeddings of the person's
turns and of the assistant's turns (dense), and a bag of the token unigrams and bigrams
seen in training (sparse, each present feature weighted 1/sqrt(count of features)). This
module turns encoded token ids into that sparse bag, for training and inference alike.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from chatsignals.extraction.encoder import Encoded

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class SparseBatch:
    """Rows of a sparse matrix: ``rows`` sorted, parallel to ``features`` and ``values``."""

    rows: IntArray
    features: IntArray
    values: FloatArray
    n_rows: int


def _segments(offsets: IntArray) -> IntArray:
    lengths = np.diff(offsets)
    return np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)


def _bigram_keys(encoded: Encoded, vocab_size: int) -> tuple[IntArray, IntArray]:
    ids = encoded.ids
    if ids.size < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    seg = _segments(encoded.offsets)
    same = seg[:-1] == seg[1:]
    keys = ids[:-1][same] * vocab_size + ids[1:][same]
    return keys, seg[:-1][same]


@dataclass(frozen=True)
class FeatureSpace:
    """Maps token ids (user unigrams, user bigrams, context unigrams) to feature columns."""

    user_unigrams: IntArray  # (vocab,) column or -1
    bigram_keys: IntArray  # sorted keys id1 * vocab + id2
    bigram_columns: IntArray  # column of each key
    context_unigrams: IntArray  # (vocab,) column or -1
    size: int

    @property
    def vocab_size(self) -> int:
        return int(self.user_unigrams.shape[0])

    def transform(self, user: Encoded, context: Encoded) -> SparseBatch:
        n = len(user.offsets) - 1
        row_parts: list[IntArray] = []
        col_parts: list[IntArray] = []
        if user.ids.size:
            cols = self.user_unigrams[user.ids]
            keep = cols >= 0
            row_parts.append(_segments(user.offsets)[keep])
            col_parts.append(cols[keep])
            keys, seg = _bigram_keys(user, self.vocab_size)
            if keys.size and self.bigram_keys.size:
                at = np.searchsorted(self.bigram_keys, keys)
                at = np.minimum(at, self.bigram_keys.size - 1)
                hit = self.bigram_keys[at] == keys
                row_parts.append(seg[hit])
                col_parts.append(self.bigram_columns[at[hit]])
        if context.ids.size:
            cols = self.context_unigrams[context.ids]
            keep = cols >= 0
            row_parts.append(_segments(context.offsets)[keep])
            col_parts.append(cols[keep])
        if not row_parts:
            empty = np.zeros(0, np.int64)
            return SparseBatch(empty, empty, np.zeros(0, np.float32), n)
        rows = np.concatenate(row_parts)
        cols_all = np.concatenate(col_parts)
        flat = np.unique(rows * self.size + cols_all)
        rows = flat // self.size
        cols_all = flat % self.size
        counts = np.bincount(rows, minlength=n).astype(np.float32)
        values = (1.0 / np.sqrt(counts[rows])).astype(np.float32)
        return SparseBatch(rows, cols_all, values, n)


def sparse_dot(batch: SparseBatch, weights: FloatArray) -> FloatArray:
    """``batch @ weights`` for a (size, k) weight matrix."""
    out = np.zeros((batch.n_rows, weights.shape[1]), dtype=np.float32)
    if batch.rows.size:
        contrib = weights[batch.features] * batch.values[:, None]
        starts = np.flatnonzero(np.r_[True, batch.rows[1:] != batch.rows[:-1]])
        out[batch.rows[starts]] = np.add.reduceat(contrib, starts, axis=0)
    return out


def segment_sums(values: FloatArray, starts: IntArray) -> FloatArray:
    """Sums of consecutive row segments starting at ``starts`` (a fast ``reduceat``)."""
    total = np.zeros((values.shape[0] + 1, values.shape[1]), dtype=np.float64)
    np.cumsum(values, axis=0, dtype=np.float64, out=total[1:])
    ends = np.r_[starts[1:], values.shape[0]]
    sums: FloatArray = (total[ends] - total[starts]).astype(np.float32)
    return sums

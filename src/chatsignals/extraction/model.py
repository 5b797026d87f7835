"""The trained head of the embedded extractor: arrays in one ``.npz``, no pickle.

One linear layer reads the dense and sparse inputs (see ``features.py``) and gives two
groups of outputs: a softmax over topic classes (IAB nodes cut at tier 2, plus
``none``), and one sigmoid per sensitive category. The file also carries the
calibration (softmax temperature, per-category thresholds) and the embeddings of the
taxonomy node descriptions used to go deeper than tier 2. ``training/train_embedded.py``
writes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from chatsignals.extraction.features import FeatureSpace, SparseBatch, sparse_dot

FloatArray = npt.NDArray[np.float32]
ARTIFACT = "embedded_head.npz"
SENSITIVE_ARTIFACT = "embedded_sensitive.npz"  # optional: a head used for sensitive outputs
NONE_CLASS = "none"


@dataclass(frozen=True)
class HeadModel:
    features: FeatureSpace
    topics: tuple[str, ...]  # class node ids; NONE_CLASS for "no ad-relevant topic"
    categories: tuple[str, ...]  # sensitive category values, in output order
    dense: FloatArray  # (2 * dim, len(topics) + len(categories))
    sparse: FloatArray  # (features.size, same)
    bias: FloatArray
    temperature: float
    thresholds: FloatArray  # (len(categories),) sigmoid thresholds
    min_score: float  # interests below this score are dropped
    node_ids: tuple[str, ...]
    node_vectors: FloatArray  # (len(node_ids), dim), L2-normalised

    @staticmethod
    def shipped(artifact: str) -> bool:
        """True when the package ships an artifact of that name."""
        ref = resources.files("chatsignals.extraction").joinpath("artifacts", artifact)
        return ref.is_file()

    def logits(self, dense: FloatArray, sparse: SparseBatch) -> FloatArray:
        out: FloatArray = dense @ self.dense + sparse_dot(sparse, self.sparse) + self.bias
        return out

    def topic_probabilities(self, logits: FloatArray) -> FloatArray:
        z = logits[:, : len(self.topics)] / self.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        out: FloatArray = (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    def sensitive_probabilities(self, logits: FloatArray) -> FloatArray:
        z = logits[:, len(self.topics) :]
        out: FloatArray = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
        return out

    def save(self, path: Path) -> None:
        f = self.features
        np.savez_compressed(
            path,
            user_unigrams=f.user_unigrams.astype(np.int32),
            bigram_keys=f.bigram_keys,
            bigram_columns=f.bigram_columns.astype(np.int32),
            context_unigrams=f.context_unigrams.astype(np.int32),
            size=np.array(f.size),
            topics=np.array(self.topics),
            categories=np.array(self.categories),
            dense=self.dense.astype(np.float16),
            sparse=self.sparse.astype(np.float16),
            bias=self.bias.astype(np.float32),
            temperature=np.array(self.temperature),
            thresholds=self.thresholds.astype(np.float32),
            min_score=np.array(self.min_score),
            node_ids=np.array(self.node_ids),
            node_vectors=self.node_vectors.astype(np.float16),
        )

    @classmethod
    def load(cls, path: Path | None = None, artifact: str = ARTIFACT) -> HeadModel:
        """Load from ``path``, or the artifact of that name shipped inside the package."""
        if path is None:
            ref = resources.files("chatsignals.extraction").joinpath("artifacts", artifact)
            with resources.as_file(ref) as real:
                return cls.load(Path(real))
        with np.load(path, allow_pickle=False) as z:
            features = FeatureSpace(
                user_unigrams=z["user_unigrams"].astype(np.int64),
                bigram_keys=z["bigram_keys"].astype(np.int64),
                bigram_columns=z["bigram_columns"].astype(np.int64),
                context_unigrams=z["context_unigrams"].astype(np.int64),
                size=int(z["size"]),
            )
            return cls(
                features=features,
                topics=tuple(str(t) for t in z["topics"]),
                categories=tuple(str(c) for c in z["categories"]),
                dense=z["dense"].astype(np.float32),
                sparse=z["sparse"].astype(np.float32),
                bias=z["bias"].astype(np.float32),
                temperature=float(z["temperature"]),
                thresholds=z["thresholds"].astype(np.float32),
                min_score=float(z["min_score"]),
                node_ids=tuple(str(n) for n in z["node_ids"]),
                node_vectors=z["node_vectors"].astype(np.float32),
            )

"""Train the embedded extractor's head and write its artifact (no pickle, one .npz).

    python training/train_embedded.py [--data ../shared/data] [--seed 0]

Reads: SGD train dialogues (labels via service_labels.tsv), our own examples in
training/examples/*.jsonl, and the "train" part of the sensitive texts. Calibrates on
SGD dev (softmax temperature) and the "calib" part of the sensitive texts plus SGD dev
(per-category thresholds). Deterministic for a given seed. Takes a minute or two.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from chatsignals.domain.sensitive import SensitiveCategory
from chatsignals.domain.taxonomy import Taxonomy, load_taxonomy
from chatsignals.extraction import datasets
from chatsignals.extraction.encoder import Encoded, StaticEncoder
from chatsignals.extraction.features import FeatureSpace, SparseBatch, segment_sums, sparse_dot
from chatsignals.extraction.model import NONE_CLASS, HeadModel
from chatsignals.extraction.text import sensitive_view as sensitive_text

HERE = Path(__file__).resolve().parent
ARTIFACT = HERE.parent / "src" / "chatsignals" / "extraction" / "artifacts" / "embedded_head.npz"
CATEGORIES = tuple(c.value for c in SensitiveCategory)
UNSEEN_THRESHOLD = 0.7  # categories with no labelled data to calibrate on
SPARSE_LR = 0.003
MIN_SCORE = 0.2  # interests scored below this are dropped
ALIASES = json.loads((HERE / "node_aliases.json").read_text("utf-8"))


@dataclass
class Example:
    user: str
    context: str
    topics: dict[str, float]  # class -> target mass; empty: no topic loss
    sensitive: set[str] = field(default_factory=set)
    weight: float = 1.0
    sensitive_known: bool = True


def class_of(taxonomy: Taxonomy, node: str) -> str:
    lineage = taxonomy.lineage(node)
    return lineage[-2] if len(lineage) >= 2 else lineage[-1]


def sgd_examples(data: Path, taxonomy: Taxonomy, rng: random.Random) -> list[Example]:
    labels = datasets.read_service_labels(data)
    out: list[Example] = []
    for dialogue in datasets.read_dialogues(data, "train"):
        nodes = [labels[s].node for s in dialogue.services if s in labels]
        classes = [class_of(taxonomy, n) for n in nodes if n] or [NONE_CLASS]
        topics = {c: 1.0 / len(classes) for c in classes}
        sensitive = {c for s in dialogue.services if s in labels for c in labels[s].sensitive}
        turns = dialogue.item.turns
        user = [t.text for t in turns if t.role.value == "user"]
        system = [t.text for t in turns if t.role.value == "assistant"]
        out.append(Example("\n".join(user), "\n".join(system), topics, sensitive, 1.0))
        out.append(Example(user[0], "", topics, sensitive, 0.5))
        cut = rng.randrange(1, len(turns) + 1)
        part = turns[:cut]
        pu = [t.text for t in part if t.role.value == "user"]
        ps = [t.text for t in part if t.role.value == "assistant"]
        if pu:
            out.append(Example("\n".join(pu[-2:]), "\n".join(ps[-2:]), topics, sensitive, 0.5))
    return out


def own_examples(taxonomy: Taxonomy) -> list[Example]:
    out: list[Example] = []
    for path in sorted((HERE / "examples").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            topic = raw.get("topic")
            topics = {}
            if topic == "none":
                topics = {NONE_CLASS: 1.0}
            elif topic:
                topics = {class_of(taxonomy, topic): 1.0}
            turns = raw.get("turns")
            if turns:
                user = "\n".join(t["text"] for t in turns if t["role"] == "user")
                ctx = "\n".join(t["text"] for t in turns if t["role"] == "assistant")
            else:
                user, ctx = raw["text"], ""
            out.append(Example(user, ctx, topics, set(raw.get("sensitive", [])), 4.0))
    return out


def sensitive_examples(data: Path) -> list[Example]:
    out: list[Example] = []
    for t in datasets.read_sensitive(data, "train"):
        topics = {"287": 1.0} if "health" in t.sensitive else {}
        out.append(Example(t.text, "", topics, set(t.sensitive), 1.0))
    return out


def encode(encoder: StaticEncoder, texts: list[str]) -> Encoded:
    return encoder.encode(texts)


def build_space(user: Encoded, ctx: Encoded, vocab: int) -> FeatureSpace:
    def doc_freq(ids: np.ndarray, offsets: np.ndarray, n: int) -> np.ndarray:
        seg = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
        pairs = np.unique(seg * n + ids)
        return np.bincount(pairs % n, minlength=n)

    uni = doc_freq(user.ids, user.offsets, vocab)
    uni_cols = np.full(vocab, -1, dtype=np.int64)
    keep = np.flatnonzero(uni >= 2)
    uni_cols[keep] = np.arange(keep.size)
    size = keep.size
    seg = np.repeat(np.arange(len(user.offsets) - 1), np.diff(user.offsets))
    same = seg[:-1] == seg[1:]
    keys = user.ids[:-1][same] * vocab + user.ids[1:][same]
    span = int(vocab) * int(vocab)
    pairs = np.unique(seg[:-1][same] * span + keys) % span
    bkeys, bcounts = np.unique(pairs, return_counts=True)
    bkeys = bkeys[bcounts >= 3]
    bcols = np.arange(size, size + bkeys.size)
    size += bkeys.size
    cdf = doc_freq(ctx.ids, ctx.offsets, vocab)
    ctx_cols = np.full(vocab, -1, dtype=np.int64)
    ckeep = np.flatnonzero(cdf >= 3)
    ctx_cols[ckeep] = np.arange(size, size + ckeep.size)
    size += ckeep.size
    return FeatureSpace(uni_cols, bkeys.astype(np.int64), bcols, ctx_cols, int(size))


def node_vectors(encoder: StaticEncoder, taxonomy: Taxonomy) -> tuple[list[str], np.ndarray]:
    ids, texts = [], []
    for node in taxonomy:
        ids.append(node.id)
        extra = ", ".join(ALIASES.get(node.id, []))
        texts.append(f"{node.name}. {' - '.join(node.path)}. {extra}")
    return ids, encoder.encode(texts).vectors


def train(
    dense: np.ndarray,
    sparse: SparseBatch,
    targets: np.ndarray,
    topic_mask: np.ndarray,
    sens: np.ndarray,
    sens_mask: np.ndarray,
    weights: np.ndarray,
    n_topics: int,
    n_features: int,
    seed: int,
    epochs: int,
    sparse_lr: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    k = n_topics + sens.shape[1]
    wd = (rng.standard_normal((dense.shape[1], k)) * 0.01).astype(np.float32)
    ws = np.zeros((n_features, k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    params = [wd, ws, b]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, l2, step = 0.01, 1e-5, 0
    # Rare tokens get Adam's full step too; a smaller step for the sparse weights keeps the
    # head from memorising the few examples a token occurs in.
    sparse_lr = SPARSE_LR if sparse_lr is None else sparse_lr
    n = dense.shape[0]
    row_starts = np.searchsorted(sparse.rows, np.arange(n + 1))
    pos = sens.sum(axis=0)
    pos_weight = np.clip((sens_mask.sum(axis=0) - pos) / np.maximum(pos, 1) * 0.3, 1.0, 20.0)
    for epoch in range(epochs):
        order = rng.permutation(n)
        total = 0.0
        for start in range(0, n, 256):
            idx = np.sort(order[start : start + 256])
            spans = [np.arange(row_starts[i], row_starts[i + 1]) for i in idx]
            sel = np.concatenate(spans)
            local = np.repeat(np.arange(idx.size), [s.size for s in spans])
            batch = SparseBatch(local, sparse.features[sel], sparse.values[sel], idx.size)
            z = dense[idx] @ wd + sparse_dot(batch, ws) + b
            w = weights[idx][:, None]
            zt = z[:, :n_topics] - z[:, :n_topics].max(axis=1, keepdims=True)
            p = np.exp(zt)
            p /= p.sum(axis=1, keepdims=True)
            tm = topic_mask[idx][:, None]
            g_topic = (p - targets[idx]) * tm * w
            total += float(-(targets[idx] * np.log(p + 1e-9) * tm * w).sum())
            q = 1.0 / (1.0 + np.exp(-z[:, n_topics:]))
            y = sens[idx]
            sw = np.where(y > 0, pos_weight, 1.0) * sens_mask[idx] * w
            g_sens = (q - y) * sw
            g = np.hstack([g_topic, g_sens]).astype(np.float32) / idx.size
            grads = [dense[idx].T @ g + l2 * wd, None, g.sum(axis=0)]
            order_f = np.argsort(batch.features, kind="stable")
            feats = batch.features[order_f]
            contrib = g[batch.rows[order_f]] * batch.values[order_f][:, None]
            starts = np.flatnonzero(np.r_[True, feats[1:] != feats[:-1]])
            touched = feats[starts]
            gs = segment_sums(contrib, starts) if feats.size else contrib
            step += 1
            c1, c2 = 1 - 0.9**step, 1 - 0.999**step
            for j in (0, 2):
                m[j] = 0.9 * m[j] + 0.1 * grads[j]
                v[j] = 0.999 * v[j] + 0.001 * grads[j] * grads[j]
                params[j] -= lr * (m[j] / c1) / (np.sqrt(v[j] / c2) + 1e-8)
            if touched.size:
                gs = gs + l2 * ws[touched]
                m[1][touched] = 0.9 * m[1][touched] + 0.1 * gs
                v[1][touched] = 0.999 * v[1][touched] + 0.001 * gs * gs
                ws[touched] -= (
                    sparse_lr * (m[1][touched] / c1) / (np.sqrt(v[1][touched] / c2) + 1e-8)
                )
        print(f"epoch {epoch + 1}: topic loss {total / n:.4f}", file=sys.stderr)
    return wd, ws, b


def featurize(
    encoder: StaticEncoder,
    space: FeatureSpace | None,
    examples: list[Example],
    sensitive_view: bool = False,
):  # type: ignore[no-untyped-def]
    users = [sensitive_text(e.user) if sensitive_view else e.user for e in examples]
    u = encoder.encode(users)
    c = encoder.encode([e.context for e in examples])
    return u, c, np.hstack([u.vectors, c.vectors])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=datasets.DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument(
        "--sparse-lr",
        type=float,
        default=SPARSE_LR,
        help=f"step size of the sparse weights (default {SPARSE_LR}; the sensitive head uses 0.01)",
    )
    parser.add_argument(
        "--recalibrate", action="store_true", help="only recalibrate the existing artifact"
    )
    args = parser.parse_args()
    started = time.time()
    if args.recalibrate:
        encoder = StaticEncoder()
        taxonomy = load_taxonomy()
        old = HeadModel.load(args.out)
        ids, vectors = node_vectors(encoder, taxonomy)
        old = dataclasses.replace(
            old, node_ids=tuple(ids), node_vectors=vectors, min_score=MIN_SCORE
        )
        model = calibrate(old, encoder, args.data, taxonomy)
        model.save(args.out)
        return
    random.seed(args.seed)
    rng = random.Random(args.seed)
    taxonomy = load_taxonomy()
    encoder = StaticEncoder()
    examples = sgd_examples(args.data, taxonomy, rng) + own_examples(taxonomy)
    examples += sensitive_examples(args.data)
    topics = sorted({c for e in examples for c in e.topics})
    col = {t: i for i, t in enumerate(topics)}
    print(f"{len(examples)} examples, {len(topics)} classes", file=sys.stderr)
    u, c, dense = featurize(encoder, None, examples)
    space = build_space(u, c, encoder.vocab_size)
    sparse = space.transform(u, c)
    print(f"{space.size} sparse features", file=sys.stderr)
    targets = np.zeros((len(examples), len(topics)), dtype=np.float32)
    topic_mask = np.zeros(len(examples), dtype=np.float32)
    sens = np.zeros((len(examples), len(CATEGORIES)), dtype=np.float32)
    sens_mask = np.ones_like(sens)
    weights = np.array([e.weight for e in examples], dtype=np.float32)
    for i, e in enumerate(examples):
        for t, mass in e.topics.items():
            targets[i, col[t]] = mass
        topic_mask[i] = 1.0 if e.topics else 0.0
        for s in e.sensitive:
            sens[i, CATEGORIES.index(s)] = 1.0
    wd, ws, b = train(
        dense,
        sparse,
        targets,
        topic_mask,
        sens,
        sens_mask,
        weights,
        len(topics),
        space.size,
        args.seed,
        args.epochs,
        args.sparse_lr,
    )
    ids, vectors = node_vectors(encoder, taxonomy)
    model = HeadModel(
        space,
        tuple(topics),
        CATEGORIES,
        wd,
        ws,
        b,
        1.0,
        np.full(len(CATEGORIES), 0.5, np.float32),
        MIN_SCORE,
        tuple(ids),
        vectors,
    )
    model = calibrate(model, encoder, args.data, taxonomy)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} in {time.time() - started:.0f}s", file=sys.stderr)


def calibrate(
    model: HeadModel, encoder: StaticEncoder, data: Path, taxonomy: Taxonomy
) -> HeadModel:
    labels = datasets.read_service_labels(data)
    dev = list(datasets.read_dialogues(data, "dev"))
    dev_ex = [Example(d.item.user_text, d.item.context_text, {}) for d in dev]
    u, c, dense = featurize(encoder, model.features, dev_ex)
    logits = model.logits(dense, model.features.transform(u, c))
    col = {t: i for i, t in enumerate(model.topics)}
    rows, gold = [], []
    for i, d in enumerate(dev):
        nodes = [labels[s].node for s in d.services if s in labels]
        classes = {class_of(taxonomy, n) if n else NONE_CLASS for n in nodes}
        if len(classes) == 1:
            (only,) = classes
            if only in col:
                rows.append(i)
                gold.append(col[only])
    zt = logits[rows, : len(model.topics)]
    best_t, best_nll = 1.0, float("inf")
    for t in np.arange(0.2, 3.01, 0.05):
        z = zt / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = float(-logp[np.arange(len(rows)), gold].mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    print(f"temperature {best_t:.1f} (dev nll {best_nll:.3f})", file=sys.stderr)
    # Thresholds: negatives are SGD dev dialogues with no sensitive service; positives are
    # the calib part of the sensitive texts. Keep false alarms on negatives under 1 %,
    # and go as low as that allows (recall matters most), never above 0.5.
    neg = [
        i
        for i, d in enumerate(dev)
        if not any(labels[s].sensitive for s in d.services if s in labels)
    ]
    sv = [Example(d.item.user_text, d.item.context_text, {}) for d in dev]
    u2, c2, dense2 = featurize(encoder, model.features, sv, sensitive_view=True)
    q_neg = model.sensitive_probabilities(model.logits(dense2, model.features.transform(u2, c2)))[
        neg
    ]
    cal = list(datasets.read_sensitive(data, "calib"))
    ce = [Example(t.text, "", {}) for t in cal]
    u3, c3, dense3 = featurize(encoder, model.features, ce, sensitive_view=True)
    q_pos = model.sensitive_probabilities(model.logits(dense3, model.features.transform(u3, c3)))
    # Our own ordinary prompts (chatbot-style, hard negatives) are negatives too: SGD
    # dialogues alone say little about false alarms on coding or homework prompts.
    ordinary = [e for e in own_examples(taxonomy) if not e.sensitive]
    u4, c4, dense4 = featurize(encoder, model.features, ordinary, sensitive_view=True)
    q_own = model.sensitive_probabilities(model.logits(dense4, model.features.transform(u4, c4)))
    thresholds = np.full(len(CATEGORIES), 0.5, np.float32)
    for j, name in enumerate(CATEGORIES):
        floor = (
            max(float(np.quantile(q_neg[:, j], 0.99)), float(np.quantile(q_own[:, j], 0.99))) + 1e-3
        )
        pos = q_pos[[i for i, t in enumerate(cal) if name in t.sensitive], j]
        if pos.size:
            target = float(np.quantile(pos, 0.02))
            thresholds[j] = float(np.clip(max(min(target, 0.5), floor), 0.05, 0.85))
        else:  # no real data: the head only saw our examples, so lean on the lexicon
            thresholds[j] = float(max(UNSEEN_THRESHOLD, floor))
        print(f"{name}: threshold {thresholds[j]:.3f} (neg p99 {floor:.3f})", file=sys.stderr)
    return HeadModel(
        model.features,
        model.topics,
        model.categories,
        model.dense,
        model.sparse,
        model.bias,
        best_t,
        thresholds,
        model.min_score,
        model.node_ids,
        model.node_vectors,
    )


if __name__ == "__main__":
    main()

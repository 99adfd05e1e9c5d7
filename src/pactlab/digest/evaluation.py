"""Precision, recall and status accuracy of the digest against hand-labelled texts, with k-fold CV.

A labelled set is a folder of YAML files (see ``tests/digest/data/README.md``), one text each, with its
``instruments`` (kind -> status) and ``actors``. Scores are micro-averaged over texts: a predicted
instrument or actor is a true positive when the labels list it for that text. Status accuracy is counted
over the true-positive instruments. Hard negatives (``negative: true``) also count the instrument tags
they received, which should be none.

Cross-validation (:func:`cross_validate`) splits the texts into ``k`` folds (texts shuffled by a seeded
generator, hard negatives spread evenly), fits the cue filter (:func:`pactlab.digest.model.fit_cues`) on
the other folds and scores the held-back fold with it, so that every text is scored by a fit that has not
seen it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactlab._rng import make_rng
from pactlab.digest.model import CueFit, fit_cues
from pactlab.errors import PactlabError

__all__ = ["Counts", "Evaluation", "LabelledText", "cross_validate", "evaluate", "load_labelled"]


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


@dataclass(frozen=True)
class LabelledText:
    """One labelled text."""

    id: str
    text: str
    instruments: dict[str, str]
    actors: frozenset[str]
    negative: bool
    source: str


@dataclass
class Evaluation:
    """Counts per instrument kind and overall, status agreement, actor counts, each text's errors."""

    instruments: dict[str, Counts] = field(default_factory=dict)
    instruments_all: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    status_right: int = 0
    status_total: int = 0
    negative_tags: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def status_accuracy(self) -> float:
        """Share of true-positive instruments whose status matches the label."""
        return self.status_right / self.status_total if self.status_total else 1.0


def load_labelled(folder: Path) -> list[LabelledText]:
    """Every ``*.yaml`` labelled text in ``folder``, sorted by id."""
    import yaml

    out = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
            out.append(
                LabelledText(
                    id=str(data["id"]),
                    text=str(data["text"]),
                    instruments={str(k): str(v) for k, v in (data.get("instruments") or {}).items()},
                    actors=frozenset(data.get("actors") or ()),
                    negative=bool(data.get("negative", False)),
                    source=str(data["url"]),
                )
            )
        except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError) as error:
            raise PactlabError.at(str(path), "", f"cannot read the labelled text: {error}") from None
    if not out:
        raise PactlabError.at(str(folder), "", "no labelled texts (*.yaml) in this folder")
    return out


def evaluate(
    texts: Iterable[LabelledText], *, fit: CueFit | None = None, into: Evaluation | None = None
) -> Evaluation:
    """Digest each text (with ``fit``, default the shipped one) and score it against its labels."""
    from pactlab.digest.core import digest_text
    from pactlab.scenario.taxonomy import InstrumentKind

    result = into if into is not None else Evaluation(instruments={k.value: Counts() for k in InstrumentKind})
    for item in texts:
        digest = digest_text(item.text, name=item.id, fit=fit)
        got = {i.id: i.status for i in digest.instruments}
        got_a = {a.id for a in digest.actors}
        want = item.instruments
        for kind, counts in result.instruments.items():
            counts.add(set(got) & {kind}, set(want) & {kind})
        result.instruments_all.add(set(got), set(want))
        result.actors.add(got_a, set(item.actors))
        for kind in set(got) & set(want):
            result.status_total += 1
            result.status_right += got[kind] == want[kind]
        if item.negative:
            result.negative_tags[item.id] = sorted(got)
        result.errors[item.id] = {
            "instrument_fp": sorted(set(got) - set(want)),
            "instrument_fn": sorted(set(want) - set(got)),
            "status": sorted(
                f"{k}: {got[k]} (label {want[k]})" for k in set(got) & set(want) if got[k] != want[k]
            ),
            "actor_fp": sorted(got_a - item.actors),
            "actor_fn": sorted(item.actors - got_a),
        }
    return result


def folds(texts: Sequence[LabelledText], k: int = 5, *, rng: int = 0) -> list[list[LabelledText]]:
    """Split ``texts`` into ``k`` folds: shuffled by a seeded generator, hard negatives spread evenly."""
    generator = make_rng(rng)
    out: list[list[LabelledText]] = [[] for _ in range(k)]
    position = 0
    for group in ([t for t in texts if not t.negative], [t for t in texts if t.negative]):
        order = generator.permutation(len(group))
        for i in order:
            out[position % k].append(group[int(i)])
            position += 1
    return out


def cross_validate(texts: Sequence[LabelledText], k: int = 5, *, rng: int = 0) -> Evaluation:
    """k-fold cross-validation: each fold scored with the cue fit of the other folds."""
    from pactlab.scenario.taxonomy import InstrumentKind

    result = Evaluation(instruments={kind.value: Counts() for kind in InstrumentKind})
    parts = folds(texts, k, rng=rng)
    for i, held in enumerate(parts):
        train = [t for j, part in enumerate(parts) if j != i for t in part]
        fit = fit_cues(((t.text, t.instruments) for t in train), trained_on=f"fold {i + 1} of {k}")
        evaluate(held, fit=fit, into=result)
    return result

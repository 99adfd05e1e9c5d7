"""The fitted part of the instrument matcher: each cue's reliability, estimated on labelled texts.

For every cue of :mod:`pactlab.digest.cues` the fit counts, over the training texts, the texts where the
cue fires (with its kind's exclusions applied) and how many of them carry the cue's kind in their labels.
From these counts come

- the cue filter: a cue that fired on at least :data:`MIN_SUPPORT` texts with a precision below
  :data:`MIN_PRECISION` is switched off;
- each cue's precision estimate, Laplace-smoothed ``(tp + 1) / (n + 2)``, which is the weight of its
  evidence; an instrument's score is the noisy-or of its evidence, ``1 - prod(1 - p)``, an estimate of
  the probability that the tag is right.

Both thresholds are fixed a priori (half of the firings wrong; two texts), not searched. The shipped fit
(``cue_fit.json``) is made on the whole development set by ``python benchmarks/eval_digest.py --fit``;
the evaluation's cross-validation refits it on each training fold, so that the scores it reports are on
texts the fit has not seen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pactlab.digest.cues import CUES, EXCLUDE
from pactlab.digest.instruments import IMPLIED, WEAPON_KINDS, about_security
from pactlab.digest.sentences import split_sentences

__all__ = ["MIN_PRECISION", "MIN_SUPPORT", "CueFit", "fit_cues", "shipped_fit"]

MIN_SUPPORT = 2
MIN_PRECISION = 0.5


@dataclass(frozen=True)
class CueFit:
    """Per-cue counts (texts fired on, of which correct) and the cues they switch off."""

    counts: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    trained_on: str = ""

    @property
    def disabled(self) -> frozenset[str]:
        """Cues with enough firings and too low a precision."""
        return frozenset(
            name for name, (n, tp) in self.counts.items() if n >= MIN_SUPPORT and tp / n < MIN_PRECISION
        )

    def precision(self, cue: str) -> float:
        """Laplace-smoothed precision of a cue, ``(tp + 1) / (n + 2)`` (0.5 for a cue never seen)."""
        n, tp = self.counts.get(cue, (0, 0))
        return (tp + 1) / (n + 2)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (counts as ``[n, tp]``)."""
        return {
            "trained_on": self.trained_on,
            "min_support": MIN_SUPPORT,
            "min_precision": MIN_PRECISION,
            "counts": {k: list(v) for k, v in sorted(self.counts.items())},
            "disabled": sorted(self.disabled),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CueFit:
        """Inverse of :meth:`to_dict`."""
        counts = {str(k): (int(v[0]), int(v[1])) for k, v in data["counts"].items()}
        return cls(counts=counts, trained_on=str(data.get("trained_on", "")))


def cues_firing(text: str) -> set[str]:
    """Every cue that fires somewhere in ``text`` (each cue on its own, exclusions applied)."""
    if not about_security(text):
        return set()
    fired: set[str] = set()
    for sentence in split_sentences(text):
        if sentence.heading:
            continue
        for cue in CUES:
            if cue.pattern.search(sentence.text) is None:
                continue
            exclusion = EXCLUDE.get(cue.kind)
            if exclusion is None or exclusion.search(sentence.text) is None:
                fired.add(cue.name)
                if cue.kind in WEAPON_KINDS:
                    fired.add(IMPLIED)
    return fired


def fit_cues(texts: Iterable[tuple[str, Iterable[str]]], *, trained_on: str = "") -> CueFit:
    """Count each cue's firings and correct firings over ``(text, labelled kinds)`` pairs."""
    counts: dict[str, list[int]] = {cue.name: [0, 0] for cue in CUES}
    counts[IMPLIED] = [0, 0]
    for text, kinds in texts:
        wanted = set(kinds)
        for name in cues_firing(text):
            counts[name][0] += 1
            counts[name][1] += name.split("/")[0] in wanted
    return CueFit({k: (v[0], v[1]) for k, v in counts.items()}, trained_on=trained_on)


@lru_cache(maxsize=1)
def shipped_fit() -> CueFit:
    """The fit shipped with pactlab (made on the development set); an empty fit if it is missing."""
    from importlib.resources import files

    resource = files("pactlab.digest").joinpath("cue_fit.json")
    if not resource.is_file():
        return CueFit()
    return CueFit.from_dict(json.loads(resource.read_text(encoding="utf-8")))

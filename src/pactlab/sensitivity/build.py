"""From a scenario to the parts a sensitivity analysis evaluates, checked before any work.

:func:`scenario_parts` resolves the scenario's deterrence inputs (refusing, with the scenario's own
file and line, what the deterrence engine refuses: unknown parameter ids, values or priors outside
their support, a missing challenger or target) and its negotiation inputs; :func:`select` keeps the
inputs that match the caller's patterns and applies the caller's ranges, each checked against the
support of what it varies.
"""

from __future__ import annotations

import fnmatch
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from pactlab.deter.checks import check_scenario
from pactlab.deter.mapping import did_you_mean
from pactlab.deter.montecarlo import CALIBRATED
from pactlab.deter.priors import support_of
from pactlab.deter.sensitivity import Problem, problem
from pactlab.errors import ParameterError, ScenarioError
from pactlab.errors import Problem as Located
from pactlab.scenario import Scenario
from pactlab.sensitivity.deterrence import deterrence_space
from pactlab.sensitivity.inputs import Input, Space
from pactlab.sensitivity.negotiation import Cell, NegotiationPart, negotiation_space, outcomes

__all__ = ["Built", "Widths", "scenario_parts", "select"]


@dataclass(frozen=True)
class Widths:
    """The analyst ranges of the scenario's estimates (see the parts' modules)."""

    position: float = 10.0
    salience: float = 0.2
    capability: float = 2.0
    rating: float = 0.2

    def check(self) -> None:
        for name, value, floor in (
            ("position_width", self.position, 0.0),
            ("salience_width", self.salience, 0.0),
            ("rating_width", self.rating, 0.0),
            ("capability_factor", self.capability, 1.0),
        ):
            if not (math.isfinite(value) and value > floor):
                raise ParameterError(name, f"must be a number above {floor:g}, not {value!r}")


@dataclass(frozen=True)
class Built:
    """The scenario's resolved inputs before selection."""

    deterrence: tuple[Problem, Space] | None
    negotiation: NegotiationPart | None
    notes: tuple[str, ...]


def _check_deterrence(scenario: Scenario) -> bool:
    """True when the scenario asks for deterrence; its problems are located to file and line."""
    det = scenario.deterrence
    wants = any(o.instruments for o in scenario.options)
    if not wants:
        return False
    missing = [n for n in ("challenger", "target") if getattr(det, n) is None]
    problems = [
        (f"deterrence.{n}", f"the options carry instruments but the scenario names no {n}") for n in missing
    ]
    problems += check_scenario(scenario)
    if problems:
        raise ScenarioError([Located(scenario.locate(p), m) for p, m in dict(problems).items()])
    return True


def scenario_parts(scenario: Scenario, widths: Widths) -> Built:
    """The deterrence problem and inputs, and the negotiation part, of ``scenario``."""
    widths.check()
    if not scenario.options:
        raise ScenarioError(
            Located(
                scenario.locate("options"),
                "sensitivity needs options: the scenario has none to rank or adopt",
            )
        )
    notes = []
    det = None
    if _check_deterrence(scenario):
        prob = problem(scenario)
        det = (prob, deterrence_space(prob, rating_width=widths.rating))
    else:
        notes.append("deterrence not assessed: no option carries instruments")
    neg = _negotiation(scenario, widths, notes)
    return Built(det, neg, tuple(notes))


def _negotiation(scenario: Scenario, widths: Widths, notes: list[str]) -> NegotiationPart | None:
    adoptions = tuple((o.id, o.adoption.issue) for o in scenario.options if o.adoption is not None)
    if not adoptions:
        notes.append("negotiation not assessed: no option names an adoption issue and level")
        return None
    space, cells = negotiation_space(
        scenario,
        position_width=widths.position,
        salience_width=widths.salience,
        capability_factor=widths.capability,
    )
    found = outcomes(scenario, adoptions)
    outputs = []
    for option, _ in adoptions:
        for key in (f"reachable:{option}", f"negotiated:{option}"):
            if found[key] is None:
                notes.append(f"{key} left out: {found[f'why:{key}']}")
            else:
                outputs.append(key)
    if not outputs:
        return None
    return NegotiationPart(scenario, space, cells, tuple(outputs))


def _matches(inp: Input, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(inp.name, p) or fnmatch.fnmatchcase(inp.factor, p) for p in patterns)


def select(
    space: Space,
    patterns: Sequence[str] | None,
    ranges: Mapping[str, tuple[float, float]],
    support: Mapping[str, tuple[float, float]],
    extra: Mapping[str, Input],
) -> Space:
    """The inputs that match ``patterns`` (all when None), with ``ranges`` applied.

    ``support`` gives each input's admissible interval; ``extra`` holds inputs a range may add (a
    parameter with a fixed value). Joint blocks keep only the selected inputs of their group.
    """
    chosen = list(space.inputs)
    for name, inp in extra.items():
        if name in ranges:
            chosen.append(inp)
    keep = [i for i in chosen if patterns is None or _matches(i, patterns) or i.name in ranges]
    out = []
    for inp in keep:
        if inp.name in ranges:
            lo, hi = ranges[inp.name]
            inp = _ranged(inp, lo, hi, support.get(inp.name, (-math.inf, math.inf)))
        out.append(inp)
    names = [i.name for i in out]
    joint = []
    for block in space.joint:
        cols = [names.index(space.inputs[c].name) for c in block.columns if space.inputs[c].name in names]
        if cols:
            idx = [k for k, c in enumerate(block.columns) if space.inputs[c].name in names]
            chol = np.asarray(block.chol)
            cov = (chol @ chol.T)[np.ix_(idx, idx)]
            joint.append(type(block).of(cols, [block.mean[k] for k in idx], cov))
    return Space(tuple(out), tuple(joint))


def _ranged(inp: Input, lo: float, hi: float, support: tuple[float, float]) -> Input:
    if inp.kind == "fitted":
        raise ParameterError(
            "ranges",
            f"{inp.name}: a fitted coefficient varies with its estimated covariance; refit the calibration "
            "(pactlab calibrate) rather than set its range",
        )
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ParameterError("ranges", f"{inp.name}: needs finite lower < upper, not [{lo:g}, {hi:g}]")
    s_lo, s_hi = support
    if lo < s_lo or hi > s_hi:
        raise ParameterError(
            "ranges", f"{inp.name}: [{lo:g}, {hi:g}] leaves its support [{s_lo:g}, {s_hi:g}]"
        )
    label = f"analyst range (set for this run): uniform on [{lo:g}, {hi:g}]"
    return replace(
        inp, kind="analyst", distribution="uniform", params={"lower": lo, "upper": hi}, label=label, group=""
    )


def deterrence_support(
    prob: Problem, space: Space
) -> tuple[dict[str, tuple[float, float]], dict[str, Input]]:
    """Each deterrence input's support, and the fixed-valued parameters a range may add."""
    support = {
        i.name: ((0.0, 1.0) if i.name.startswith("rating.") else support_of(i.name)) for i in space.inputs
    }
    extra = {}
    listed = set(space.names)
    for pid, p in prob.params.items():
        if pid not in listed and p.prior.distribution == "fixed" and pid not in CALIBRATED:
            support[pid] = support_of(pid)
            label = f"analyst range for a parameter stated as fixed ({p.value:g})"
            extra[pid] = Input(
                pid,
                "analyst",
                "deterrence",
                "uniform",
                {"lower": 0.0, "upper": 1.0},
                p.value,
                label,
            )
    return support, extra


def negotiation_support(part: NegotiationPart) -> dict[str, tuple[float, float]]:
    """Each negotiation input's support: the issue's scale, [0, 1], or (0, inf)."""
    out = {}
    for inp, (kind, issue, _) in zip(part.space.inputs, part.cells, strict=True):
        if kind == "position":
            scale = part.scenario.issue(issue).scale
            out[inp.name] = (scale.lower, scale.upper)
        elif kind == "salience":
            out[inp.name] = (0.0, 1.0)
        else:
            out[inp.name] = (1e-300, math.inf)
    return out


def unknown_ranges(
    ranges: Mapping[str, tuple[float, float]], known: Sequence[str], calibrated: Sequence[str]
) -> None:
    """Refuse ranges for names no part knows (with a "did you mean"), or set by the calibration."""
    for name in ranges:
        if name in calibrated:
            raise ParameterError(
                "ranges",
                f"{name}: set by the calibration on every draw; state it as an analyst estimate in the "
                "scenario (deterrence.parameters) to vary it",
            )
        if name not in known:
            raise ParameterError(
                "ranges", f"{name}: not an input of this scenario{did_you_mean(name, known)}"
            )


def select_cells(part: NegotiationPart, space: Space) -> NegotiationPart:
    """The negotiation part restricted to the selected inputs (cells follow their inputs)."""
    by_name: dict[str, Cell] = dict(zip(part.space.names, part.cells, strict=True))
    return replace(part, space=space, cells=tuple(by_name[n] for n in space.names))

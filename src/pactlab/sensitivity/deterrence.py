"""The deterrence part of a scenario's sensitivity analysis: inputs, outputs and evaluation.

Inputs (:func:`deterrence_space`):

- every uncertain parameter of the deterrence engine (:func:`pactlab.deter.sensitivity.
  parameter_space`): the engine's documented priors (``prior``), the scenario's own estimates with
  their spreads (``analyst``), and the calibration's coefficients (``fitted``), which vary jointly
  with their estimated covariance as ONE factor (``calibration``), since Sobol' indices assume
  independent factors;
- the scenario's instrument ratings (capability, escalation signal, verifiability on 0-1) of every
  instrument an option uses: analyst estimates, varied over the stated value +/- ``rating_width``
  (cut to [0, 1]) and labelled as analyst ranges.

Outputs (:attr:`DeterrencePart.outputs`): each option's mean P(deterrence) (``p_deter:<id>``) and
P(direct clash) (``p_clash:<id>``), the no-guarantee baseline included, and the ranking:
``lead_margin``, the leading option's P(deterrence) less the best other option's (the baseline is
not an option). The leading option is the one with the highest mean P(deterrence) at the stated
inputs (the deterrence report's figures, same seed and draws); ``lead_margin < 0`` means it has
lost first place.

Evaluation goes through the engine's own interface (:func:`pactlab.deter.sensitivity.
evaluate_settings`): each design row fixes its inputs and the engine draws whatever is left from
its priors (``draws`` draws, the same seed on every row: common random numbers, so that rows differ
only by their inputs). When every uncertain input is in the design nothing is left to draw and a row
is exact; :func:`deterrence_part` checks that and then evaluates rows with the engine's minimum of
2 draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from pactlab.deter.mapping import NO_GUARANTEE, InstrumentSpec, OptionSpec
from pactlab.deter.sensitivity import Problem, evaluate_settings, parameter_space, prob_value
from pactlab.sensitivity.inputs import Input, JointNormal, Space

__all__ = ["RATINGS", "DeterrencePart", "deterrence_space", "lead_margin", "rated"]

Array = NDArray[np.float64]
#: The instrument ratings an analyst states (0-1), varied as analyst ranges.
RATINGS = ("capability", "escalation_signal", "verifiability")
_FITTED = "calibration."


def _prior_label(kind: str, distribution: str, params: Mapping[str, float]) -> str:
    args = ", ".join(f"{k}={v:.4g}" for k, v in params.items())
    what = {"prior": "prior", "analyst": "analyst estimate (scenario)", "fitted": "fitted"}[kind]
    return f"{what}: {distribution}({args})"


def deterrence_space(prob: Problem, *, rating_width: float = 0.2) -> Space:
    """The deterrence inputs of a resolved problem (see the module docstring)."""
    inputs: list[Input] = []
    fitted: list[int] = []
    for info in parameter_space(prob):
        params = dict(info.params)
        if info.kind == "fitted":
            fitted.append(len(inputs))
            label = (
                f"fitted: normal(mean={params['mean']:.4g}, se={params['sd']:.4g}), "
                "jointly with the calibration's other coefficients"
            )
            inputs.append(
                Input(
                    info.name,
                    "fitted",
                    "deterrence",
                    "normal",
                    params,
                    info.params["mean"],
                    label,
                    "calibration",
                )
            )
            continue
        label = _prior_label(info.kind, info.distribution, params)
        inputs.append(
            Input(
                info.name,
                info.kind,
                "deterrence",
                info.distribution,
                params,
                prob_value(prob, info.name),
                label,
            )
        )
    inputs += _rating_inputs(prob.options, rating_width)
    joint: tuple[JointNormal, ...] = ()
    if fitted and prob.calibration is not None:
        cal = prob.calibration
        idx = [cal.names.index(inputs[k].name.removeprefix(_FITTED)) for k in fitted]
        cov = np.asarray(cal.covariance, dtype=float)[np.ix_(idx, idx)]
        joint = (JointNormal.of(fitted, [cal.coefficients[i] for i in idx], cov),)
    return Space(tuple(inputs), joint)


def _rating_inputs(options: Sequence[OptionSpec], width: float) -> list[Input]:
    seen: dict[str, InstrumentSpec] = {}
    for opt in options:
        for inst in opt.instruments:
            seen.setdefault(inst.id, inst)
    out = []
    for inst in seen.values():
        for rating in RATINGS:
            value = float(getattr(inst, rating))
            lo, hi = max(0.0, value - width), min(1.0, value + width)
            if hi > lo:
                label = f"analyst range: rating {value:g} +/- {width:g}, cut to [0, 1] (instrument {inst.id})"
                out.append(
                    Input(
                        f"rating.{inst.id}.{rating}",
                        "analyst",
                        "deterrence",
                        "uniform",
                        {"lower": lo, "upper": hi},
                        value,
                        label,
                    )
                )
    return out


def rated(prob: Problem, ratings: Mapping[tuple[str, str], float]) -> Problem:
    """``prob`` with the instrument ratings ``{(instrument id, rating): value}`` replaced."""
    if not ratings:
        return prob
    options = []
    for opt in prob.options:
        insts = tuple(_rated_instrument(i, ratings) for i in opt.instruments)
        options.append(replace(opt, instruments=insts))
    return replace(prob, options=tuple(options))


def _rated_instrument(inst: InstrumentSpec, ratings: Mapping[tuple[str, str], float]) -> InstrumentSpec:
    found = {r: float(v) for (iid, r), v in ratings.items() if iid == inst.id}
    return replace(
        inst,
        capability=found.get("capability", inst.capability),
        escalation_signal=found.get("escalation_signal", inst.escalation_signal),
        verifiability=found.get("verifiability", inst.verifiability),
    )


@dataclass(frozen=True)
class DeterrencePart:
    """The deterrence engine as a function of the design's inputs (picklable; see the module docstring)."""

    problem: Problem
    space: Space
    leader: str | None
    draws: int
    seed: int
    name: str = "deterrence"

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.problem.options)

    @property
    def outputs(self) -> tuple[str, ...]:
        ids = self.option_ids
        margin = ("lead_margin",) if self.leader is not None else ()
        return (*(f"p_deter:{o}" for o in ids), *(f"p_clash:{o}" for o in ids), *margin)

    def _split(
        self, names: Sequence[str], row: Array
    ) -> tuple[list[str], list[float], dict[tuple[str, str], float]]:
        engine_names, engine_values, ratings = [], [], {}
        for name, value in zip(names, row, strict=True):
            if name.startswith("rating."):
                inst, rating = name.removeprefix("rating.").rsplit(".", 1)
                ratings[(inst, rating)] = float(value)
            else:
                engine_names.append(name)
                engine_values.append(float(value))
        return engine_names, engine_values, ratings

    def means(self, names: Sequence[str], rows: Array, draws: int | None = None) -> Array:
        """Mean P(deterrence) and P(direct clash) of every option for each row of ``rows`` whose
        columns are the inputs ``names``; the engine draws the rest. Shape (rows, options, 2)."""
        grid = np.atleast_2d(np.asarray(rows, dtype=float))
        out = np.empty((grid.shape[0], len(self.option_ids), 2))
        for i, row in enumerate(grid):
            eng_names, eng_values, ratings = self._split(names, row)
            prob = rated(self.problem, ratings)
            out[i] = evaluate_settings(
                prob, eng_names, np.asarray([eng_values]), draws=draws or self.draws, seeds=[self.seed]
            )[0]
        return out

    def evaluate(self, values: Array) -> Array:
        """The outputs for design rows of input values (rows x inputs) -> (rows x outputs)."""
        means = self.means(self.space.names, values)
        p = means[:, :, 0]
        cols = [p, means[:, :, 1]]
        if self.leader is not None:
            cols.append(lead_margin(p, self.option_ids, self.leader)[:, None])
        return np.concatenate(cols, axis=1)


def lead_margin(p_deter: Array, option_ids: Sequence[str], leader: str) -> Array:
    """The leader's P(deterrence) less the best other option's (the baseline is not an option)."""
    k = list(option_ids).index(leader)
    others = [j for j, o in enumerate(option_ids) if o not in (leader, NO_GUARANTEE.id)]
    p = np.atleast_2d(p_deter)
    return np.asarray(p[:, k] - p[:, others].max(axis=1), dtype=float)

"""The deterrence engine's interface for global sensitivity analysis (SALib, on Dask or not).

Two functions, for a helper that samples a parameter space and evaluates the engine on it:

- :func:`parameter_space` lists a scenario's deterrence parameter space: one
  :class:`ParameterInfo` per uncertain input (name, kind ``fitted``/``prior``/``analyst``, its
  distribution and parameters, bounds = its 0.5th and 99.5th percentiles, description). Fitted
  inputs are the calibration's coefficients (``calibration.<name>``, normal with their standard
  errors); the parameters the calibration sets on every draw are not listed separately.
- :func:`evaluate_settings` evaluates every option's mean P(deterrence) and P(direct clash) for a
  matrix of settings (one row per setting, one column per listed name, in any subset and order):
  each row fixes those inputs, draws the rest ``draws`` times from row ``i``'s seed
  (``seeds[i]``, or ``seed + i``), and returns an array ``(rows, options, 2)`` with options in
  :attr:`Problem.options` order (the no-guarantee baseline first). Deterministic for a seed; the
  :class:`Problem` and the function are picklable, so rows can be split across a process pool or
  Dask workers and the results stacked: the same numbers, whatever the split.

Example
-------
>>> from pactlab.scenario import load_scenario
>>> prob = problem(load_scenario("vilnius-2023"))
>>> names = [p.name for p in parameter_space(prob)][:2]
>>> out = evaluate_settings(prob, names, [[prob_value(prob, n) for n in names]], draws=64, seed=0)
>>> out.shape == (1, len(prob.options), 2)
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from pactlab.deter.calibration import Calibration, load_calibration
from pactlab.deter.mapping import NO_GUARANTEE, OptionSpec, options_from_scenario, resolve_parameters
from pactlab.deter.montecarlo import Plan, run_plan
from pactlab.deter.priors import Parameter, Prior
from pactlab.deter.scenarios import _profile_entries
from pactlab.errors import ParameterError
from pactlab.scenario import Scenario

__all__ = [
    "ParameterInfo",
    "Problem",
    "evaluate_settings",
    "parameter_space",
    "prob_value",
    "problem",
]

Array = NDArray[np.float64]
_FITTED = "calibration."


@dataclass(frozen=True, slots=True)
class ParameterInfo:
    """One uncertain input of the deterrence engine."""

    name: str
    kind: str
    distribution: str
    params: Mapping[str, float]
    bounds: tuple[float, float]
    description: str


@dataclass(frozen=True)
class Problem:
    """A scenario's deterrence inputs, resolved once (picklable)."""

    params: Mapping[str, Parameter]
    options: tuple[OptionSpec, ...]
    calibration: Calibration | None
    credibility: Mapping[str, float]
    lam: float | None = None


def problem(
    scenario: Scenario,
    *,
    profile_name: str | None = None,
    credibility: Mapping[str, float] | None = None,
    calibration: Calibration | bool | None = True,
) -> Problem:
    """Resolve a scenario's deterrence inputs (profile, overrides, options, calibration)."""
    overrides = [*_profile_entries(scenario, profile_name), *scenario.deterrence.parameters]
    cal = load_calibration() if calibration is True else (calibration or None)
    opts = (NO_GUARANTEE, *options_from_scenario(scenario))
    return Problem(
        resolve_parameters(overrides),
        opts,
        cal if isinstance(cal, Calibration) else None,
        dict(credibility or {}),
    )


def _plan(prob: Problem, draws: int, seed: int) -> Plan:
    return Plan(
        prob.params,
        prob.options,
        np.random.SeedSequence(seed),
        draws,
        prob.credibility,
        prob.lam,
        prob.calibration,
        driver_draws=0,
    )


def parameter_space(prob: Problem) -> list[ParameterInfo]:
    """The uncertain inputs of ``prob`` (see the module docstring)."""
    calibrated = set(_plan(prob, 2, 0).calibrated())
    out = []
    for pid, p in prob.params.items():
        if p.prior.distribution == "fixed" or pid in calibrated:
            continue
        out.append(
            ParameterInfo(
                pid,
                p.kind,
                p.prior.distribution,
                dict(p.prior.params),
                (p.prior.quantile(0.005), p.prior.quantile(0.995)),
                p.rationale or p.source,
            )
        )
    cal = prob.calibration
    if cal is not None:
        for name, mean, se in zip(cal.names, cal.coefficients, cal.se, strict=True):
            out.append(
                ParameterInfo(
                    f"{_FITTED}{name}",
                    "fitted",
                    "normal",
                    {"mean": mean, "sd": se},
                    (mean - 2.576 * se, mean + 2.576 * se),
                    "calibration coefficient (pactlab calibrate)",
                )
            )
    return out


def prob_value(prob: Problem, name: str) -> float:
    """The central value of an input (the parameter's value or the coefficient's estimate)."""
    if name.startswith(_FITTED) and prob.calibration is not None:
        return prob.calibration.coef(name.removeprefix(_FITTED))
    return prob.params[name].value


def _fixed(prob: Problem, names: Sequence[str], row: Array) -> Problem:
    params = dict(prob.params)
    cal = prob.calibration
    coefs = list(cal.coefficients) if cal is not None else []
    for name, value in zip(names, row, strict=True):
        if name.startswith(_FITTED) and cal is not None:
            coefs[cal.names.index(name.removeprefix(_FITTED))] = float(value)
        elif name in params:
            p = params[name]
            params[name] = replace(p, value=float(value), prior=Prior("fixed", {}, float(value)))
        else:
            raise ParameterError("names", f"{name!r} is not an input of this problem (see parameter_space)")
    if cal is not None:
        fixed = tuple(n.removeprefix(_FITTED) for n in names if n.startswith(_FITTED))
        cov = [
            [0.0 if (cal.names[i] in fixed or cal.names[j] in fixed) else v for j, v in enumerate(r)]
            for i, r in enumerate(cal.covariance)
        ]
        cal = replace(cal, coefficients=tuple(coefs), covariance=tuple(tuple(r) for r in cov))
    return replace(prob, params=params, calibration=cal)


def evaluate_settings(
    prob: Problem,
    names: Sequence[str],
    settings: ArrayLike,
    *,
    draws: int = 10_000,
    seed: int = 0,
    seeds: Sequence[int] | None = None,
) -> Array:
    """Mean P(deterrence) and P(direct clash) of every option for each row of ``settings``.

    Returns an array of shape ``(rows, len(prob.options), 2)``.
    """
    grid = np.atleast_2d(np.asarray(settings, dtype=float))
    if grid.shape[1] != len(names):
        raise ParameterError("settings", f"has {grid.shape[1]} columns for {len(names)} names")
    if draws < 2:
        raise ParameterError("draws", f"needs at least 2 draws, not {draws}")
    row_seeds = list(seeds) if seeds is not None else [seed + i for i in range(grid.shape[0])]
    out = np.empty((grid.shape[0], len(prob.options), 2))
    for i, row in enumerate(grid):
        fixed = _fixed(prob, names, row)
        totals = run_plan(_plan(fixed, draws, int(row_seeds[i])))
        for k, opt in enumerate(prob.options):
            out[i, k] = (totals.mean(opt.id, "deterrence"), totals.mean(opt.id, "direct_clash"))
    return out

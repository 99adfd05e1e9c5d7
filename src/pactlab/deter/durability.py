"""Durability of a settlement: survival of peace after a war, by guarantee option (models.md §2.6).

Baseline: a piecewise-exponential hazard of renewed conflict fitted to the 119 war dyads of
post-1945 inter-state wars (COW wars 4.0 with MID 5.0) by ``scripts/fit_durability_baseline.py``;
the fitted rates ship as package data (``data/durability_baseline.json``) with their provenance, so
no third-party data is needed at run time. The Kaplan-Meier figures it reproduces: S(5) = 0.52 for
any new MID, 0.60 for a new use of force.

Uncertainty: the file also holds 1,000 bootstrap replicates of the fitted rates (war dyads
resampled); :func:`option_survival` takes one replicate per Monte Carlo draw, so every S(t) carries
the baseline's sampling uncertainty (S5 for any new MID: 0.52, 95% interval about 0.43-0.61), also
for options that touch no term of the survival model.

Agreement strength enters as proportional hazards, ``S(t) = S0(t) ** HR`` with
``HR = prod_k hr_k ** x_k``: ``x_k`` in [0, 1] is the option's exposure to term ``k``
(demilitarised zone, third-party guarantee, peacekeeping or monitoring, joint commission, imposed
by outside pressure), and ``hr_k`` an uncertain hazard ratio with the sign found by Fortna (2003)
and Werner & Yuen (2005) (priors in ``data/defaults.yaml``, overridable by id).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab.deter.mapping import OptionSpec, channels

__all__ = [
    "HORIZONS",
    "TERMS",
    "baseline",
    "baseline_survival",
    "exposures",
    "option_survival",
    "replicate_survival",
]

Array = NDArray[np.float64]
HORIZONS = (1, 5, 10)
TERMS = ("dmz", "third_party_guarantee", "peacekeeping_monitoring", "joint_commission", "imposed")


@functools.lru_cache(maxsize=1)
def baseline() -> dict[str, Any]:
    """The fitted baseline with its provenance (as written by the fitting script)."""
    text = resources.files("pactlab.deter").joinpath("data/durability_baseline.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _exposure(t: float) -> Array:
    """Years spent in each piece of the hazard up to ``t``."""
    breaks = [*baseline()["breaks_years"], np.inf]
    return np.array([np.clip(min(t, breaks[j + 1]) - breaks[j], 0.0, None) for j in range(len(breaks) - 1)])


@functools.lru_cache(maxsize=2)
def _replicate_rates(outcome: str) -> Array:
    rates = baseline()["outcomes"][outcome].get("bootstrap_rates")
    if not rates:
        return np.asarray([baseline()["outcomes"][outcome]["rates_per_year"]], dtype=float)
    return np.asarray(rates, dtype=float)


def replicate_survival(t: float, outcome: str, replicate: NDArray[np.int64]) -> Array:
    """S0(t) under bootstrap replicate ``replicate % n_replicates`` of the baseline, per draw."""
    rates = _replicate_rates(outcome)
    h = rates @ _exposure(t)
    return np.asarray(np.exp(-h[np.asarray(replicate) % rates.shape[0]]), dtype=float)


def baseline_survival(t: Array | float, outcome: str = "any_mid") -> Array:
    """S0(t) of the fitted baseline; ``outcome`` is ``"any_mid"`` or ``"use_of_force"``.

    Examples
    --------
    >>> round(float(baseline_survival(5.0)), 2)
    0.52
    """
    data = baseline()
    rates = np.asarray(data["outcomes"][outcome]["rates_per_year"], dtype=float)
    breaks = [*data["breaks_years"], np.inf]
    t = np.asarray(t, dtype=float)
    h = np.zeros_like(t)
    for j, rate in enumerate(rates):
        h = h + rate * np.clip(np.minimum(t, breaks[j + 1]) - breaks[j], 0.0, None)
    return np.asarray(np.exp(-h), dtype=float)


def exposures(option: OptionSpec, draws: Mapping[str, Array]) -> dict[str, Array | float]:
    """The option's exposure (0-1) to each agreement-strength term."""
    kinds = channels()
    out: dict[str, Array | float] = {"dmz": draws["durability.dmz"], "imposed": draws["durability.imposed"]}
    for term in ("third_party_guarantee", "peacekeeping_monitoring", "joint_commission"):
        level: Array | float = 0.0
        for inst in option.instruments:
            if inst.kind not in kinds[term]:
                continue
            if term == "third_party_guarantee":
                strength: Array | float = draws.get(f"legal_weight.{inst.legal_form}", 1.0)
            else:
                strength = inst.verifiability
            level = np.maximum(level, strength)
        out[term] = level
    return out


def option_survival(
    option: OptionSpec, draws: Mapping[str, Array], replicate: NDArray[np.int64] | None = None
) -> dict[str, Array]:
    """S(1), S(5), S(10) on every draw for ``option`` (keys ``s1``, ``s5``, ``s10``); with
    ``replicate`` (one integer per draw) the baseline is that draw's bootstrap replicate."""
    x = exposures(option, draws)
    log_hr = sum((x[k] * np.log(draws[f"hr.{k}"]) for k in TERMS), np.zeros(1))
    hr = np.exp(log_hr)
    use_force = np.asarray(draws["durability.outcome"]) >= 0.5
    out = {}
    for t in HORIZONS:
        if replicate is None:
            s0 = np.where(use_force, baseline_survival(t, "use_of_force"), baseline_survival(t))
        else:
            s0 = np.where(
                use_force,
                replicate_survival(t, "use_of_force", replicate),
                replicate_survival(t, "any_mid", replicate),
            )
        out[f"s{t}"] = np.asarray(s0**hr, dtype=float)
    return out

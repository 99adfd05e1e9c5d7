"""Deterrence on a scenario: what the engine needs from it, checked before any work.

- :func:`check_scenario` lists every problem of a scenario's deterrence section as (field path,
  message) pairs, with the scenario's own field paths (``deterrence.parameters[2].id``), so that
  ``pactlab scenarios validate`` can locate them to a line: unknown parameter ids (with "did you
  mean"), values and priors outside their support, an unknown profile, and options that ask for
  deterrence in a scenario that names no challenger or target.
- :func:`assess_scenario` runs :func:`pactlab.deter.report.assess` on the scenario's options and
  overrides; it refuses a scenario without a challenger and a target, reports durability only when
  the scenario describes an armed conflict (``deterrence.armed_conflict``), and says in one line
  when the result rests on generic defaults that the scenario's situation contradicts (a named
  challenger with neither its own payoffs nor its dyad's covariates set).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pactlab._rng import RNGLike
from pactlab.deter.calibration import Calibration
from pactlab.deter.checks import check_scenario
from pactlab.deter.mapping import options_from_scenario, profile
from pactlab.deter.montecarlo import Engine
from pactlab.deter.report import RiskReport, assess
from pactlab.errors import ParameterError, Problem, ScenarioError
from pactlab.scenario import Scenario

__all__ = ["SITUATION", "assess_scenario", "check_scenario", "situation_warnings"]

#: Parameters that describe the challenger's situation: a scenario naming a challenger should set
#: at least one (its payoffs or its dyad's covariates), else it rests on the generic dyad.
SITUATION = (
    "sq",
    "cost_attack",
    "dyad.contiguous",
    "dyad.major_a",
    "dyad.major_b",
    "dyad.peace_years",
    "dyad.era",
)


def _profile_entries(scenario: Scenario, profile_name: str | None) -> list[Any]:
    name = profile_name or scenario.deterrence.profile
    return list(profile(name)) if name else []


def situation_warnings(scenario: Scenario, overrides: list[Any]) -> list[str]:
    """One-line notes when the result rests on defaults the scenario's situation contradicts."""
    ids = {(o.get("id") if isinstance(o, Mapping) else getattr(o, "id", None)) for o in overrides}
    notes = []
    if scenario.deterrence.challenger and not ids & set(SITUATION):
        notes.append(
            f"generic defaults: the scenario names the challenger {scenario.deterrence.challenger!r} "
            "but sets neither its payoffs (sq, cost_attack) nor its dyad's covariates (dyad.*), so "
            "the baseline is an average politically relevant dyad, not this challenger"
        )
    return notes


def assess_scenario(
    scenario: Scenario,
    *,
    option: str | None = None,
    profile_name: str | None = None,
    draws: int = 20_000,
    rng: RNGLike = 0,
    credibility: Mapping[str, float] | None = None,
    lam: float | None = None,
    engine: Engine | None = None,
    chunk_size: int = 65_536,
    calibration: Calibration | bool | None = True,
    progress: Callable[[int, int], None] | None = None,
) -> RiskReport:
    """:func:`pactlab.deter.report.assess` on a scenario's options and deterrence overrides.

    ``profile_name`` (else the scenario's ``deterrence.profile``) applies a shipped profile first;
    the scenario's own ``deterrence.parameters`` override it. Problems of the scenario are located
    to its file and line (``Scenario.locate``).
    """
    det = scenario.deterrence
    missing = [n for n in ("challenger", "target") if getattr(det, n) is None]
    if missing:
        message = (
            "deterrence needs a challenger and a target (deterrence.challenger, "
            "deterrence.target); this scenario names no " + " and no ".join(missing)
        )
        raise ScenarioError(Problem(scenario.locate(f"deterrence.{missing[0]}"), message))
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioError([Problem(scenario.locate(p), m) for p, m in problems])
    options = options_from_scenario(scenario)
    if option is not None:
        options = [o for o in options if o.id == option]
        if not options:
            known = ", ".join(o.id for o in options_from_scenario(scenario)) or "none"
            raise ParameterError("option", f"no option {option!r} in {scenario.origin} (known: {known})")
    overrides = [*_profile_entries(scenario, profile_name), *det.parameters]
    notes = situation_warnings(scenario, overrides)
    if not det.armed_conflict:
        notes.append(
            "durability not reported: the scenario describes no armed conflict "
            "(deterrence.armed_conflict is false)"
        )
    return assess(
        options,
        parameters=overrides,
        scenario=scenario.metadata.id,
        digest=scenario.digest,
        draws=draws,
        rng=rng,
        credibility=credibility,
        lam=lam,
        engine=engine,
        chunk_size=chunk_size,
        calibration=calibration,
        warnings=notes,
        durability_applies=det.armed_conflict,
        progress=progress,
    )

"""Validation that knows the engines: what each engine needs of a scenario, checked before it runs.

The schema (:mod:`pactlab.scenario`) checks a scenario's form and cross-references. Whether the
scenario holds what an engine will need (deterrence parameters the deterrence engine knows, a position
for every member of a unanimity group, a roadmap section ``plan`` can schedule...) only the engine can
say. Each engine offers ``check_scenario(scenario) -> list[tuple[str, str]]``, a (field path, message)
pair per problem, without running a model; :func:`check_scenario` gathers them from every engine in
:data:`CHECKERS` and locates each one in the scenario's file with :meth:`Scenario.locate`, so that
``pactlab scenarios validate`` reports every problem at once as ``file:line:field.path: message``.

The registry holds import paths, not callables, so that validation imports only the engines' check
modules (never OR-Tools or SciPy): one table serves dispatch, listing (``pactlab scenarios validate``
names what it checked) and the contract tests, which call every registered checker on the catalog.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pactlab.errors import Problem, ScenarioError
from pactlab.scenario import Scenario

__all__ = ["CHECKERS", "Checker", "EngineCheck", "check_scenario", "engine_problems", "register"]

Checker = Callable[[Scenario], Iterable[tuple[str, str]]]
"""An engine's check: (field path, message) for each problem it would meet in the scenario."""


@dataclass(frozen=True)
class EngineCheck:
    """A registered engine check: the engine's name and where its ``check_scenario`` lives."""

    engine: str
    target: str  # "package.module:function"
    what: str  # what it checks, for documentation and listing

    def load(self) -> Checker:
        """The check function (its module is imported on first use)."""
        module, _, name = self.target.partition(":")
        checker: Checker = getattr(importlib.import_module(module), name)
        return checker


CHECKERS: dict[str, EngineCheck] = {
    "plan": EngineCheck(
        "plan",
        "pactlab.plan.checks:check_scenario",
        "the roadmap section: steps fit the horizon, the capacities and the risk budget; consensus "
        "windows for required steps; milestone dependencies carried by steps",
    ),
    "deter": EngineCheck(
        "deter",
        "pactlab.deter.checks:check_scenario",
        "deterrence parameter ids (did you mean), values and priors inside their support, a challenger "
        "and a target where deterrence is asked for, the profile",
    ),
    "negotiate": EngineCheck(
        "negotiate",
        "pactlab.negotiate.checks:check_scenario",
        "who decides: a position or an explicit abstention for every member of a voting group; votes and "
        "quota where the rule needs them; named capability measures defined; lobbyists outside the group",
    ),
}
"""Every engine's check, by engine name (filled at import; :func:`register` adds one)."""


def register(engine: str, target: str, what: str) -> EngineCheck:
    """Add (or replace) an engine's check, e.g. ``register("deter", "pactlab.deter:check_scenario", ...)``."""
    check = EngineCheck(engine, target, what)
    CHECKERS[engine] = check
    return check


def engine_problems(
    scenario: Scenario, checkers: Mapping[str, EngineCheck] | None = None
) -> list[tuple[str, str, str]]:
    """(engine, field path, message) of every problem every engine finds, in registry order."""
    found: list[tuple[str, str, str]] = []
    for name, check in (CHECKERS if checkers is None else checkers).items():
        found += [(name, path, message) for path, message in check.load()(scenario)]
    return found


def check_scenario(scenario: Scenario, checkers: Mapping[str, EngineCheck] | None = None) -> None:
    """Raise one :class:`~pactlab.errors.ScenarioError` with every engine's problem, each located.

    Parameters
    ----------
    scenario : a valid scenario (as the readers return it: it knows its file and lines).
    checkers : the engine checks to run; all of :data:`CHECKERS` when None.

    Raises
    ------
    ScenarioError
        One located problem per (field path, message) an engine reported.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> check_scenario(load_scenario("vilnius-2023")) is None
    True
    """
    found = engine_problems(scenario, checkers)
    if found:
        raise ScenarioError([Problem(scenario.locate(path), message) for _, path, message in found])

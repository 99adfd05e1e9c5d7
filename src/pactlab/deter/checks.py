"""What the deterrence engine needs of a scenario, checked without running it (and without SciPy).

:func:`check_scenario` is the deterrence engine's entry in :data:`pactlab.checks.CHECKERS`
(``"pactlab.deter.checks:check_scenario"``): (field path, message) pairs with the scenario's own field
paths (``deterrence.parameters[2].id``), which :meth:`pactlab.scenario.Scenario.locate` turns into
``file:line:path``. It imports the parameter tables only (``mapping``, ``priors``): no model, no SciPy.
"""

from __future__ import annotations

from pactlab.deter.mapping import profiles, resolve_parameters
from pactlab.errors import PactlabError
from pactlab.scenario import Scenario

__all__ = ["check_scenario"]


def check_scenario(scenario: Scenario) -> list[tuple[str, str]]:
    """Problems of the scenario's deterrence section, as (field path, message) pairs."""
    det = scenario.deterrence
    problems: list[tuple[str, str]] = []
    if det.profile is not None and det.profile not in profiles():
        problems.append(
            ("deterrence.profile", f"unknown profile {det.profile!r} (known: {', '.join(profiles())})")
        )
    try:
        resolve_parameters(det.parameters, file="", path="deterrence.parameters")
    except PactlabError as err:
        problems += [(p.location.path, p.message) for p in err.problems]
    wants = bool(det.parameters) or any(o.instruments for o in scenario.options)
    if wants:
        for name in ("challenger", "target"):
            if getattr(det, name) is None:
                problems.append(
                    (
                        f"deterrence.{name}",
                        f"the scenario asks for deterrence (options "
                        f"with instruments or deterrence parameters) but names no {name}",
                    )
                )
    return problems

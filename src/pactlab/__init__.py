"""pactlab: models for designing and scrutinising security guarantees.

The curated face for notebooks and scripts (see :mod:`pactlab.api` and docs/notebook.md)::

    import pactlab as pl

    scenario = pl.load("vilnius-2023")
    pl.negotiate(scenario)   # can the alliance agree, and on what?
    pl.deter(scenario)       # does each option deter, at what escalation risk?
    pl.plan(scenario)        # in what order to give the guarantees?
    pl.analyze(scenario)     # all of it, as the brief shows it
    pl.digest("article.txt") # a policy article in a page
    pl.Ledger("sqlite://")   # the commitments ledger

Every name loads when first used (PEP 562), so that ``import pactlab`` and ``pactlab --help`` import no
engine, NumPy-heavy or not. ``pl.negotiate`` is both the verb and the package ``pactlab.negotiate``
(:mod:`pactlab._face`), and likewise ``deter``, ``plan``, ``digest``, ``sensitivity``, ``backtest``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pactlab._version import __version__
from pactlab.errors import PactlabError, ParameterError, ScenarioError

if TYPE_CHECKING:
    from pactlab.api import analyze, load
    from pactlab.ledger.facade import Ledger
    from pactlab.results import Provenance, Result
    from pactlab.scenario.schema import Scenario

_WHERE = {
    "load": "pactlab.api",
    "analyze": "pactlab.api",
    "Ledger": "pactlab.ledger.facade",
    "Provenance": "pactlab.results",
    "Result": "pactlab.results",
    "Scenario": "pactlab.scenario.schema",
}
_ENGINES = ("backtest", "deter", "digest", "negotiate", "plan", "sensitivity")

__all__ = [
    "Ledger",
    "PactlabError",
    "ParameterError",
    "Provenance",
    "Result",
    "Scenario",
    "ScenarioError",
    "__version__",
    "analyze",
    "backtest",
    "deter",
    "digest",
    "load",
    "negotiate",
    "plan",
    "sensitivity",
]


def __getattr__(name: str) -> Any:
    if name in _ENGINES:  # the callable package; importing it binds it here too
        return importlib.import_module(f"pactlab.{name}")
    if name not in _WHERE:
        raise AttributeError(f"module 'pactlab' has no attribute {name!r}")
    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

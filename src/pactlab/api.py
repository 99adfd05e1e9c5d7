"""The curated face of pactlab for notebooks and scripts (``import pactlab as pl``).

One verb per question, each taking a scenario (a loaded :class:`~pactlab.scenario.Scenario`, a catalog
id such as ``"vilnius-2023"`` or a file path) and returning a frozen result that offers the protocol
of :mod:`pactlab.results`: ``provenance``, ``to_dict()`` / ``from_dict()``, ``to_frame()``,
``summary()`` and a notebook display.

=====================  ======================================  =======================================
verb                   question                                result
=====================  ======================================  =======================================
``pl.load(ref)``       the scenario                            :class:`~pactlab.scenario.Scenario`
``pl.negotiate(s)``    can the alliance agree, on what?        :class:`~pactlab.negotiate.Negotiation`
``pl.deter(s)``        does each option deter, at what risk?   :class:`~pactlab.deter.RiskReport`
``pl.plan(s)``         in what order to give the guarantees?   :class:`~pactlab.plan.RoadmapPlan`
``pl.analyze(s)``      all of it, as the brief shows it        :class:`~pactlab.analysis.Analysis`
``pl.digest(path)``    a policy article in a page              :class:`~pactlab.digest.Digest`
``pl.sensitivity(s)``  which inputs move each answer           ``pactlab.sensitivity.SensitivityResult``
``pl.backtest()``      the models' record on past decisions    ``pactlab.backtest.BacktestResult``
``pl.Ledger(url)``     the commitments ledger                  :class:`~pactlab.ledger.Ledger`
=====================  ======================================  =======================================

The engines' own functions take the same keyword parameters with the same defaults (a test keeps them
in step); this module only reads the scenario and imports each engine when it is first used, so that
``import pactlab`` stays light. Stochastic verbs take ``rng=`` (default 0: the same call, the same
numbers; see :mod:`pactlab._rng`).

Examples
--------
>>> import pactlab as pl
>>> scenario = pl.load("bdm1994-emissions")
>>> result = pl.negotiate(scenario, ["median"])
>>> result.results[0].forecast, result.provenance.model
(7.0, 'negotiate')
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pactlab._rng import DEFAULT_SEED, RNGLike

if TYPE_CHECKING:
    from pactlab._engines import Engine
    from pactlab.analysis import Analysis
    from pactlab.backtest.cases import Case
    from pactlab.backtest.result import BacktestResult
    from pactlab.deter.calibration import Calibration
    from pactlab.deter.report import RiskReport
    from pactlab.digest.result import Digest
    from pactlab.negotiate.api import Negotiation
    from pactlab.plan.results import RoadmapPlan
    from pactlab.scenario.schema import Scenario
    from pactlab.sensitivity.result import SensitivityResult

__all__ = ["analyze", "backtest", "deter", "digest", "load", "negotiate", "plan", "sensitivity"]


def load(ref: str | os.PathLike[str]) -> Scenario:
    """The scenario ``ref``: a catalog id (``"vilnius-2023"``) or a YAML/JSON file.

    Raises :class:`~pactlab.errors.ScenarioError` with every problem located (``file:line:field``).

    Examples
    --------
    >>> load("vilnius-2023").metadata.as_of
    datetime.date(2023, 7, 10)
    """
    from pactlab.scenario.io import load_scenario

    return load_scenario(ref if isinstance(ref, str) else Path(ref))


def _scenario(scenario: Scenario | str | os.PathLike[str]) -> Scenario:
    from pactlab.scenario.schema import Scenario

    return scenario if isinstance(scenario, Scenario) else load(scenario)


def negotiate(
    scenario: Scenario | str | os.PathLike[str],
    models: str | Sequence[str] = "all",
    *,
    issues: Sequence[str] | None = None,
    rounds: int = 10,
    rng: RNGLike = DEFAULT_SEED,
) -> Negotiation:
    """Every negotiation model's forecast and the decision-rule analysis
    (:func:`pactlab.negotiate.negotiate`; models in :data:`pactlab.negotiate.MODELS`)."""
    from pactlab.negotiate.api import negotiate as run

    return run(_scenario(scenario), models, issues=issues, rounds=rounds, rng=rng)


def deter(
    scenario: Scenario | str | os.PathLike[str],
    *,
    option: str | None = None,
    profile_name: str | None = None,
    draws: int = 20_000,
    rng: RNGLike = DEFAULT_SEED,
    credibility: Mapping[str, float] | None = None,
    lam: float | None = None,
    engine: Engine | None = None,
    chunk_size: int = 65_536,
    calibration: Calibration | bool | None = True,
    progress: Callable[[int, int], None] | None = None,
) -> RiskReport:
    """Each guarantee option's probability of deterrence and escalation risk, with intervals over the
    priors (:func:`pactlab.deter.assess_scenario`; see docs/deterrence.md)."""
    from pactlab.deter.scenarios import assess_scenario

    return assess_scenario(
        _scenario(scenario),
        option=option,
        profile_name=profile_name,
        draws=draws,
        rng=rng,
        credibility=credibility,
        lam=lam,
        engine=engine,
        chunk_size=chunk_size,
        calibration=calibration,
        progress=progress,
    )


def plan(
    scenario: Scenario | str | os.PathLike[str],
    *,
    horizon: int | None = None,
    risk_budget: float | None = None,
    time_limit: float = 10.0,
    binding: bool = True,
) -> RoadmapPlan:
    """The roadmap: when to give each guarantee, under resources, the risk budget and consensus
    (:func:`pactlab.plan.roadmap_problem` then :func:`pactlab.plan.solve_roadmap`, one CP-SAT worker:
    the same plan on every run)."""
    from pactlab.plan.roadmap import roadmap_problem
    from pactlab.plan.roadmap_cpsat import solve_roadmap

    problem = roadmap_problem(_scenario(scenario), horizon=horizon, risk_budget=risk_budget)
    return solve_roadmap(problem, time_limit=time_limit, binding=binding)


def analyze(
    scenario: Scenario | str | os.PathLike[str],
    *,
    draws: int = 20_000,
    rng: RNGLike = DEFAULT_SEED,
    rounds: int = 10,
    db: str | None = None,
    as_of: dt.date | None = None,
    roadmap: bool = True,
    timestamp: dt.datetime | None = None,
    sensitivity: SensitivityResult | Literal["shipped"] | None = "shipped",
) -> Analysis:
    """The whole answer (every engine, as the brief shows it): :func:`pactlab.analysis.analyze`.

    ``sensitivity``: a saved :class:`~pactlab.sensitivity.SensitivityResult` for this scenario,
    ``"shipped"`` (the one pactlab ships for a catalog scenario, when it matches) or None.
    """
    from pactlab.analysis import analyze as run

    return run(
        _scenario(scenario),
        draws=draws,
        rng=rng,
        rounds=rounds,
        db=db,
        as_of=as_of,
        roadmap=roadmap,
        timestamp=timestamp,
        sensitivity=sensitivity,
    )


def digest(
    source: str | os.PathLike[str] | None = None, *, text: str | None = None, sentences: int = 5
) -> Digest:
    """A policy text in a page: summary, actors, instruments with status, stances, scenario skeleton.

    Give a file (``source``: text, Markdown, HTML or PDF) or the text itself (``text=``), not both
    (:func:`pactlab.digest.digest_file`, :func:`pactlab.digest.digest_text`).
    """
    from pactlab.errors import ParameterError

    if (source is None) == (text is None):
        raise ParameterError("source", "give a file to digest or text=, not both and not neither")
    from pactlab.digest.core import digest_file, digest_text

    if source is None:
        return digest_text(str(text), sentences=sentences)
    return digest_file(source if isinstance(source, str) else Path(source), sentences=sentences)


def sensitivity(
    scenario: Scenario | str | os.PathLike[str],
    *,
    method: str = "sobol",
    n: int | None = None,
    draws: int = 10_000,
    rng: RNGLike = DEFAULT_SEED,
    engine: Engine | str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    inputs: Sequence[str] | None = None,
    ranges: Mapping[str, tuple[float, float]] | None = None,
) -> SensitivityResult:
    """Which inputs move each answer, and what would flip the ranking
    (:func:`pactlab.sensitivity.sensitivity`; see docs/sensitivity.md)."""
    from pactlab.sensitivity.api import sensitivity as run

    return run(
        _scenario(scenario),
        method=method,
        n=n,
        draws=draws,
        rng=rng,
        engine=engine,
        workers=workers,
        scheduler=scheduler,
        inputs=inputs,
        ranges=ranges,
    )


def backtest(
    cases: str | Sequence[str | Path | Case] = "corpus",
    *,
    models: str | Sequence[str] = "all",
    rounds: int = 10,
    bootstrap: int = 2000,
    level: float = 0.95,
    dead_band: float = 1.0,
    record: bool = True,
    rng: RNGLike = DEFAULT_SEED,
) -> BacktestResult:
    """The negotiation models scored on past decisions against naive baselines
    (:func:`pactlab.backtest.backtest`; see docs/backtest.md)."""
    from pactlab.backtest.harness import backtest as run

    return run(
        cases,
        models=models,
        rounds=rounds,
        bootstrap=bootstrap,
        level=level,
        dead_band=dead_band,
        record=record,
        rng=rng,
    )

"""The negotiation models in one table: metadata and the callable (Axelrod-style classifier).

One table serves dispatch (:func:`pactlab.negotiate.negotiate`), listing (``pactlab negotiate --model``),
the docs and the contract tests. Every entry's ``run`` has the same signature::

    run(arrays, issue, *, rounds=10, rng=0, shared=None) -> Forecast

``shared`` is a dict that one :func:`~pactlab.negotiate.negotiate` call passes to every run, so that a
model that solves all issues at once (the exchange model) runs once per call. The brief prints
``assumptions`` verbatim, so they are written for a reader, not a programmer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from pactlab._rng import DEFAULT_SEED, RNGLike
from pactlab.errors import PactlabError
from pactlab.negotiate._common import column_of
from pactlab.negotiate.compromise import compromise
from pactlab.negotiate.eum import eum
from pactlab.negotiate.exchange import exchange, exchange_rounds
from pactlab.negotiate.median import median
from pactlab.negotiate.nbs import nbs
from pactlab.negotiate.results import Forecast
from pactlab.negotiate.rules import (
    COALITION,
    bargainers,
    bargaining_arrays,
    deciders,
    deciding_cells,
    ruled,
    ruled_forecast,
)
from pactlab.negotiate.unanimity import unanimity
from pactlab.results import ModelInfo
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["MODELS", "ModelInfo", "ModelRun", "model_info"]


class ModelRun(Protocol):
    """The one signature of every registered model."""

    def __call__(
        self,
        arrays: ScenarioArrays,
        issue: str | int,
        *,
        rounds: int = 10,
        rng: RNGLike = DEFAULT_SEED,
        shared: dict[str, Any] | None = None,
    ) -> Forecast: ...


def _static(model: Callable[[ScenarioArrays, str | int], Forecast]) -> ModelRun:
    """A model with neither rounds nor randomness, under the registry's one signature."""

    def run(
        arrays: ScenarioArrays,
        issue: str | int,
        *,
        rounds: int = 10,
        rng: RNGLike = DEFAULT_SEED,
        shared: dict[str, Any] | None = None,
    ) -> Forecast:
        return model(arrays, issue)

    run.__name__ = run.__qualname__ = f"_{model.__name__}"
    return run


def _eum(
    arrays: ScenarioArrays,
    issue: str | int,
    *,
    rounds: int = 10,
    rng: RNGLike = DEFAULT_SEED,
    shared: dict[str, Any] | None = None,
) -> Forecast:
    return eum(arrays, issue, rounds=rounds)


def _exchange(
    arrays: ScenarioArrays,
    issue: str | int,
    *,
    rounds: int = 10,
    rng: RNGLike = DEFAULT_SEED,
    shared: dict[str, Any] | None = None,
) -> Forecast:
    """The exchange model among each issue's bargainers, run once over every issue where anyone
    bargains (reused through ``shared``), then the issue's rule."""
    col = column_of(arrays, issue)
    d = deciders(arrays, col)
    if d.rule == COALITION and d.status_quo is not None and not d.willing:
        cells, _ = deciding_cells(arrays, col)  # nobody is willing: the status quo, every round
        flat = np.full(rounds + 1, d.status_quo)
        params = {"rounds": rounds, "variant": "equal-gain"}
        return ruled_forecast("exchange", arrays, d, flat, bargainers_ids=cells.actors, parameters=params)
    deciding_cells(arrays, col)  # a located error when nobody bargains on this issue
    cache = {} if shared is None else shared
    if "exchange" not in cache:
        live = [c for c in range(arrays.n_issues) if bargainers(arrays, c).w.sum() > 0]
        sub = bargaining_arrays(arrays, live)
        # ties drawn with the seed, as the assumptions below say (the library's default is ties="order")
        cache["exchange"] = (sub, exchange_rounds(sub, rounds=rounds, ties="random", rng=rng))
    sub, run = cache["exchange"]
    if arrays.issue_ids[col] not in sub.issue_ids:
        raise PactlabError.at(arrays.scenario_id, f"issues[{arrays.issue_ids[col]}]", "no weight to exchange")
    return ruled(
        arrays, col, exchange(sub, arrays.issue_ids[col], rounds=rounds, ties="random", rng=rng, run=run)
    )


MODELS: dict[str, ModelInfo] = {
    m.name: m
    for m in (
        ModelInfo(
            "compromise",
            "Compromise (weighted mean)",
            False,
            False,
            "Achen (2006); docs/models.md 1.1",
            (
                "Each actor pulls the outcome toward its position in proportion to capability x salience.",
                "Only the deciding group bargains; the forecast lies where its rule lets it.",
            ),
            run=_static(compromise),
            reference_test="tests/negotiate/test_reference.py::test_compromise_decide_files",
        ),
        ModelInfo(
            "median",
            "Weighted median / pairwise winner",
            False,
            False,
            "Black (1948); Bueno de Mesquita (1994); docs/models.md 1.2",
            (
                "Actors vote sincerely by distance (linear loss), weighted by capability x salience.",
                "Ties at exactly half the weight go to the lower position.",
            ),
            run=_static(median),
            reference_test="tests/negotiate/test_reference.py::test_median_emission_case",
        ),
        ModelInfo(
            "nbs",
            "Nash bargaining solution",
            False,
            False,
            "Nash (1950); Kalai (1977); docs/models.md 1.3",
            (
                "Utility is linear loss in distance; bargaining power is capability x salience.",
                "Disagreement is the status quo (without one, each actor's worst scale end); "
                "no agreement when no point beats it for every member.",
            ),
            run=_static(nbs),
            reference_test="tests/negotiate/test_rules.py::TestNashBargaining",
        ),
        ModelInfo(
            "eum",
            "Expected-utility model (Bueno de Mesquita)",
            False,
            True,
            "Bueno de Mesquita (1994); Scholz, Calbert & Smith (2011); docs/models.md 1.4",
            (
                "Actors challenge, compromise or give way by comparing expected utilities of conflict "
                "(Q = 1: the status quo is valued as in Scholz et al.).",
                "The model does not converge; the forecast is the median after a fixed number of rounds.",
            ),
            run=_eum,
            reference_test="tests/negotiate/test_reference.py::test_eum_table2",
        ),
        ModelInfo(
            "exchange",
            "Exchange of voting positions (Stokman & Van Oosten)",
            True,
            True,
            "Stokman & Van Oosten (1994); decide-exchange-model 2025.3.1; docs/models.md 1.5",
            (
                "Actors trade concessions on issues they care little about for gains on issues they care "
                "much about, each trade giving both sides equal utility gain.",
                "The outcome of every issue is the weighted mean of voting positions; ties in gain are "
                "broken by a seeded draw.",
            ),
            run=_exchange,
            reference_test="tests/negotiate/test_reference.py::test_exchange_seed_independent",
        ),
        ModelInfo(
            "unanimity",
            "Unanimity with veto players",
            False,
            False,
            "Tsebelis (2002); Romer & Rosenthal (1978); docs/models.md 1.6",
            (
                "Every member can veto; an actor accepts a change only if it is strictly closer to its "
                "position than the status quo (unweighted linear loss).",
                "The strongest member sets the agenda and proposes the acceptable point closest to its own.",
            ),
            run=_static(unanimity),
            reference_test="tests/negotiate/test_reference.py::test_unanimity_win_set",
        ),
    )
}


def model_info(name: str) -> ModelInfo:
    """Metadata of the model ``name`` (a ParameterError listing the known ones when it is unknown)."""
    from pactlab.negotiate.api import check_model  # the one "did you mean" message

    return MODELS[check_model(name)]

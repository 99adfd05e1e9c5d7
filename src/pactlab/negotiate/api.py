"""The library entry of the negotiation engine: run models on a scenario, then the decision-rule analysis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from pactlab._rng import DEFAULT_SEED, RNGLike, check_seed, fresh, seed_of
from pactlab.errors import PactlabError, ParameterError, Problem, ScenarioError
from pactlab.negotiate.checks import check_scenario, did_you_mean
from pactlab.negotiate.consensus import consensus
from pactlab.negotiate.registry import MODELS
from pactlab.negotiate.results import ConsensusReport, Forecast, IssueWeights, number
from pactlab.negotiate.rules import weight_shares
from pactlab.results import Provenance, ResultMixin
from pactlab.scenario.schema import Scenario

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Negotiation", "check_model", "negotiate", "scales"]


@dataclass(frozen=True)
class Negotiation(ResultMixin):
    """Forecasts of every (model, issue) run, the decision-rule report, each issue's weight shares, and
    what could not run and why."""

    scenario_id: str
    results: tuple[Forecast, ...]
    consensus: ConsensusReport
    skipped: tuple[tuple[str, str, str], ...] = ()
    weights: tuple[IssueWeights, ...] = ()
    provenance: Provenance = field(default_factory=lambda: Provenance("negotiate"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``pactlab negotiate --json`` (with the provenance of every result)."""
        return {
            "scenario": self.scenario_id,
            "results": [r.to_dict() for r in self.results],
            "consensus": self.consensus.to_list(),
            "coalitions": [c.to_dict() for c in self.consensus.coalitions],
            "weights": [w.to_dict() for w in self.weights],
            "skipped": [{"model": m, "issue": i, "reason": why} for m, i, why in self.skipped],
            "provenance": self.provenance.to_dict(),
            "consensus_provenance": self.consensus.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`."""
        report = ConsensusReport.from_dict(
            {
                "scenario": data["scenario"],
                "consensus": data["consensus"],
                "coalitions": data.get("coalitions", ()),
                "provenance": data["consensus_provenance"],
            }
        )
        return cls(
            scenario_id=str(data["scenario"]),
            results=tuple(Forecast.from_dict(r) for r in data["results"]),
            consensus=report,
            skipped=tuple((s["model"], s["issue"], s["reason"]) for s in data["skipped"]),
            weights=tuple(IssueWeights.from_dict(w) for w in data.get("weights", ())),
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per (model, issue): the forecast (issue units), whether a change is agreed, the rule."""
        import pandas as pd

        rows = [
            {
                "model": r.model,
                "issue": r.issue,
                "forecast": r.forecast,
                "agreement": r.agreement,
                "rule": (r.details.get("decision") or {}).get("rule"),
                "rounds": r.rounds,
                "ties": r.ties,
            }
            for r in self.results
        ]
        return pd.DataFrame(
            rows, columns=["model", "issue", "forecast", "agreement", "rule", "rounds", "ties"]
        )

    def warnings(self) -> tuple[str, ...]:
        """One line per issue where one actor holds more than half of the weight."""
        return tuple(w.warning for w in self.weights if w.warning is not None)

    def summary(self) -> str:
        """Per issue: the forecasts, the rule's verdict, the weight warning; then the rule analysis."""
        lines = [f"Negotiation forecasts for {self.scenario_id}"]
        by_issue: dict[str, list[Forecast]] = {}
        for r in self.results:
            by_issue.setdefault(r.issue, []).append(r)
        for issue, forecasts in by_issue.items():
            shown = ", ".join(
                f"{f.model} {'no agreement' if f.forecast is None else number(f.forecast)}" for f in forecasts
            )
            lines.append(f"  {issue}: {shown}")
        lines += [f"  warning: {w}" for w in self.warnings()]
        lines += [f"  skipped: {m} on {i}: {why}" for m, i, why in self.skipped]
        return "\n".join([*lines, self.consensus.summary()])


def scales(scenario: Scenario, issues: set[str]) -> dict[str, dict[str, object]]:
    """The scale each forecast of ``issues`` is expressed in: ``lower``, ``upper`` and ``stated``
    (False when the file gave none and the default 0-100 applies; decide files without ``#M`` rows).

    ``pactlab negotiate --json`` and the web's negotiate runs add it to the result as ``"scales"``.
    """
    return {
        i.id: {"lower": i.scale.lower, "upper": i.scale.upper, "stated": "scale" in i.model_fields_set}
        for i in scenario.issues
        if i.id in issues
    }


def check_model(name: str) -> str:
    """``name`` itself, or a ParameterError that lists the known models (with a "did you mean")."""
    if name not in MODELS:
        raise ParameterError("model", f"unknown model {name!r}" + did_you_mean(name, [*MODELS, "all"]))
    return name


def _names(models: str | Sequence[str]) -> list[str]:
    if models == "all":
        return list(MODELS)
    return [check_model(m) for m in ([models] if isinstance(models, str) else models)]


def _issues(scenario: Scenario, issues: Sequence[str] | None) -> list[str]:
    known = [i.id for i in scenario.issues]
    for issue in issues or ():
        if issue not in known:
            raise ParameterError("issue", f"unknown issue {issue!r}" + did_you_mean(issue, known))
    return known if issues is None else list(issues)


def negotiate(
    scenario: Scenario,
    models: str | Sequence[str] = "all",
    *,
    issues: Sequence[str] | None = None,
    rounds: int = 10,
    rng: RNGLike = DEFAULT_SEED,
) -> Negotiation:
    """Run ``models`` (registry names, or ``"all"``) on ``issues`` (default: all) of ``scenario``; then
    the decision-rule analysis (:func:`consensus`) and each issue's weight shares.

    Every model forecasts from the issue's deciding group under its rule
    (:mod:`pactlab.negotiate.rules`). A model that cannot run on an issue (e.g. unanimity on an issue
    decided otherwise, an issue without weight) is listed in ``skipped`` with the reason, instead of
    failing the whole run. A scenario whose decisions are ill-defined (:func:`check_scenario`) is
    refused with every problem located.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> result = negotiate(load_scenario("bdm1994-emissions"), ["compromise", "median"])
    >>> [(r.model, round(r.forecast, 3)) for r in result.results]
    [('compromise', 7.39), ('median', 7.0)]
    """
    names = _names(models)
    if rounds < 0:
        raise ParameterError("rounds", f"must be at least 0, not {rounds}")
    problems = check_scenario(scenario)
    if problems:
        raise ScenarioError([Problem(scenario.locate(path), message) for path, message in problems])
    wanted = _issues(scenario, issues)
    arrays = scenario.to_arrays()
    seed = fresh(check_seed(rng))
    results: list[Forecast] = []
    skipped: list[tuple[str, str, str]] = []
    shared: dict[str, Any] = {}
    for name in names:
        run = MODELS[name].run
        for issue in wanted:
            try:
                results.append(run(arrays, issue, rounds=rounds, rng=seed, shared=shared))
            except ParameterError:  # a bad argument is the caller's, not a model's limit: never "skipped"
                raise
            except PactlabError as error:  # this model cannot run on this issue: reported, not fatal
                skipped.append((name, issue, "; ".join(p.message for p in error.problems)))
    report = consensus(scenario, results, issues=wanted)
    weights = tuple(weight_shares(arrays, issue) for issue in wanted)
    params = {"models": names, "issues": wanted, "rounds": rounds}
    prov = Provenance("negotiate", params, seed_of(seed), scenario.digest)
    return Negotiation(scenario.metadata.id, tuple(results), report, tuple(skipped), weights, prov)

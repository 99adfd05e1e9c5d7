"""The backtest harness: run every negotiation model on each case, score it against the coded outcome.

Models are called through :func:`pactlab.negotiate.negotiate` and its registry (whatever models exist),
never reimplemented here. A model's "no agreement" (a forecast of None) is scored as the status quo
holding; a model that cannot run on an issue is left out of that issue's scores, with the reason, and
its skill is computed on the issues it covers (against the baselines on the same issues).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pactlab._rng import RNGLike, fresh, make_rng, seed_of, spawn
from pactlab.backtest.baselines import BASELINES, issue_inputs
from pactlab.backtest.cases import Case, corpus_ids, load_case
from pactlab.backtest.result import BacktestResult, CaseRecord, IssueRecord
from pactlab.backtest.runlog import RunCheck, check_case
from pactlab.backtest.scoring import score
from pactlab.errors import PactlabError, ParameterError, Problem
from pactlab.negotiate import MODELS, negotiate
from pactlab.results import Provenance
from pactlab.scenario.timeline import later_vintages

__all__ = ["backtest", "model_names"]

CaseRef = str | Path | Case


def model_names(models: str | Sequence[str]) -> list[str]:
    """The registry names ``models`` asks for ("all", one name, a comma list or a sequence)."""
    if isinstance(models, str):
        names = list(MODELS) if models == "all" else [m.strip() for m in models.split(",") if m.strip()]
    else:
        names = list(models)
    unknown = [m for m in names if m not in MODELS]
    if unknown or not names:
        raise ParameterError(
            "models", f"unknown model {unknown[0] if unknown else ''!r} (known: {', '.join(MODELS)}, all)"
        )
    return list(dict.fromkeys(names))


def _check_parameters(bootstrap: int, level: float, dead_band: float, rounds: int) -> None:
    if isinstance(bootstrap, bool) or not isinstance(bootstrap, int) or bootstrap < 100:
        raise ParameterError("bootstrap", f"needs at least 100 draws, not {bootstrap!r}")
    if not 0.5 <= level < 1.0:
        raise ParameterError("level", f"an interval level lies in [0.5, 1), not {level!r}")
    if not 0.0 <= dead_band < 50.0:
        raise ParameterError("dead_band", f"points on the 0-100 scale in [0, 50), not {dead_band!r}")
    if rounds < 0:
        raise ParameterError("rounds", f"must be 0 or more, not {rounds}")


def _load(cases: str | Sequence[CaseRef]) -> list[Case]:
    refs: list[CaseRef] = (
        list(corpus_ids())
        if cases == "corpus"
        else ([cases] if isinstance(cases, str | Path | Case) else list(cases))
    )
    if not refs:
        raise ParameterError("cases", "no case given (and the built-in corpus is empty)")
    loaded: list[Case] = []
    problems: list[Problem] = []
    for ref in refs:
        try:
            loaded.append(ref if isinstance(ref, Case) else load_case(ref))
        except PactlabError as error:
            problems += error.problems
    if problems:
        raise PactlabError(problems)
    ids = [c.id for c in loaded]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ParameterError("cases", f"case {twice[0]!r} is given twice")
    return loaded


def _checks(cases: list[Case], record: bool, now: dt.datetime) -> list[RunCheck]:
    """Check every case against its run log first; record first runs only when all cases pass."""
    problems: list[Problem] = []
    checks: dict[str, RunCheck] = {}
    unrecorded = []
    for case in cases:
        issues = [o.issue for o in case.file.outcomes]
        try:
            if case.runlog_path.is_file() or not record:
                checks[case.id] = check_case(case, issues, record=False, now=now)
            else:
                unrecorded.append((case, issues))
        except PactlabError as error:
            problems += error.problems
    if problems:
        raise PactlabError(problems)
    for case, issues in unrecorded:
        checks[case.id] = check_case(case, issues, record=True, now=now)
    return [checks[c.id] for c in cases]


def _to_scale(value: float, lower: float, upper: float) -> float:
    return (value - lower) / (upper - lower) * 100.0


def _issue_records(case: Case, names: list[str], rounds: int, rng: RNGLike) -> list[IssueRecord]:
    scenario = case.scenario
    issues = [o.issue for o in case.file.outcomes]
    run = negotiate(scenario, names, issues=issues, rounds=rounds, rng=rng)
    records = []
    for outcome in case.file.outcomes:
        issue = scenario.issue(outcome.issue)
        lo, hi = issue.scale.lower, issue.scale.upper
        assert issue.status_quo is not None  # load_case refuses an issue without one
        q = _to_scale(issue.status_quo, lo, hi)
        forecasts: dict[str, float | None] = dict.fromkeys(names)
        notes = {m: why for m, i, why in run.skipped if i == issue.id}
        for result in run.results:
            if result.issue == issue.id and result.model in forecasts:
                value = q if result.forecast is None else _to_scale(result.forecast, lo, hi)
                forecasts[result.model] = float(value)
        inputs = issue_inputs(scenario, issue.id)
        for name, baseline in BASELINES.items():
            forecasts[name] = float(baseline.rule(inputs))
        records.append(
            IssueRecord(
                case=case.id,
                issue=issue.id,
                outcome=_to_scale(outcome.outcome, lo, hi),
                status_quo=q,
                lower=lo,
                upper=hi,
                forecasts=forecasts,
                notes=notes,
            )
        )
    return records


def _case_record(case: Case, check: RunCheck) -> CaseRecord:
    meta = case.scenario.metadata
    vintages: dict[str, list[str]] = {}
    for v in later_vintages(case.scenario):
        vintages.setdefault(f"{v.source} (published {v.date}, figures for {v.covers})", []).append(v.path)
    notes = tuple(
        f"{len(paths)} capabilities read from {what}: a later vintage of pre-cut-off measurements"
        for what, paths in vintages.items()
    )
    return CaseRecord(
        id=case.id,
        scenario=meta.id,
        decision=case.file.case.decision,
        decision_date=case.file.case.date.isoformat(),
        as_of="" if meta.as_of is None else meta.as_of.isoformat(),
        coded_on=case.file.coding.at.isoformat(),
        first_run=check.first_run.isoformat(),
        scenario_digest=case.scenario.digest,
        outcomes_digest=case.outcomes_digest,
        inputs_revised=check.inputs_revised,
        later_vintages=notes,
    )


def backtest(
    cases: str | Sequence[CaseRef] = "corpus",
    *,
    models: str | Sequence[str] = "all",
    rounds: int = 10,
    bootstrap: int = 2000,
    level: float = 0.95,
    dead_band: float = 1.0,
    record: bool = True,
    rng: RNGLike = 0,
    now: dt.datetime | None = None,
) -> BacktestResult:
    """Run ``models`` on ``cases`` and score them against the coded outcomes and the naive baselines.

    Parameters
    ----------
    cases : "corpus" (the built-in cases), or case ids, case file paths or loaded :class:`Case` objects.
    models : "all", a model name, a comma list or a sequence of the negotiation registry's names.
    rounds : rounds of the dynamic models (EUM, exchange).
    bootstrap : resamples of the issues for the intervals (at least 100).
    level : interval level, e.g. 0.95.
    dead_band : moves from the status quo of at most this many points (0-100) count as no move.
    record : record the first run of a case that has none (its run log, written before any model runs);
        with False such a case is refused.
    rng : seed of the models' tie-breaking and of the bootstrap (the same seed, the same numbers).
    now : the time of this run (for tests; default: the clock, UTC).

    Raises
    ------
    PactlabError
        Every located problem of the cases (``file:line:field``), or a case coded after its first run.
    ParameterError
        A bad parameter, named.
    """
    _check_parameters(bootstrap, level, dead_band, rounds)
    names = model_names(models)
    loaded = _load(cases)
    now = now or dt.datetime.now(dt.UTC)
    checks = _checks(loaded, record, now)
    seed = fresh(rng)
    model_rng: RNGLike = seed
    boot = make_rng(seed) if isinstance(seed, np.random.Generator) else spawn(seed, 1)[0]
    records = [r for case in loaded for r in _issue_records(case, names, rounds, model_rng)]
    predictors = names + list(BASELINES)
    kinds = ["model"] * len(names) + ["baseline"] * len(BASELINES)
    forecasts = np.array(
        [[np.nan if r.forecasts[p] is None else r.forecasts[p] for p in predictors] for r in records],
        dtype=float,
    )
    outcome = np.array([r.outcome for r in records], dtype=float)
    status_quo = np.array([r.status_quo for r in records], dtype=float)
    index = boot.integers(0, len(records), size=(bootstrap, len(records)))
    scores, skills = score(
        forecasts, outcome, status_quo, predictors, kinds, index=index, level=level, dead_band=dead_band
    )
    provenance = Provenance(
        "backtest",
        {"models": names, "rounds": rounds, "bootstrap": bootstrap, "level": level, "dead_band": dead_band},
        seed=seed_of(seed),
        data={f"case:{c.id}": f"scenario {c.scenario.digest}; outcomes {c.outcomes_digest}" for c in loaded},
    )
    return BacktestResult(
        cases=tuple(_case_record(c, k) for c, k in zip(loaded, checks, strict=True)),
        issues=tuple(records),
        predictors=scores,
        skills=skills,
        provenance=provenance,
    )

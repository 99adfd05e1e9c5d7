"""Analysis -> BriefData: choose what a reader with five minutes needs, and word it.

Every number placed in the brief is read from the Analysis' result objects (negotiation forecasts and
consensus, the deterrence RiskReport, the LedgerReport, the roadmap, the models' track record); nothing
is recomputed here. Probabilities are shown as the median over the draws with the 90% interval over
everything uncertain (``spread90``: the 5th-95th percentiles), as issue 11 asks; the means are in
results.json. The wording lives in :mod:`pactlab.brief.words`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pactlab.brief import words
from pactlab.brief.data import (
    BriefData,
    Disclosure,
    Estimate,
    IssueView,
    ModelNote,
    OptionRow,
    Pairwise,
    SensitivityView,
    Source,
    TornadoBar,
    TrackRecord,
)

if TYPE_CHECKING:
    from pactlab.analysis import Analysis
    from pactlab.deter import OptionRisk

__all__ = ["BRIEF_MODELS", "assemble"]

BRIEF_MODELS = ("compromise", "median", "eum", "exchange")
"""The forecasts shown per issue (NBS and unanimity are in results.json and the consensus column)."""
TORNADO_BARS = 5
"""Inputs in the brief's tornado (docs/sensitivity.md: the five that move the leading option most)."""
FLIP_LIMIT = 1
"""Single-input flips spelled out in the brief's flip line (the rest are counted)."""


def _estimate(risk: OptionRisk, name: str) -> Estimate:
    band = risk.intervals[name]
    low, high = band["spread90"]
    return Estimate(float(band["median"]), float(low), float(high))


def _forecasts(analysis: Analysis) -> dict[str, dict[str, float]]:
    """issue -> model -> forecast (issue units), for the models the brief shows."""
    out: dict[str, dict[str, float]] = {}
    for f in analysis.negotiation.results:
        if f.model in BRIEF_MODELS and f.forecast is not None:
            out.setdefault(f.issue, {})[f.model] = float(f.forecast)
    return out


def _row(analysis: Analysis, risk: OptionRisk | None, **fields: Any) -> OptionRow:
    if analysis.risk is None or risk is None:
        none = Estimate.absent()
        return OptionRow(
            p_deterrence=none, p_direct_clash=none, p_limited_conflict=none, durability_s5=None, **fields
        )
    applies = analysis.risk.durability_applies
    return OptionRow(
        p_deterrence=_estimate(risk, "p_deterrence"),
        p_direct_clash=_estimate(risk, "p_direct_clash"),
        p_limited_conflict=_estimate(risk, "p_limited_conflict"),
        durability_s5=_estimate(risk, "s5") if applies else None,
        mean_deterrence=float(risk.p_deterrence),
        mean_clash=float(risk.p_direct_clash),
        **fields,
    )


def _option_rows(analysis: Analysis) -> tuple[OptionRow, ...]:
    from pactlab.scenario.taxonomy import DecisionRule

    scenario = analysis.scenario
    consensus = {c.option: c for c in analysis.negotiation.consensus.options}
    forecasts = _forecasts(analysis)
    fulfilment = {r.key: r.fulfilment for r in analysis.ledger.rows}
    rows = []
    for option in scenario.options:
        risk = None if analysis.risk is None else analysis.risk.option(option.id)
        verdict = consensus.get(option.id)
        needs, level = False, "no adoption level given"
        if option.adoption is not None:
            issue = scenario.issue(option.adoption.issue)
            needs = issue.decision.rule is DecisionRule.UNANIMITY
            level = words.forecast_text(option.adoption.level, forecasts.get(issue.id, {}), BRIEF_MODELS)
        reachable = None if verdict is None else verdict.reachable
        rows.append(
            _row(
                analysis,
                risk,
                option=option.id,
                title=option.title,
                needs_consensus=needs,
                consensus=reachable,
                consensus_note=words.consensus_note(verdict, needs),
                veto_players=tuple(str(b["actor"]) for b in verdict.blockers) if verdict else (),
                forecast=level,
                track_record=words.track_text(option.guarantors, fulfilment, analysis.ledger),
                drivers=() if risk is None else tuple(d.parameter for d in risk.drivers[:3]),
            )
        )
    return tuple(rows)


def _baseline_row(analysis: Analysis) -> OptionRow | None:
    if analysis.risk is None:
        return None
    return _row(
        analysis,
        analysis.risk.baseline,
        option="baseline",
        title="No guarantee (baseline)",
        needs_consensus=False,
        consensus=None,
        consensus_note="",
        veto_players=(),
        forecast="-",
        track_record="-",
    )


def _issues(analysis: Analysis) -> tuple[IssueView, ...]:
    forecasts = _forecasts(analysis)
    weights = {w.issue: w for w in analysis.negotiation.weights}
    return tuple(
        IssueView(
            issue=i.id,
            title=i.title,
            lower=i.scale.lower,
            upper=i.scale.upper,
            unit=i.scale.unit,
            status_quo=i.status_quo,
            forecasts=forecasts.get(i.id, {}),
            positions={p.actor: p.position for p in i.positions},
            measure=weights[i.id].measure if i.id in weights else "",
            shares=weights[i.id].shares if i.id in weights else (),
        )
        for i in analysis.scenario.issues
    )


def _pairwise(analysis: Analysis, rows: tuple[OptionRow, ...]) -> Pairwise:
    """P(row deters more than column) for the options and the baseline, in the table's order."""
    if analysis.risk is None:
        return Pairwise((), ())
    beats = analysis.risk.beats
    base = analysis.risk.baseline.option
    ids = [r.option for r in rows]
    keys = [base if i == "baseline" else i for i in ids]
    matrix = tuple(tuple(None if a == b else _p(beats, a, b) for b in keys) for a in keys)
    return Pairwise(tuple(ids), matrix, words.top_pairs(rows, matrix))


def _p(beats: Any, a: str, b: str) -> float | None:
    value = beats.get(a, {}).get(b)
    return None if value is None else float(value)


def _sensitivity(analysis: Analysis, rows: tuple[OptionRow, ...]) -> SensitivityView:
    """The tornado and the flip line of the saved sensitivity result the analysis carries (never run
    here, see :mod:`pactlab.brief.sensitivity`), which result it was, and whether its leading option
    is the one this brief's table leads with; without a result, one line saying so and how to run it."""
    from pactlab.brief.sensitivity import describe

    result = analysis.sensitivity
    leader = words.leader(rows)
    if result is None or result.leader is None:
        note = analysis.sensitivity_note if result is None else "Sensitivity: no ranking to explain."
        return SensitivityView(None if leader is None else leader.title, None, (), "", note)
    bars = tuple(
        TornadoBar(b.factor, b.kind, b.low_value, b.high_value, b.at_low, b.at_high)
        for b in result.tornado(TORNADO_BARS)
    )
    titles = {r.option: r.title for r in rows}
    source = "Sensitivity result read: " + describe(result, analysis.sensitivity_note) + "."
    if leader is not None and leader.option != result.leader:
        source += (
            f" Its leading option ({result.leader}) is not this brief's ({leader.option}): its "
            f"{result.draws:,} draws and seed {result.provenance.seed} differ from the table's, or the "
            "ledger's credibility priors moved the table."
        )
    return SensitivityView(
        leader=titles.get(result.leader, result.leader),
        centre=result.headline[result.leader][0],
        bars=bars,
        flip_line=result.flip_line(limit=FLIP_LIMIT),
        note="",
        source=source,
    )


def _track_records(analysis: Analysis) -> tuple[TrackRecord, ...]:
    return tuple(
        TrackRecord(r.key, r.fulfilment, r.pledged_eur, max(r.allocated_eur, r.delivered_eur))
        for r in analysis.ledger.rows
    )


def _models() -> tuple[ModelNote, ...]:
    from pactlab.deter import MODELS as DETER_MODELS
    from pactlab.negotiate import MODELS as NEGOTIATION_MODELS

    return tuple(
        ModelNote(m.title, m.source, " ".join(m.assumptions))
        for m in (*NEGOTIATION_MODELS.values(), *DETER_MODELS.values())
    )


def _disclosure(analysis: Analysis) -> Disclosure:
    from pactlab.scenario.timeline import later_vintages

    meta = analysis.scenario.metadata
    return Disclosure(
        cutoff=words.cutoff_text(analysis.cutoff, meta.as_of),
        vintages=words.vintages_text(later_vintages(analysis.scenario)),
        retrospective=words.retrospective_text(meta.retrospective),
        data=tuple(f"{k.split(':')[0]}: {v}" for k, v in analysis.provenance.data.items()),
    )


def assemble(analysis: Analysis) -> BriefData:
    """Build the brief's data from an Analysis."""
    scenario = analysis.scenario
    meta = scenario.metadata
    rows = _option_rows(analysis)
    baseline = _baseline_row(analysis)
    sources = tuple(Source(s.id, s.date or "undated", " ".join(s.citation.split())) for s in meta.sources)
    return BriefData(
        scenario_id=meta.id,
        title=meta.title,
        as_of="not given" if analysis.cutoff is None else analysis.cutoff.isoformat(),
        generated_at=analysis.generated_at,
        seed=analysis.seed,
        draws=analysis.draws,
        digest=scenario.digest,
        version=analysis.version,
        headline=words.headline(analysis, rows, baseline),
        options=rows,
        baseline=baseline,
        issues=_issues(analysis),
        track_record=_track_records(analysis),
        ledger_note=words.ledger_note(analysis.ledger),
        models=_models(),
        sources=sources,
        estimates=analysis.estimates,
        disclosure=_disclosure(analysis),
        pairwise=_pairwise(analysis, (*rows, *(() if baseline is None else (baseline,)))),
        sensitivity=_sensitivity(analysis, rows),
        roadmap=analysis.roadmap,
        roadmap_note=words.roadmap_note(analysis.roadmap, analysis.roadmap_note),
        model_track=analysis.track,
        parameter_note="" if analysis.risk is None else words.parameter_note(analysis.risk),
        warnings=words.warnings(analysis),
        durability_applies=analysis.risk is not None and analysis.risk.durability_applies,
        risk_note=analysis.risk_note,
    )

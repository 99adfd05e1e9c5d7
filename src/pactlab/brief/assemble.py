"""Analysis -> BriefData: choose what a reader with five minutes needs, and word the headline.

Every number placed in the brief is read from the Analysis' result objects (negotiation forecasts and
consensus, the deterrence RiskReport, the LedgerReport); nothing is recomputed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pactlab.analysis import Analysis
from pactlab.brief.data import BriefData, Estimate, IssueView, ModelNote, OptionRow, TrackRecord
from pactlab.deter import MODELS as DETER_MODELS
from pactlab.negotiate import MODELS as NEGOTIATION_MODELS
from pactlab.scenario.taxonomy import DecisionRule

__all__ = ["BRIEF_MODELS", "INTERVAL", "assemble"]

BRIEF_MODELS = ("compromise", "median", "eum", "exchange")
"""The forecasts shown per issue (NBS and unanimity are in results.json and the consensus column)."""

INTERVAL = "mc95"
"""The interval shown for probabilities: the 95% Monte Carlo interval of the mean over the priors' draws
(see :mod:`pactlab.deter.report`; the per-draw spread is in results.json)."""


def _estimate(risk: Any, name: str) -> Estimate:
    low, high = risk.intervals[name][INTERVAL]
    return Estimate(float(getattr(risk, name)), float(low), float(high))


def _forecasts(analysis: Analysis) -> dict[str, dict[str, float]]:
    """issue -> model -> forecast (issue units), for the models the brief shows."""
    out: dict[str, dict[str, float]] = {}
    for f in analysis.negotiation.results:
        if f.model in BRIEF_MODELS and f.forecast is not None:
            out.setdefault(f.issue, {})[f.model] = float(f.forecast)
    return out


def _track_text(guarantors: Iterable[str], rows: Mapping[str, float | None], empty: bool) -> str:
    if empty:
        return "unknown (ledger empty)"
    known = [(g, rows[g]) for g in guarantors if rows.get(g) is not None]
    if not known:
        return "unknown (no ledger records)"
    shown = ", ".join(f"{g} {100 * (v or 0.0):.0f}%" for g, v in known[:4])
    rest = len(list(guarantors)) - len(known)
    return shown + (f"; {rest} without records" if rest > 0 else "")


def _option_rows(analysis: Analysis) -> tuple[OptionRow, ...]:
    scenario = analysis.scenario
    consensus = {c.option: c for c in analysis.negotiation.consensus.options}
    forecasts = _forecasts(analysis)
    fulfilment = {r.key: r.fulfilment for r in analysis.ledger.rows}
    rows = []
    for option in scenario.options:
        risk = analysis.risk.option(option.id)
        verdict = consensus.get(option.id)
        needs = False
        level = ""
        if option.adoption is not None:
            issue = scenario.issue(option.adoption.issue)
            needs = issue.decision.rule is DecisionRule.UNANIMITY
            shown = forecasts.get(issue.id, {})
            level = f"{option.adoption.level:g} → " + " / ".join(
                f"{shown[m]:.0f}" if m in shown else "n/a" for m in BRIEF_MODELS
            )
        vetoes = tuple(str(b["actor"]) for b in verdict.blockers) if verdict else ()
        rows.append(
            OptionRow(
                option=option.id,
                title=option.title,
                needs_consensus=needs,
                consensus=None if verdict is None else verdict.reachable,
                veto_players=vetoes,
                forecast=level or "no adoption level given",
                p_deterrence=_estimate(risk, "p_deterrence"),
                p_direct_clash=_estimate(risk, "p_direct_clash"),
                p_limited_conflict=_estimate(risk, "p_limited_conflict"),
                durability_s5=float(risk.durability["s5"]),
                track_record=_track_text(option.guarantors, fulfilment, analysis.ledger.empty),
                drivers=tuple(d.parameter for d in risk.drivers[:3]),
            )
        )
    return tuple(rows)


def _baseline_row(analysis: Analysis) -> OptionRow:
    base = analysis.risk.baseline
    return OptionRow(
        option="baseline",
        title="No guarantee (baseline)",
        needs_consensus=False,
        consensus=None,
        veto_players=(),
        forecast="-",
        p_deterrence=_estimate(base, "p_deterrence"),
        p_direct_clash=_estimate(base, "p_direct_clash"),
        p_limited_conflict=_estimate(base, "p_limited_conflict"),
        durability_s5=float(base.durability["s5"]),
        track_record="-",
    )


def _headline(rows: tuple[OptionRow, ...], baseline: OptionRow) -> tuple[str, ...]:
    if not rows:
        return ("The scenario defines no guarantee options.",)
    lines = []
    agreed = [r.title for r in rows if r.needs_consensus and r.consensus]
    vetoed = [r for r in rows if r.needs_consensus and r.consensus is False]
    willing = [r.title for r in rows if not r.needs_consensus and r.consensus]
    short = [r.title for r in rows if not r.needs_consensus and r.consensus is False]
    if agreed:
        lines.append("The alliance can agree by consensus on: " + "; ".join(agreed) + ".")
    for r in vetoed:
        lines.append(f"{r.title}: blocked under consensus (pivotal: {', '.join(r.veto_players) or 'n/a'}).")
    if willing:
        lines.append("Willing guarantors can go ahead without consensus on: " + "; ".join(willing) + ".")
    if short:
        lines.append("No guarantor yet stands at the adoption level of: " + "; ".join(short) + ".")
    best = max(rows, key=lambda r: r.p_deterrence.value)
    lines.append(
        f"Deters most: {best.title}, P(deterrence) {best.p_deterrence.text()} against "
        f"{baseline.p_deterrence.text()} with no guarantee."
    )
    risky = max(rows, key=lambda r: r.p_direct_clash.value)
    lines.append(
        f"Highest risk of a direct guarantor-challenger clash: {risky.title}, "
        f"{risky.p_direct_clash.text(1)} (no guarantee: {baseline.p_direct_clash.text(1)})."
    )
    lasting = max(rows, key=lambda r: r.durability_s5 or 0.0)
    if lasting.durability_s5 is not None and baseline.durability_s5 is not None:
        lines.append(
            f"Most durable settlement: {lasting.title}, {100 * lasting.durability_s5:.0f}% still holding "
            f"after five years (baseline {100 * baseline.durability_s5:.0f}%)."
        )
    return tuple(lines)


def _issues(analysis: Analysis) -> tuple[IssueView, ...]:
    forecasts = _forecasts(analysis)
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
        )
        for i in analysis.scenario.issues
    )


def _ledger_note(analysis: Analysis) -> str:
    report = analysis.ledger
    if report.empty:
        return (
            "The ledger is empty, so the guarantors' track record is unknown and the credibility priors are "
            "not adjusted (import a tracker with `pactlab ledger import`)."
        )
    batches = report.provenance.parameters.get("batches", [])
    names = ", ".join(f"{b['source']} {b.get('release') or ''}".strip() for b in batches)
    return (
        f"Track record from the ledger ({names}): fulfilment is delivered or allocated over pledged "
        "value; it shifts each guarantor's credibility prior."
    )


def _short(citation: str, limit: int = 60) -> str:
    text = " ".join(citation.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def assemble(analysis: Analysis) -> BriefData:
    """Build the brief's data from an Analysis."""
    scenario = analysis.scenario
    meta = scenario.metadata
    rows = _option_rows(analysis)
    baseline = _baseline_row(analysis)
    models = [
        ModelNote(m.title, m.source, " ".join(m.assumptions))
        for m in (*NEGOTIATION_MODELS.values(), *DETER_MODELS.values())
    ]
    track = tuple(
        TrackRecord(r.key, r.fulfilment, r.pledged_eur, max(r.allocated_eur, r.delivered_eur))
        for r in analysis.ledger.rows
    )
    return BriefData(
        scenario_id=meta.id,
        title=meta.title,
        as_of="date not given" if meta.as_of is None else meta.as_of.isoformat(),
        generated_at=analysis.generated_at,
        seed=analysis.seed,
        draws=analysis.draws,
        digest=scenario.digest,
        version=analysis.version,
        headline=_headline(rows, baseline),
        options=rows,
        baseline=baseline,
        issues=_issues(analysis),
        track_record=track,
        ledger_note=_ledger_note(analysis),
        models=tuple(models),
        sources=tuple(_short(s.citation) for s in meta.sources),
        estimates=analysis.estimates,
    )

"""The brief's wording: headline bullets, notes and one-line explanations, from result objects.

Rules the wording follows (issue 17): every "unknown" says why in a few words; a case where the models
do not tell the options apart is said so, instead of naming a "best" option on a tie; probabilities are
medians with their 90% interval; numbers that rest on analyst inputs alone are labelled as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pactlab.brief.data import OptionRow, percent

if TYPE_CHECKING:
    from pactlab.analysis import Analysis
    from pactlab.brief.roadmap import Roadmap
    from pactlab.deter import RiskReport
    from pactlab.ledger import LedgerReport
    from pactlab.negotiate.results import OptionConsensus
    from pactlab.scenario.timeline import LaterVintage

__all__ = [
    "consensus_note",
    "cutoff_text",
    "forecast_text",
    "headline",
    "leader",
    "ledger_note",
    "parameter_note",
    "retrospective_text",
    "roadmap_note",
    "top_pairs",
    "track_text",
    "vintages_text",
    "warnings",
]

TIE = 0.005
"""Options whose mean probabilities differ by less than this (half a percentage point) are not told
apart: below the rounding of the brief and within a few Monte Carlo standard errors at default draws."""


def _names(items: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def forecast_text(level: float, shown: Mapping[str, float], models: Sequence[str]) -> str:
    """``"level 50 → 40 / 35 / n/a / 50"``: the adoption level, then each model's forecast."""
    values = " / ".join(f"{shown[m]:.0f}" if m in shown else "n/a" for m in models)
    return f"{level:g} → {values}"


def consensus_note(verdict: OptionConsensus | None, needs: bool) -> str:
    """The consensus cell: the verdict and, in a few words, why (never a bare "unknown")."""
    if verdict is None:
        return "unknown: the option has no adoption level on an issue"
    if not needs:
        if verdict.reachable:
            return f"not needed; willing: {_names(list(verdict.willing or ()), 3)}"
        if verdict.reachable is False:
            return "not needed; no guarantor stands at the level yet"
        return "not needed; unknown: " + verdict.reason
    if verdict.reachable is None:
        return "unknown: " + verdict.reason
    if verdict.reachable:
        return "yes"
    return "no: " + verdict.reason


def track_text(guarantors: Iterable[str], rows: Mapping[str, float | None], report: LedgerReport) -> str:
    """The guarantors' recorded fulfilment (delivered or allocated over pledged), or why unknown."""
    names = list(guarantors)
    if not names:
        return "no guarantor named"
    if report.empty:
        return "unknown: no ledger records"
    known = [(g, rows[g]) for g in names if rows.get(g) is not None]
    if not known:
        return "unknown: none of its guarantors has ledger records"
    shown = ", ".join(f"{g} {100 * (v or 0.0):.0f}%" for g, v in known[:4])
    rest = len(names) - len(known)
    return shown + (f"; {rest} without records" if rest > 0 else "")


def leader(rows: Sequence[OptionRow]) -> OptionRow | None:
    """The option with the highest mean P(deterrence), or None without options."""
    return max(rows, key=lambda r: r.mean_deterrence) if rows else None


def _all_same(values: Iterable[float]) -> bool:
    values = list(values)
    return not values or max(values) - min(values) < TIE


def _agreement(rows: Sequence[OptionRow]) -> list[str]:
    lines = []
    agreed = [r.title for r in rows if r.needs_consensus and r.consensus]
    vetoed = [r for r in rows if r.needs_consensus and r.consensus is False]
    unknown = [r for r in rows if r.consensus is None]
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
    for r in unknown:
        lines.append(f"{r.title}: whether it can be adopted is {r.consensus_note}.")
    return lines


def _deterrence(rows: Sequence[OptionRow], baseline: OptionRow, beats: Mapping[str, Any]) -> str:
    means = [r.mean_deterrence for r in (*rows, baseline)]
    spread = max(means) - min(means)
    if spread < TIE:
        return (
            f"P(deterrence) is {baseline.p_deterrence.text()} with or without any option: the model does "
            "not tell the options apart in this scenario, so it names no best option."
        )
    if min(means) >= 0.99 or max(means) <= 0.01:
        verb = "holds" if min(means) >= 0.99 else "fails"
        return (
            f"Deterrence {verb} in {'more' if verb == 'holds' else 'fewer'} than 99% of draws with every "
            f"option and without one (no guarantee: {baseline.p_deterrence.text()}): the options differ by "
            f"{100 * spread:.1f} percentage points at most, too little to choose between them on deterrence."
        )
    best = leader(rows)
    assert best is not None  # rows is not empty here
    text = (
        f"Deters most: {best.title}, P(deterrence) {best.p_deterrence.text()} (median [90% interval]) "
        f"against {baseline.p_deterrence.text()} with no guarantee"
    )
    others = sorted((r for r in rows if r is not best), key=lambda r: -r.mean_deterrence)
    p = beats.get(best.option, {}).get(others[0].option) if others else None
    if p is None:
        return text + "."
    runner = others[0]
    if p < 0.6:
        return text + f"; no clear lead: it deters more than {runner.title} in only {percent(p)} of draws."
    if best.mean_deterrence - runner.mean_deterrence < TIE:
        return text + (
            f"; it deters more than {runner.title} in {percent(p)} of draws, but on average by less than "
            "half a percentage point."
        )
    return text + f"; it deters more than {runner.title} in {percent(p)} of draws."


def _clash(rows: Sequence[OptionRow], baseline: OptionRow) -> str:
    every = [*rows, baseline]
    if all(r.mean_clash < 0.0005 for r in every):
        return "The risk of a direct guarantor-challenger clash is below 0.1% for every option."
    if _all_same(r.mean_clash for r in every):
        return f"P(direct clash) is {baseline.p_direct_clash.text(1)} for every option: no option changes it."
    risky = max(rows, key=lambda r: r.mean_clash)
    return (
        f"Highest risk of a direct guarantor-challenger clash: {risky.title}, {risky.p_direct_clash.text(1)}"
        f" (no guarantee: {baseline.p_direct_clash.text(1)})."
    )


def _durability(rows: Sequence[OptionRow], baseline: OptionRow, applies: bool) -> str:
    base = baseline.durability_s5
    if not applies or base is None or base.value is None:
        return "Durability not reported: the scenario describes no armed conflict to settle."
    s5 = {
        r.title: r.durability_s5
        for r in rows
        if r.durability_s5 is not None and r.durability_s5.value is not None
    }
    if not s5 or _all_same([*(e.value or 0.0 for e in s5.values()), base.value]):
        return (
            f"A settlement holds five years with probability {base.text()} under every option: none changes "
            "the settlement model's inputs."
        )
    title, best = max(s5.items(), key=lambda item: item[1].value or 0.0)
    return (
        f"Most durable settlement: {title}, {best.text()} still holding after five years "
        f"(baseline {base.text()})."
    )


def _roadmap(roadmap: Roadmap | None) -> str | None:
    if roadmap is None:
        return None
    waves = roadmap.waves()
    shown = "; ".join(
        f"{roadmap.period} {start}: {_names([s.id for s in steps], 3)}" for start, steps in waves[:3]
    )
    more = f"; then {len(waves) - 3} more starts" if len(waves) > 3 else ""
    return (
        f"Order of guarantees (roadmap, {roadmap.status} plan from the analyst's step values): {shown}{more}."
    )


def headline(analysis: Analysis, rows: Sequence[OptionRow], baseline: OptionRow | None) -> tuple[str, ...]:
    """The five questions answered in a few bullets."""
    lines = _agreement(rows) if rows else [_forecasts(analysis)]
    if analysis.risk is None or baseline is None:
        lines.append(f"Deterrence and durability {analysis.risk_note}.")
    elif not rows:
        lines.append("The scenario defines no guarantee options: no deterrence comparison to make.")
    else:
        lines.append(_deterrence(rows, baseline, analysis.risk.beats))
        lines.append(_clash(rows, baseline))
        lines.append(_durability(rows, baseline, analysis.risk.durability_applies))
    road = _roadmap(analysis.roadmap)
    if road:
        lines.append(road)
    return tuple(lines)


def _forecasts(analysis: Analysis) -> str:
    """Without options: what the negotiation models forecast on each issue, in the issue's units."""
    by_issue: dict[str, list[str]] = {}
    for f in analysis.negotiation.results:
        if f.model in ("compromise", "median", "eum", "exchange") and f.forecast is not None:
            by_issue.setdefault(f.issue, []).append(f"{f.model} {f.forecast:.3g}")
    if not by_issue:
        return "The scenario defines no guarantee options and no model could forecast its issues."
    units = {i.id: i.scale.unit for i in analysis.scenario.issues}
    shown = "; ".join(
        f"{issue} ({units.get(issue) or 'scale units'}): {', '.join(v)}" for issue, v in by_issue.items()
    )
    return f"The scenario defines no guarantee options; the models forecast {shown}."


def top_pairs(rows: Sequence[OptionRow], matrix: Sequence[Sequence[float | None]]) -> tuple[str, ...]:
    """The pairs a reader asks about: the leader against each other option."""
    best = leader([r for r in rows if r.option != "baseline"])
    if best is None:
        return ()
    i = [r.option for r in rows].index(best.option)
    out = []
    for j, other in enumerate(rows):
        p = matrix[i][j]
        if j != i and p is not None:
            out.append(f"{best.option} deters more than {other.option} in {percent(p)} of draws")
    return tuple(out)


def ledger_note(report: LedgerReport) -> str:
    """Which ledger release and cut-off the guarantors' track record used, or why it is unknown."""
    cut = f" up to the cut-off {report.as_of}" if report.as_of is not None else ""
    if report.empty:
        return (
            f"The ledger holds no records{cut}, so the guarantors' track record is unknown and the "
            "credibility priors are not adjusted (import a tracker with: pactlab ledger import)."
        )
    read = "; ".join(report.provenance.data.values()) or "the ledger"
    late = [b for b in report.batches if b.get("after_cutoff")]
    later = (
        " No release was public by the cut-off: its records up to then are read, as revised later."
        if late
        else ""
    )
    other = " ".join(n + "." for n in report.notes if "after the cut-off" not in n)
    return (
        f"From {read}.{later} Fulfilment: delivered or allocated over pledged value (EUR){cut}; it "
        f"shifts each guarantor's credibility prior. {other}"
    ).strip()


def parameter_note(risk: RiskReport) -> str:
    """Which deterrence parameters are fitted to data, which are priors, which the analyst set."""
    kinds: dict[str, list[str]] = {}
    for name, kind in risk.parameter_kinds.items():
        kinds.setdefault(kind, []).append(name)
    fitted = kinds.get("fitted", [])
    cal = risk.calibration or {}
    sample = f" (n = {cal['n']:,} dyad-years, fitted {cal.get('fitted_on', '?')})" if cal.get("n") else ""
    parts = []
    if fitted:
        parts.append(f"fitted to the conflict record{sample}: {', '.join(fitted)}")
    if kinds.get("prior"):
        parts.append(
            f"priors with no data behind them, their spread carried into every interval: "
            f"{len(kinds['prior'])} parameters"
        )
    if kinds.get("analyst"):
        parts.append(f"set by the analyst: {_names(kinds['analyst'], 6)}")
    return "Deterrence parameters " + "; ".join(parts) + "." if parts else ""


def roadmap_note(roadmap: Roadmap | None, why: str) -> str:
    if roadmap is None:
        return f"No roadmap: {why}."
    left = [s.id for s in roadmap.steps if not s.included]
    out = f"; left out: {', '.join(left)}" if left else ""
    return (
        "Bars: being put in place (blue: instruments, orange: milestones); lines: in force. The plan "
        "maximises the analyst's deterrence value per step (estimates, no interval) under resources, the "
        f"escalation-risk budget per {roadmap.period} ({roadmap.peak_risk:g} of {roadmap.risk_budget:g} "
        f"used) and consensus windows; solver: {roadmap.status}{out}."
    )


def cutoff_text(cutoff: dt.date | None, own: dt.date | None) -> str:
    if cutoff is None:
        return (
            "No information cut-off: the scenario gives no metadata.as_of, so the ledger and the "
            "track record are read in full."
        )
    earlier = f" (earlier than the scenario's {own})" if own is not None and own != cutoff else ""
    return (
        f"Information cut-off {cutoff}{earlier}: the scenario's inputs, the ledger and the models' "
        "track record use only what was public by then."
    )


def vintages_text(vintages: Sequence[LaterVintage]) -> str:
    if not vintages:
        return ""
    by_source: dict[tuple[str, str, str], int] = {}
    for v in vintages:
        key = (v.source, v.date, v.covers)
        by_source[key] = by_source.get(key, 0) + 1
    parts = [
        f"{n} from {src} (published {date}, covering {covers})"
        for (src, date, covers), n in by_source.items()
    ]
    return (
        f"Later vintage: {len(vintages)} capability figures measure a period before the cut-off but come "
        f"from a data set published after it ({'; '.join(parts)}); revisions may differ from what was "
        "public at the time."
    )


def retrospective_text(reason: str | None) -> str:
    if not reason:
        return ""
    return f"Retrospective scenario, not a forecast made before the fact: {' '.join(reason.split())}."


def warnings(analysis: Analysis) -> tuple[str, ...]:
    """Weight-share warnings (one actor holds more than half the weight), grouped by actor, and the
    deterrence engine's warnings."""
    by_actor: dict[str, list[tuple[str, float]]] = {}
    for w in analysis.negotiation.weights:
        if w.dominant is not None:
            by_actor.setdefault(w.dominant, []).append((w.issue, dict(w.shares)[w.dominant]))
    parts = []
    for actor, items in by_actor.items():
        shares = [s for _, s in items]
        span = f"{min(shares):.0%}" if _all_same(shares) else f"{min(shares):.0%}-{max(shares):.0%}"
        parts.append(f"{actor} holds {span} on {', '.join(i for i, _ in items)}")
    out = []
    if parts:
        out.append(
            "Weight (capability x salience): " + "; ".join(parts) + ": there the weighted median is that "
            "actor's position and the weighted models follow it."
        )
    risk_warnings = () if analysis.risk is None else analysis.risk.warnings
    out += [
        w[0].upper() + w[1:] + ("" if w.endswith(".") else ".")
        for w in risk_warnings
        if w and not w.startswith("durability not reported")  # the headline says it
    ]
    return tuple(out)

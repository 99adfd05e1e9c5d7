"""The plain-text summary of a sensitivity result (the command line prints it)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pactlab.sensitivity.result import SensitivityResult

__all__ = ["summary_text"]

_KIND = {"fitted": "fitted", "prior": "prior", "analyst": "analyst"}


def _num(x: float | None, digits: int = 3) -> str:
    return "n/a" if x is None or not math.isfinite(x) else f"{x:.{digits}f}"


def _design(r: SensitivityResult) -> str:
    what = "base samples" if r.method == "sobol" else "trajectories"
    rows = ", ".join(f"{p.part} {p.rows:,} rows" for p in r.parts)
    name = "Sobol' (Saltelli design)" if r.method == "sobol" else "Morris"
    return f"{name}, n = {r.n} {what} ({rows}); seed {r.provenance.seed}; {r.draws:,} draws per figure"


def _kinds(r: SensitivityResult) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for i in r.inputs:
        kinds.setdefault(i.factor, _KIND.get(i.kind, i.kind))
    return kinds


def _headline(r: SensitivityResult) -> list[str]:
    if not r.headline:
        return []
    lines = [f"Mean P(deterrence) at the stated inputs ({r.draws:,} draws; spreads: pactlab deter):"]
    for option, (p, clash) in sorted(r.headline.items(), key=lambda kv: -kv[1][0]):
        mark = "  <- leading" if option == r.leader else ""
        lines.append(f"  {option:<32} {p:.3f}  (P(direct clash) {clash:.3f}){mark}")
    if r.p_leader_first is not None and r.leader is not None:
        lines.append(
            f"{r.leader} stays first in {100 * r.p_leader_first:.0f}% of the joint input distribution "
            "(the design's independent rows)."
        )
    return lines


def _top(r: SensitivityResult, output: str, title: str, k: int = 5) -> list[str]:
    part = r.part_of(output)
    if part is None:
        return []
    if output in part.undefined:
        return [f"{title}: no indices ({part.undefined[output]})"]
    kinds = _kinds(r)
    stat = "ST [95% CI]" if r.method == "sobol" else "mu* [95% CI]"
    lines = [f"{title} ({stat}):"]
    for j, (factor, value, conf) in enumerate(r.ranked(output, k), start=1):
        lines.append(f"  {j}. {factor:<46} {_num(value)} [+/- {_num(conf)}]  {kinds.get(factor, '')}")
    return lines


def _negotiation(r: SensitivityResult) -> list[str]:
    if not r.reachable:
        return []
    lines = ["Can the alliance adopt each option? (analyst ranges of positions, saliences, capabilities)"]
    for option, share in r.reachable.items():
        text = "n/a (Morris grid)" if share is None else f"reachable in {100 * share:.0f}% of the design"
        top = r.ranked(f"reachable:{option}", 1)
        driver = f"; moved most by {top[0][0]}" if top and math.isfinite(top[0][1]) and top[0][1] > 0 else ""
        lines.append(f"  {option:<32} {text}{driver}")
    return lines


def summary_text(r: SensitivityResult) -> str:
    """The summary: design, headline, top factors of the leader, flip line, negotiation, notes."""
    lines = [f"Sensitivity of {r.scenario}: {_design(r)}", *_headline(r)]
    if r.leader is not None:
        lines += _top(r, f"p_deter:{r.leader}", f"What moves {r.leader}'s P(deterrence) most")
        lines += _top(r, "lead_margin", "What moves its lead most")
        lines.append("What would flip the ranking: " + r.flip_line())
    lines += _negotiation(r)
    lines += [f"note: {n}" for n in r.notes]
    return "\n".join(lines)

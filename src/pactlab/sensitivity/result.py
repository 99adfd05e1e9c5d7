"""The result of a sensitivity analysis, in the project's result protocol (pactlab.results)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from pactlab.deter.mapping import NO_GUARANTEE
from pactlab.results import Provenance, ResultMixin, jsonable
from pactlab.sensitivity.design import STATS, PartIndices
from pactlab.sensitivity.inputs import Input
from pactlab.sensitivity.sweeps import Flip, Sweep

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SensitivityResult", "TornadoBar"]


@dataclass(frozen=True)
class TornadoBar:
    """One bar of the tornado: the leading option's mean P(deterrence) with the input at its 5th and
    95th percentiles (the other inputs as uncertain as stated), and the factor's index."""

    factor: str
    input: str
    kind: str
    low_value: float
    high_value: float
    at_low: float
    at_high: float
    index: float
    index_conf: float | None


def _part_to_dict(p: PartIndices) -> dict[str, Any]:
    return {
        "part": p.part,
        "method": p.method,
        "factors": list(p.factors),
        "indices": {o: {s: list(v) for s, v in stats.items()} for o, stats in p.indices.items()},
        "undefined": dict(p.undefined),
        "rows": p.rows,
        "notes": list(p.notes),
    }


def _part_from_dict(d: Mapping[str, Any]) -> PartIndices:
    nan = float("nan")
    indices = {
        o: {s: tuple(nan if v is None else float(v) for v in vals) for s, vals in stats.items()}
        for o, stats in d["indices"].items()
    }
    return PartIndices(
        d["part"],
        d["method"],
        tuple(d["factors"]),
        indices,
        dict(d["undefined"]),
        int(d["rows"]),
        tuple(d["notes"]),
    )


@dataclass(frozen=True)
class SensitivityResult(ResultMixin):
    """Global sensitivity of a scenario's answers (see :func:`pactlab.sensitivity.sensitivity`).

    Attributes
    ----------
    scenario, method, n, draws : what ran: ``n`` base samples (Sobol') or trajectories (Morris);
        ``draws`` Monte Carlo draws behind every headline figure and sweep point.
    inputs : every input varied, with its kind, distribution or analyst range and stated value.
    parts : the indices of each part (deterrence, negotiation): per output, per statistic, one value
        per factor (an input, or the calibration's coefficients as one factor).
    headline : per option, mean P(deterrence) and P(direct clash) at the stated inputs over
        ``draws`` draws (the deterrence report's figures for the same seed and draws).
    leader : the option with the highest headline P(deterrence) (None with fewer than two options).
    p_leader_first : the share of the design's independent rows (Sobol' matrices A and B: a
        quasi-random sample of the joint input distribution) where the leader stays first; None for
        Morris, whose grid is not such a sample.
    reachable : per option with an adoption, the share of those rows in which the negotiation engine
        finds it reachable under its issue's rule (None for Morris).
    sweeps, flips : the one-at-a-time curves and where the leader loses first place.
    notes : what was left out and why, and SALib's warnings.
    """

    scenario: str
    method: str
    n: int
    draws: int
    inputs: tuple[Input, ...]
    parts: tuple[PartIndices, ...]
    headline: Mapping[str, tuple[float, float]]
    leader: str | None
    p_leader_first: float | None
    reachable: Mapping[str, float | None]
    sweeps: tuple[Sweep, ...]
    flips: tuple[Flip, ...]
    notes: tuple[str, ...]
    provenance: Provenance = field(compare=True)

    # --- lookups -------------------------------------------------------------------------------

    def input(self, name: str) -> Input:
        """The input called ``name``."""
        for i in self.inputs:
            if i.name == name:
                return i
        raise KeyError(name)

    def part_of(self, output: str) -> PartIndices | None:
        """The part whose indices cover ``output`` (None when it has none)."""
        for p in self.parts:
            if output in p.indices or output in p.undefined:
                return p
        return None

    def ranked(self, output: str, k: int | None = None) -> list[tuple[str, float, float]]:
        """Factors of ``output``'s part by their total effect (ST for Sobol', mu* for Morris), largest
        first, as (factor, index, confidence half-width)."""
        part = self.part_of(output)
        if part is None or output not in part.indices:
            return []
        stat, conf = ("ST", "ST_conf") if self.method == "sobol" else ("mu_star", "mu_star_conf")
        vals = part.indices[output]
        rows = [(f, vals[stat][j], vals[conf][j]) for j, f in enumerate(part.factors)]
        rows.sort(key=lambda r: (-(r[1] if math.isfinite(r[1]) else -math.inf), r[0]))
        return rows[:k] if k is not None else rows

    # --- what the brief needs ------------------------------------------------------------------

    def tornado(self, k: int = 5) -> tuple[TornadoBar, ...]:
        """The ``k`` factors that move the leading option's P(deterrence) most (by total effect),
        each with its sweep's values at the 5th and 95th percentiles."""
        if self.leader is None:
            return ()
        lead = list(self.headline).index(self.leader)
        sweeps = {s.input: s for s in self.sweeps}
        bars = []
        for factor, index, conf in self.ranked(f"p_deter:{self.leader}"):
            members = [i for i in self.inputs if i.factor == factor and i.name in sweeps]
            if not members:
                continue
            best = max(
                members, key=lambda i: abs(sweeps[i.name].at(0.95, lead) - sweeps[i.name].at(0.05, lead))
            )
            s = sweeps[best.name]
            lo_v, hi_v = s.values[s.quantiles.index(0.05)], s.values[s.quantiles.index(0.95)]
            bars.append(
                TornadoBar(
                    factor, best.name, best.kind, lo_v, hi_v, s.at(0.05, lead), s.at(0.95, lead), index, conf
                )
            )
            if len(bars) == k:
                break
        return tuple(bars)

    def runner_up(self) -> str | None:
        """The option second in headline P(deterrence) (the baseline is not an option)."""
        ranked = sorted(
            (o for o in self.headline if o not in (self.leader, NO_GUARANTEE.id)),
            key=lambda o: -self.headline[o][0],
        )
        return ranked[0] if ranked and self.leader is not None else None

    def flip_line(self, limit: int = 3) -> str:
        """One line: what would flip the ranking (the most plausible single-input changes)."""
        if self.leader is None:
            return "No ranking: the scenario has fewer than two options."
        second = self.runner_up()
        lead = f"{self.leader} (mean P(deterrence) {self.headline[self.leader][0]:.3f}"
        if second is not None:
            lead += f", {self.headline[self.leader][0] - self.headline[second][0]:.3f} ahead of {second})"
        else:
            lead += ")"
        if not self.sweeps:
            return f"{lead}: not assessed, no deterrence input was swept."
        if not self.flips:
            return (
                f"No single parameter within its range flips the ranking: {lead} stays first with every "
                "input alone anywhere from its 0.5th to its 99.5th percentile."
            )
        shown = "; ".join(f.describe(self.input(f.input).central) for f in self.flips[:limit])
        more = len({f.input for f in self.flips}) - len({f.input for f in self.flips[:limit]})
        tail = f"; and {more} more parameters" if more > 0 else ""
        return f"{lead} loses first place if {shown}{tail}."

    # --- protocol --------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "method": self.method,
            "n": self.n,
            "draws": self.draws,
            "inputs": [i.to_dict() for i in self.inputs],
            "parts": [_part_to_dict(p) for p in self.parts],
            "headline": {k: list(v) for k, v in self.headline.items()},
            "leader": self.leader,
            "p_leader_first": self.p_leader_first,
            "reachable": dict(self.reachable),
            "sweeps": [s.to_dict() for s in self.sweeps],
            "flips": [f.to_dict() for f in self.flips],
            "flip_line": self.flip_line(),
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            scenario=str(data["scenario"]),
            method=str(data["method"]),
            n=int(data["n"]),
            draws=int(data["draws"]),
            inputs=tuple(Input.from_dict(i) for i in data["inputs"]),
            parts=tuple(_part_from_dict(p) for p in data["parts"]),
            headline={k: (float(v[0]), float(v[1])) for k, v in data["headline"].items()},
            leader=data.get("leader"),
            p_leader_first=data.get("p_leader_first"),
            reachable={k: (None if v is None else float(v)) for k, v in dict(data["reachable"]).items()},
            sweeps=tuple(Sweep.from_dict(s) for s in data["sweeps"]),
            flips=tuple(Flip.from_dict(f) for f in data["flips"]),
            notes=tuple(data["notes"]),
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def __eq__(self, other: object) -> bool:
        # NaN indices (Morris sigma of a group) never equal themselves: compare the JSON forms
        if not isinstance(other, SensitivityResult):
            return NotImplemented
        return bool(jsonable(self.to_dict()) == jsonable(other.to_dict()))

    __hash__ = None  # type: ignore[assignment]

    def to_frame(self) -> pd.DataFrame:
        """One row per (output, factor): the part, the factor's kind and the method's statistics."""
        import pandas as pd

        kinds: dict[str, str] = {}
        for i in self.inputs:
            kinds.setdefault(i.factor, i.kind)
        rows: list[dict[str, Any]] = []
        for p in self.parts:
            for output, stats in p.indices.items():
                for j, factor in enumerate(p.factors):
                    row: dict[str, Any] = {
                        "part": p.part,
                        "output": output,
                        "factor": factor,
                        "kind": kinds.get(factor, ""),
                    }
                    row.update({s: stats[s][j] for s in STATS[self.method]})
                    rows.append(row)
        columns = ["part", "output", "factor", "kind", *STATS[self.method]]
        return pd.DataFrame(rows, columns=columns)

    def summary(self) -> str:
        """Plain text: the headline, the leading option's top factors, the flip line, reachability."""
        from pactlab.sensitivity.text import summary_text

        return summary_text(self)

"""The result of a backtest: every forecast against every coded outcome, the scores, and provenance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Self

from pactlab.backtest.scoring import PredictorScore, SkillScore
from pactlab.results import Provenance, ResultMixin, jsonable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BacktestResult", "CaseRecord", "IssueRecord"]


@dataclass(frozen=True)
class CaseRecord:
    """One case: the decision, its dates, and what the run log says."""

    id: str
    scenario: str
    decision: str
    decision_date: str
    as_of: str
    coded_on: str
    first_run: str
    scenario_digest: str
    outcomes_digest: str
    inputs_revised: bool = False
    later_vintages: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssueRecord:
    """One scored issue: outcome, status quo and every predictor's forecast, all on 0-100."""

    case: str
    issue: str
    outcome: float
    status_quo: float
    lower: float
    upper: float
    forecasts: Mapping[str, float | None]
    notes: Mapping[str, str] = field(default_factory=dict)


def _fmt(value: float | None, digits: int = 1, sign: bool = False) -> str:
    if value is None:
        return "n/a"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def _interval(low: float | None, high: float | None, digits: int = 1, sign: bool = False) -> str:
    return f"[{_fmt(low, digits, sign)}, {_fmt(high, digits, sign)}]"


@dataclass(frozen=True)
class BacktestResult(ResultMixin):
    """Forecasts of negotiation models and naive baselines scored against coded outcomes.

    Attributes
    ----------
    cases : the cases, with their dates and run-log facts.
    issues : every scored issue with every predictor's forecast (0-100; None where a model did not run,
        the reason in ``notes``).
    predictors : MAE with its bootstrap interval and direction hits, per model and baseline.
    skills : skill of each model against each baseline, with its interval and verdict.
    provenance : models, parameters (bootstrap draws, level, dead band, rounds), seed, versions, and per
        case the scenario and outcome digests (``data``).
    """

    cases: tuple[CaseRecord, ...]
    issues: tuple[IssueRecord, ...]
    predictors: tuple[PredictorScore, ...]
    skills: tuple[SkillScore, ...]
    provenance: Provenance

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.predictors if p.kind == "model")

    @property
    def baselines(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.predictors if p.kind == "baseline")

    def predictor(self, name: str) -> PredictorScore:
        return next(p for p in self.predictors if p.name == name)

    def skill(self, model: str, baseline: str) -> SkillScore:
        return next(s for s in self.skills if s.model == model and s.baseline == baseline)

    # --- the result protocol -------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (undefined numbers as null); :meth:`from_dict` reads it back."""
        return {
            "cases": [jsonable(asdict(c)) for c in self.cases],
            "issues": [jsonable(asdict(i)) for i in self.issues],
            "predictors": [
                {**jsonable(asdict(p)), "direction_rate": p.direction_rate} for p in self.predictors
            ],
            "skills": [{**jsonable(asdict(s)), "verdict": s.verdict} for s in self.skills],
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict`."""
        return cls(
            cases=tuple(
                CaseRecord(**{**c, "later_vintages": tuple(c.get("later_vintages", ()))})
                for c in data["cases"]
            ),
            issues=tuple(IssueRecord(**i) for i in data["issues"]),
            predictors=tuple(
                PredictorScore(**{k: v for k, v in p.items() if k != "direction_rate"})
                for p in data["predictors"]
            ),
            skills=tuple(
                SkillScore(**{k: v for k, v in s.items() if k != "verdict"}) for s in data["skills"]
            ),
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per (case, issue, predictor): forecast, outcome, status quo, error, direction (0-100)."""
        import pandas as pd

        from pactlab.backtest.scoring import direction_of

        kinds = {p.name: p.kind for p in self.predictors}
        dead_band = float(self.provenance.parameters.get("dead_band", 0.0))
        rows = []
        for record in self.issues:
            truth = direction_of(record.outcome, record.status_quo, dead_band)
            for name, value in record.forecasts.items():
                moved = None if value is None else direction_of(value, record.status_quo, dead_band)
                rows.append(
                    {
                        "case": record.case,
                        "issue": record.issue,
                        "predictor": name,
                        "kind": kinds.get(name, "model"),
                        "forecast": value,
                        "outcome": record.outcome,
                        "status_quo": record.status_quo,
                        "abs_error": None if value is None else abs(value - record.outcome),
                        "direction_hit": None if moved is None else moved == truth,
                    }
                )
        return pd.DataFrame(rows)

    def summary(self) -> str:
        """The per-model table, the skill table and the verdicts (the text ``pactlab backtest`` prints)."""
        params = self.provenance.parameters
        n_issues, n_cases = len(self.issues), len(self.cases)
        level = float(params.get("level", 0.95))
        head = (
            f"Backtest: {len(self.models)} models and {len(self.baselines)} baselines on {n_issues} issues "
            f"of {n_cases} past decisions (0-100 scale; {params.get('bootstrap')} bootstrap draws over "
            f"issues, {level:.0%} intervals, seed {self.provenance.seed})"
        )
        lines = [head, "", _predictor_table(self.predictors, level), "", self._skill_table(), ""]
        lines += ["Verdicts (beats: the whole skill interval lies above 0):"]
        lines += [f"  {line}" for line in self.verdict_lines()]
        flags = self.flags()
        if flags:
            lines += ["", "Notes:"] + [f"  {flag}" for flag in flags]
        return "\n".join(lines)

    def _skill_table(self) -> str:
        width = max([len(m) for m in self.models] + [5]) + 2
        cols = self.baselines
        lines = ["Skill = 1 - MAE(model) / MAE(baseline) (intervals in the verdicts below):"]
        lines.append(" " * width + "".join(f"{b:>15}" for b in cols))
        for model in self.models:
            cells = "".join(f"{_fmt(self.skill(model, b).skill, 2, True):>15}" for b in cols)
            lines.append(model.ljust(width) + cells)
        return "\n".join(lines)

    def verdict_lines(self) -> list[str]:
        """One line per (model, baseline): 'beats', 'inconclusive' or 'does not beat', with the numbers."""
        return [
            f"{s.model} vs {s.baseline}: {s.verdict} (skill {_fmt(s.skill, 2, True)} "
            f"{_interval(s.low, s.high, 2, True)}, {s.n} issues)"
            for s in self.skills
        ]

    def flags(self) -> list[str]:
        """Facts a reader must know: revised inputs, later-vintage data, models that did not run."""
        out = [
            f"case {c.id}: scenario inputs changed after the first run ({c.first_run}); the forecast is "
            "not the one first made"
            for c in self.cases
            if c.inputs_revised
        ]
        out += [f"case {c.id}: {v}" for c in self.cases for v in c.later_vintages]
        for record in self.issues:
            out += [
                f"{record.case}/{record.issue}: {name} did not run: {why}"
                for name, why in record.notes.items()
            ]
        return out

    def case_report(self) -> str:
        """Per case: each predictor's forecast and absolute error on each issue, and its mean."""
        blocks = []
        for case in self.cases:
            records = [r for r in self.issues if r.case == case.id]
            title = f"{case.id}: {case.decision} ({case.decision_date}; cut-off {case.as_of})"
            head = "predictor".ljust(16) + "".join(f"{r.issue[:22]:>24}" for r in records) + "     MAE"
            rows = [title, head]
            rows.append("outcome".ljust(16) + "".join(f"{r.outcome:>24.1f}" for r in records))
            for p in self.predictors:
                cells, errs = [], []
                for r in records:
                    value = r.forecasts.get(p.name)
                    if value is None:
                        cells.append(f"{'n/a':>24}")
                        continue
                    errs.append(abs(value - r.outcome))
                    cells.append(f"{value:.1f} (|e| {errs[-1]:.1f})".rjust(24))
                mae = f"{sum(errs) / len(errs):8.1f}" if errs else "     n/a"
                rows.append(p.name.ljust(16) + "".join(cells) + mae)
            blocks.append("\n".join(rows))
        return "\n\n".join(blocks)


def _predictor_table(predictors: tuple[PredictorScore, ...], level: float) -> str:
    lines = [
        f"{'predictor':<16}{'kind':<10}{'n':>4}{'MAE':>8}  {f'{level:.0%} interval':<18}{'direction':>10}"
    ]
    for p in predictors:
        rate = "n/a" if p.direction_rate is None else f"{p.direction_hits}/{p.n}"
        interval = _interval(p.mae_low, p.mae_high)
        lines.append(f"{p.name:<16}{p.kind:<10}{p.n:>4}{_fmt(p.mae):>8}  {interval:<18}{rate:>10}")
    return "\n".join(lines)

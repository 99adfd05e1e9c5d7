"""The negotiation models' track record for the brief, cut at the scenario's information cut-off.

A brief shows, per negotiation model, its backtest skill on the built-in corpus of past decisions
(:func:`pactlab.backtest.backtest`, :func:`pactlab.backtest.track_record`). Two rules:

- **No hindsight.** A brief as of a cut-off counts only the past decisions whose outcome was public by
  then: a case's *known* date is the latest of its decision date, its outcomes' dates and the dates of
  the sources its outcomes were coded from. The vilnius-2023 brief (as of 2023-07-10) is judged on the
  decisions known by that day, not on Washington 2024.
- **Seconds, not a rerun.** A backtest of the corpus costs about 7 s of CPU, more than the whole brief
  may. The table of track records for every cut-off of the corpus (one entry per distinct set of
  known cases) ships with the package (``brief/data/track_record.json``), with a *fingerprint* of
  everything that determines its numbers (the negotiation, backtest and scenario code, the case files and
  the scenarios they name). When the installed code no longer matches the fingerprint (a developer
  changed a model) the entry needed is computed once and kept in the user's cache directory under the new
  fingerprint; ``tests/brief/test_track.py`` fails while the shipped table is stale, and
  ``python -m pactlab.brief.track`` rewrites it.

References
----------
Tetlock, P. E. & Gardner, D. (2015). Superforecasting. Crown, ch. 3 (a track record is made of forecasts
scored after the fact, known at the time they are used).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Self

__all__ = [
    "SEED",
    "ModelSkill",
    "ModelTrack",
    "build_table",
    "case_known_dates",
    "fingerprint",
    "model_track",
]

SEED = 0
"""The seed of the backtest behind the shipped track record (models' tie-breaking and the bootstrap)."""

_TABLE = "track_record.json"
_CODE = ("negotiate", "backtest", "scenario")  # packages whose code determines the numbers
_SCENARIO_REF = re.compile(r"^\s*scenario:\s*['\"]?([\w.-]+)", re.MULTILINE)


@dataclass(frozen=True)
class ModelSkill:
    """One model's backtest record: MAE on 0-100 with its interval, direction hits, and skill against
    the best naive baseline with its interval and verdict (see :mod:`pactlab.backtest.scoring`)."""

    model: str
    n: int
    mae: float | None
    mae_low: float | None
    mae_high: float | None
    direction_hits: int
    baseline: str
    baseline_mae: float | None
    skill: float | None
    skill_low: float | None
    skill_high: float | None
    verdict: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class ModelTrack:
    """The track record a brief shows: one line and one :class:`ModelSkill` per model.

    ``cases`` are the past decisions counted (known by ``cutoff``); ``origin`` says whether the numbers
    are the shipped table's or were computed on this machine; ``level`` is the intervals' level.
    """

    cutoff: str | None
    cases: tuple[str, ...]
    excluded: tuple[str, ...]
    lines: tuple[str, ...]
    skills: tuple[ModelSkill, ...]
    fingerprint: str
    origin: str
    seed: int = SEED
    level: float = 0.95

    @property
    def empty(self) -> bool:
        return not self.cases

    def note(self) -> str:
        """One line on what the record rests on."""
        cut = f"known by the cut-off {self.cutoff}" if self.cutoff else "in the corpus (no cut-off given)"
        if self.empty:
            return (
                f"No past decision of the backtest corpus was {cut}: the models have no track record "
                "a reader could have had at the time."
            )
        later = f"; {len(self.excluded)} later decisions left out" if self.excluded else ""
        return f"Backtest on the {len(self.cases)} past decisions {cut}{later} (seed {self.seed})."

    def to_dict(self) -> dict[str, Any]:
        return {
            "cutoff": self.cutoff,
            "cases": list(self.cases),
            "excluded": list(self.excluded),
            "lines": list(self.lines),
            "skills": [s.to_dict() for s in self.skills],
            "fingerprint": self.fingerprint,
            "origin": self.origin,
            "seed": self.seed,
            "level": self.level,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            cutoff=data["cutoff"],
            cases=tuple(data["cases"]),
            excluded=tuple(data["excluded"]),
            lines=tuple(data["lines"]),
            skills=tuple(ModelSkill.from_dict(s) for s in data["skills"]),
            fingerprint=str(data["fingerprint"]),
            origin=str(data["origin"]),
            seed=int(data.get("seed", SEED)),
            level=float(data.get("level", 0.95)),
        )


def _package_root() -> Path:
    return Path(str(resources.files("pactlab")))


def _case_files() -> list[Path]:
    folder = _package_root() / "backtest" / "cases"
    return sorted(p for p in folder.glob("*.yaml") if not p.name.endswith(".runlog.yaml"))


def fingerprint() -> str:
    """SHA-256 of everything that determines the track record's numbers.

    The Python code of :mod:`pactlab.negotiate`, :mod:`pactlab.backtest` and :mod:`pactlab.scenario`
    (and the seeding helper), the case files and the catalog scenarios they name. Run logs are left
    out: they record when a case was first run, not what it scores.
    """
    root = _package_root()
    files = [root / "_rng.py"]
    for package in _CODE:
        files += sorted((root / package).rglob("*.py"))
    cases = _case_files()
    files += cases
    names = {m.group(1) for case in cases for m in _SCENARIO_REF.finditer(case.read_text(encoding="utf-8"))}
    catalog = root / "scenario" / "catalog"
    files += sorted(catalog / f"{name}.yaml" for name in names if (catalog / f"{name}.yaml").is_file())
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _latest(text: str) -> dt.date | None:
    from pactlab.scenario.timeline import parse_source_date

    span = parse_source_date(str(text))
    return span.latest or span.earliest


def case_known_dates() -> dict[str, str]:
    """Each corpus case's *known* date: its decision, its outcomes and their sources all public."""
    import yaml

    out: dict[str, str] = {}
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        dates = [_latest(str(data["case"]["date"]))]
        cited = {str(o.get("source")) for o in data.get("outcomes", ())}
        dates += [_latest(str(o["date"])) for o in data.get("outcomes", ())]
        dates += [_latest(str(s["date"])) for s in data.get("sources", ()) if str(s.get("id")) in cited]
        known = max(d for d in dates if d is not None)
        out[str(data["case"]["id"])] = known.isoformat()
    return out


def _known_by(known: Mapping[str, str], cutoff: dt.date | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if cutoff is None:
        return tuple(sorted(known)), ()
    day = cutoff.isoformat()
    cases = tuple(sorted(c for c, d in known.items() if d <= day))
    return cases, tuple(sorted(c for c in known if c not in cases))


def _compute(cases: Sequence[str]) -> tuple[tuple[str, ...], tuple[ModelSkill, ...]]:
    """Run the backtest on ``cases`` (never recording a run log) and summarise it per model."""
    from pactlab.backtest import backtest, track_record

    if not cases:
        return (), ()
    result = backtest(list(cases), record=False, rng=SEED)
    baselines = [result.predictor(b) for b in result.baselines]
    best = min((b for b in baselines if b.mae is not None), key=lambda b: b.mae or 0.0)
    skills = []
    for name in result.models:
        p = result.predictor(name)
        s = result.skill(name, best.name)
        skills.append(
            ModelSkill(
                name,
                p.n,
                p.mae,
                p.mae_low,
                p.mae_high,
                p.direction_hits,
                best.name,
                best.mae,
                s.skill,
                s.low,
                s.high,
                s.verdict,
            )
        )
    return track_record(result), tuple(skills)


def _entry(cases: Sequence[str]) -> dict[str, Any]:
    lines, skills = _compute(cases)
    return {"cases": list(cases), "lines": list(lines), "skills": [s.to_dict() for s in skills]}


def build_table(known: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The whole table: one entry per distinct set of cases known by some cut-off (every prefix of
    the corpus in order of known dates), under the current fingerprint."""
    known = dict(case_known_dates() if known is None else known)
    days = sorted(set(known.values()))
    entries = [_entry(_known_by(known, dt.date.fromisoformat(day))[0]) for day in days]
    return {"fingerprint": fingerprint(), "seed": SEED, "known": known, "entries": entries}


def _shipped() -> dict[str, Any] | None:
    path = _package_root() / "brief" / "data" / _TABLE
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _cache_file(print_: str) -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pactlab")) / f"track-record-{print_[:16]}.json"


def _find(entries: Iterable[Mapping[str, Any]], cases: Sequence[str]) -> Mapping[str, Any] | None:
    return next((e for e in entries if list(e["cases"]) == list(cases)), None)


def _write_atomic(path: Path, data: Mapping[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".track-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write("\n")
    os.chmod(tmp, 0o644)  # mkstemp makes the file private; the table and the cache are not secrets
    os.replace(tmp, path)


def model_track(cutoff: dt.date | None) -> ModelTrack:
    """The models' track record known by ``cutoff`` (``None``: the whole corpus).

    Read from the shipped table when the installed code matches its fingerprint; otherwise from, or
    computed once into, the user's cache directory.
    """
    current = fingerprint()
    shipped = _shipped()
    if shipped is not None and shipped.get("fingerprint") == current:
        cases, excluded = _known_by(shipped["known"], cutoff)
        entry = _find(shipped["entries"], cases) or {"cases": [], "lines": [], "skills": []}
        return _track(cutoff, cases, excluded, entry, current, "shipped with pactlab")
    known = case_known_dates()
    cases, excluded = _known_by(known, cutoff)
    path = _cache_file(current)
    cached: dict[str, Any] = {"fingerprint": current, "entries": []}
    if path.is_file():
        try:
            cached = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cached = {"fingerprint": current, "entries": []}
    found = _find(cached.get("entries", []), cases)
    if found is None:
        found = _entry(cases)
        cached["entries"] = [*cached.get("entries", []), found]
        with contextlib.suppress(OSError):  # a read-only cache only costs the next run the computation
            _write_atomic(path, cached)
    return _track(cutoff, cases, excluded, found, current, "computed on this machine (code changed)")


def _track(
    cutoff: dt.date | None,
    cases: Sequence[str],
    excluded: Sequence[str],
    entry: Mapping[str, Any],
    print_: str,
    origin: str,
) -> ModelTrack:
    return ModelTrack(
        cutoff=None if cutoff is None else cutoff.isoformat(),
        cases=tuple(cases),
        excluded=tuple(excluded),
        lines=tuple(entry["lines"]),
        skills=tuple(ModelSkill.from_dict(s) for s in entry["skills"]),
        fingerprint=print_,
        origin=origin,
    )


def _main() -> None:  # pragma: no cover - the regeneration step, run by hand
    path = _package_root() / "brief" / "data" / _TABLE
    _write_atomic(path, build_table())


if __name__ == "__main__":  # pragma: no cover
    _main()

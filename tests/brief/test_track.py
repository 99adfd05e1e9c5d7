"""The models' track record on the brief: cut at the cut-off, shipped fresh, the same as a rerun."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest
import yaml

from pactlab.brief import track
from pactlab.brief.track import case_known_dates, fingerprint, model_track

SHIPPED = resources.files("pactlab.brief") / "data" / "track_record.json"
REGENERATE = "python -m pactlab.brief.track  (rewrites src/pactlab/brief/data/track_record.json)"


def test_shipped_table_is_fresh() -> None:
    """The shipped table was computed from the code and cases installed now. When this fails, a model,
    the backtest, the scenario code or a case changed: regenerate the table and commit it."""
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped["fingerprint"] == fingerprint(), f"stale track record: run {REGENERATE}"
    assert shipped["known"] == case_known_dates(), f"stale track record: run {REGENERATE}"


@pytest.mark.slow
def test_shipped_entry_equals_a_rerun() -> None:
    """The numbers are the backtest's own: the vilnius-2023 entry (6 cases) recomputed now equals the
    shipped one, line by line (same seed, same code)."""
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    cases = list(model_track(dt.date(2023, 7, 10)).cases)
    entry = next(e for e in shipped["entries"] if e["cases"] == cases)
    lines, skills = track._compute(cases)
    assert list(lines) == entry["lines"]
    assert [s.to_dict() for s in skills] == entry["skills"]


def test_known_dates_follow_the_case_files() -> None:
    """A case is known when its decision, its outcomes and the sources they were coded from are all
    public: madrid-2022 was decided on 2022-06-29 but one outcome rests on a DVIDS report of 2023-07-31."""
    known = case_known_dates()
    assert known["madrid-2022"] == "2023-07-31"
    assert known["budapest-1994"] == "1994-12-05"
    folder = resources.files("pactlab.backtest") / "cases"
    for case_id, day in known.items():
        data = yaml.safe_load((folder / f"{case_id}.yaml").read_text(encoding="utf-8"))
        assert day >= str(data["case"]["date"])


def test_vilnius_reads_only_what_was_known_on_10_july_2023() -> None:
    """Washington 2024, the EU accession talks of December 2023, the G7 declaration of 12 July 2023 and
    Madrid (coded from a source of 31 July 2023) were not known on 10 July 2023."""
    record = model_track(dt.date(2023, 7, 10))
    assert record.cases == (
        "aukus-2021",
        "bucharest-2008",
        "budapest-1994",
        "eu-candidate-2022",
        "founding-act-1997",
        "us-japan-2015",
    )
    assert set(record.excluded) == {"eu-talks-2023", "g7-2023", "madrid-2022", "washington-2024"}
    assert len(record.lines) == len(record.skills) >= 5
    assert all("of 6 past decisions" in line for line in record.lines)
    assert record.origin == "shipped with pactlab"


def test_no_case_before_the_cut_off_gives_no_record() -> None:
    record = model_track(dt.date(1989, 6, 1))  # bdm1994-emissions
    assert record.empty
    assert record.lines == ()
    assert "no track record a reader could have had at the time" in record.note()


def test_stale_table_falls_back_to_a_cached_computation(monkeypatch: pytest.MonkeyPatch) -> None:
    """With code that no longer matches the table, the entry is computed once and cached (not read stale)."""
    monkeypatch.setattr(track, "fingerprint", lambda: "0" * 64)
    calls: list[list[str]] = []

    def fake_entry(cases: list[str]) -> dict[str, object]:
        calls.append(list(cases))
        return {"cases": list(cases), "lines": ["recomputed"], "skills": []}

    monkeypatch.setattr(track, "_entry", fake_entry)
    first = model_track(dt.date(1998, 1, 1))
    second = model_track(dt.date(1998, 1, 1))
    assert first.lines == second.lines == ("recomputed",)
    assert calls == [["budapest-1994", "founding-act-1997"]]  # computed once, then read from the cache
    assert "computed on this machine" in first.origin

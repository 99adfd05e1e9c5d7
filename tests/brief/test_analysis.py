"""The Analysis result (issue 16's protocol) and analyze()'s parameters, errors and time discipline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pactlab.analysis import Analysis, analyze
from pactlab.errors import PactlabError, ParameterError
from pactlab.results import Provenance, Result
from pactlab.scenario import load_scenario

HERE = Path(__file__).parent
ARDENIA = HERE / "data" / "ardenia-roadmap.yaml"
TUTORIAL = HERE.parent / "scenario" / "tutorial_example.yaml"


def test_protocol(vilnius: Analysis) -> None:
    assert isinstance(vilnius, Result)
    assert isinstance(vilnius.provenance, Provenance)
    assert vilnius.provenance.model == "analysis"
    assert vilnius.provenance.seed == 7
    assert vilnius.provenance.timestamp == "2023-11-14T22:13:20+00:00"
    assert vilnius.provenance.scenario_digest == vilnius.scenario.digest
    assert isinstance(vilnius.summary(), str)
    assert vilnius.summary().startswith("Security guarantees for Ukraine")
    html = vilnius._repr_html_()
    assert "pactlab-result" in html
    assert "Provenance" in html


def test_round_trip(vilnius: Analysis) -> None:
    """results.json back to an Analysis and out again, identical (the scenario travels inside it)."""
    again = Analysis.from_dict(vilnius.to_dict())
    assert again == vilnius
    assert again.to_dict() == vilnius.to_dict()
    assert again.scenario.digest == vilnius.scenario.digest


def test_to_frame(vilnius: Analysis) -> None:
    frame = vilnius.to_frame()
    assert next(iter(frame["option"])) == "no-guarantee"
    assert set(frame["option"]) == {"no-guarantee", *(o.id for o in vilnius.scenario.options)}
    assert "reachable" in frame.columns


def test_cutoff_is_the_scenarios(vilnius: Analysis) -> None:
    assert vilnius.cutoff == dt.date(2023, 7, 10)
    assert vilnius.ledger.as_of == dt.date(2023, 7, 10)
    assert vilnius.track.cutoff == "2023-07-10"
    assert vilnius.provenance.parameters["as_of"] == "2023-07-10"


def test_as_of_later_than_the_scenario_is_refused(empty_db: str) -> None:
    with pytest.raises(ParameterError) as caught:
        analyze(load_scenario("vilnius-2023"), draws=1000, db=empty_db, as_of=dt.date(2024, 1, 1))
    assert caught.value.parameter == "as_of"
    assert "after the scenario's cut-off 2023-07-10" in str(caught.value)


def test_an_earlier_as_of_cuts_the_track_record(empty_db: str) -> None:
    """As of 2016, of the corpus only Budapest 1994, the Founding Act 1997, Bucharest 2008 and the US-Japan
    guidelines of April 2015 were decided and coded from public sources (the case files' dates)."""
    analysis = analyze(
        load_scenario("vilnius-2023"), draws=1000, db=empty_db, as_of=dt.date(2016, 1, 1), roadmap=False
    )
    assert analysis.track.cases == ("bucharest-2008", "budapest-1994", "founding-act-1997", "us-japan-2015")
    assert analysis.roadmap is None
    assert "not asked for" in analysis.roadmap_note


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"draws": 1}, "draws"),  # below MIN_DRAWS (2)
        ({"draws": True}, "draws"),
        ({"rounds": 0}, "rounds"),
        ({"rng": -1}, "rng"),
        ({"as_of": "2023-01-01"}, "as_of"),
    ],
)
def test_bad_parameters_are_named(kwargs: dict[str, object], parameter: str, empty_db: str) -> None:
    with pytest.raises(ParameterError) as caught:
        analyze(load_scenario("vilnius-2023"), db=empty_db, **kwargs)  # type: ignore[arg-type]
    assert caught.value.parameter == parameter


def test_an_engines_scenario_problem_is_located(tmp_path: Path, empty_db: str) -> None:
    """Issue 17: the tutorial's deterrence example with p_T instead of p_T_base was reported by analyze as
    'scenario:' without file or line; it must name the file, the line and the field."""
    text = TUTORIAL.read_text(encoding="utf-8").replace("id: p_T_base", "id: p_T")
    path = tmp_path / "tutorial.yaml"
    path.write_text(text, encoding="utf-8")
    line = 1 + text.splitlines().index("    - id: p_T")
    with pytest.raises(PactlabError) as caught:
        analyze(load_scenario(str(path)), draws=1000, db=empty_db)
    assert str(caught.value).startswith(f"{path}:{line}:deterrence.parameters[0].id:")


def test_a_roadmap_problem_is_located(tmp_path: Path, empty_db: str) -> None:
    """A precedence cycle in the roadmap is found by the planner, which names the field path only: the
    analysis puts the scenario's file and line in front of it."""
    text = ARDENIA.read_text(encoding="utf-8").replace(
        "{id: monitors, instrument: monitors, duration: 2,",
        "{id: monitors, instrument: monitors, duration: 2, prerequisites: [ceasefire],",
    )
    path = tmp_path / "cycle.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PactlabError) as caught:
        analyze(load_scenario(str(path)), draws=1000, db=empty_db)
    first = caught.value.problems[0]
    assert first.location.file == str(path)
    assert first.location.path.startswith("roadmap.steps[")
    assert first.location.line is not None
    assert first.location.line > 150


def test_no_deterrence_question_is_said_not_faked(empty_db: str) -> None:
    """bdm1994-emissions names no challenger or target: no deterrence numbers, and the reason."""
    analysis = analyze(load_scenario("bdm1994-emissions"), draws=1000, db=empty_db)
    assert analysis.risk is None
    assert "names no challenger and no target" in analysis.risk_note
    assert Analysis.from_dict(analysis.to_dict()) == analysis


def test_roadmap_of_an_own_scenario(empty_db: str) -> None:
    """The Ardenia test scenario: article-4 needs consensus, which opens only in quarters 2-3, after the
    ceasefire (2 quarters) that needs the monitors (2 quarters): it cannot start before quarter 4, so the
    optimiser must leave it out; the monitors start first."""
    analysis = analyze(load_scenario(str(ARDENIA)), draws=1000, db=empty_db)
    assert analysis.roadmap is not None
    steps = {s.id: s for s in analysis.roadmap.steps}
    assert steps["monitors"].start == 0
    assert steps["ceasefire"].start is not None
    assert steps["ceasefire"].start >= 2
    assert not steps["article-4"].included

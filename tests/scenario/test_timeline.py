"""Time discipline (issue 13): nothing a forecast rests on may post-date the scenario's cut-off.

Every check is driven through the validator a user runs (``pactlab scenarios validate`` or the library
reader), and every refusal must be one located line ``file:line:field: message``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from _support.minimal import minimal
from pactlab.cli import main
from pactlab.errors import ScenarioError
from pactlab.scenario import catalog, load_scenario
from pactlab.scenario.io import read_scenario, scenario_from_data
from pactlab.scenario.timeline import later_vintages, parse_source_date, text_dates

CUTOFF = "2023-07-10"  # minimal()'s as_of
DAYS = st.dates(dt.date(1950, 1, 1), dt.date(2080, 12, 31))


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        scenario_from_data(data, "t.yaml")
    return error.value.lines()


def test_validation_refuses_a_source_dated_after_the_cut_off_with_file_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = minimal()
    data["metadata"]["sources"][0]["date"] = "2023-07-11"  # the summit day: after the cut-off
    path = tmp_path / "late.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["scenarios", "validate", str(path)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    text = path.read_text(encoding="utf-8").splitlines()
    start = next(k for k, line in enumerate(text) if line.strip() == "- actor: a")
    source_line = next(k for k in range(start, len(text)) if text[k].strip() == "source: src1") + 1
    expected = (
        f"{path}:{source_line}:issues[0].positions[0].source: source 'src1' is dated '2023-07-11', "
        f"after the cut-off {CUTOFF} (metadata.as_of)"
    )
    assert expected in lines
    assert any(":actors[0].capability.source: source 'src1' is dated '2023-07-11'" in line for line in lines)


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2023", "is dated only '2023'"),  # may fall after 10 July: give the day
        ("2023-07", "is dated only '2023-07'"),
        ("after 2023-06-01", "is dated only 'after 2023-06-01'"),
    ],
)
def test_a_date_too_coarse_to_precede_the_cut_off_is_refused(date: str, message: str) -> None:
    data = minimal()
    data["metadata"]["sources"][0]["date"] = date
    assert any("issues[0].positions[0].source" in line and message in line for line in _problems(data))


@pytest.mark.parametrize("date", ["2023-07-10", "2023-06", "2022", "before 2023-07-11"])
def test_dates_on_or_before_the_cut_off_pass(date: str) -> None:
    data = minimal()
    data["metadata"]["sources"][0]["date"] = date
    scenario_from_data(data, "t.yaml")


def test_an_undated_cited_source_is_refused_at_the_source() -> None:
    data = minimal()
    del data["metadata"]["sources"][0]["date"]
    (line,) = [x for x in _problems(data) if "has no date" in x]
    assert line.startswith("t.yaml:metadata.sources[0].date: source 'src1' has no date, but ")
    assert "(and 4 more) cites it" in line


def test_without_a_cut_off_there_are_no_time_checks() -> None:
    data = minimal()
    del data["metadata"]["as_of"]
    data["metadata"]["sources"][0]["date"] = "2030-01-01"
    data["issues"][0]["positions"][1]["rationale"] = "said so in 2031"
    scenario_from_data(data, "t.yaml")


def test_a_retrospective_scenario_is_exempt_and_says_why() -> None:
    data = minimal()
    data["metadata"]["sources"][0]["date"] = "2030-01-01"
    data["metadata"]["retrospective"] = "a replication of published inputs coded after the decision"
    assert scenario_from_data(data, "t.yaml").metadata.retrospective


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("Orban's statement at the summit on 11 July 2023", True),
        ("agreements signed in 2024", True),
        ("the G7 declaration of July 12, 2023", True),
        ("reported on 2023-07-11", True),
        ("the 7 July announcement (7 July 2023)", False),
        ("stated in July 2023", False),  # July 2023 may be before the 10th: cannot be refused
        ("withdrawal to the 1991 borders; milex of 339,000 and 1,037,000", False),
        ("the 2022-23 winter strikes", False),
    ],
)
def test_a_rationale_may_not_cite_a_later_event(text: str, refused: bool) -> None:
    data = minimal()
    data["issues"][0]["positions"][1]["rationale"] = text
    if refused:
        lines = _problems(data)
        assert any(":issues[0].positions[1].rationale: the rationale names " in x for x in lines), lines
    else:
        scenario_from_data(data, "t.yaml")


def test_an_inline_citation_is_read_like_a_rationale() -> None:
    data = minimal()
    data["issues"][0]["positions"][1]["source"] = "Szijjarto on the summit outcome, 12 July 2023"
    assert any("positions[1].source: the citation names '12 July 2023'" in x for x in _problems(data))


def test_anchors_cite_their_options_and_may_not_name_later_events() -> None:
    data = minimal()
    scale = data["issues"][0]["scale"]
    scale["anchors"]["5"] = "the charter signed in January 2024"
    lines = _problems(data)
    assert any(":issues[0].scale.anchors.5: the anchor names 'January 2024'" in x for x in lines)
    data = minimal()
    data["metadata"]["sources"].append({"id": "draft", "citation": "a draft reported", "date": "2023-07-12"})
    data["issues"][0]["scale"]["anchor_sources"] = {"10": {"source": "draft", "rationale": "reported draft"}}
    lines = _problems(data)
    assert any(
        "issues[0].scale.anchor_sources.10.source: source 'draft' is dated '2023-07-12'" in x for x in lines
    )
    data["issues"][0]["scale"]["anchor_sources"] = {"7": {"source": "src1"}}
    lines = _problems(data)
    assert any("anchor source '7' has no anchor with that number" in x for x in lines)


def test_a_later_vintage_of_a_measurement_is_allowed_for_capabilities_only() -> None:
    data = minimal()
    data["metadata"]["sources"].append(
        {"id": "data", "citation": "a data set", "date": "after 2023", "covers": "2022"}
    )
    data["actors"][0]["capability"]["source"] = "data"
    scenario = scenario_from_data(data, "t.yaml")
    (vintage,) = later_vintages(scenario)
    assert (vintage.path, vintage.source, vintage.covers) == ("actors[0].capability", "data", "2022")
    data["issues"][0]["positions"][0]["source"] = "data"  # a position may not rest on it
    assert any(
        "issues[0].positions[0].source: source 'data' is dated 'after 2023'" in x for x in _problems(data)
    )
    data = minimal()
    data["metadata"]["sources"].append({"id": "data", "citation": "a data set", "date": "2024-01-01"})
    data["actors"][0]["capability"]["source"] = "data"
    assert any("only with the period it covers" in x for x in _problems(data))
    data["metadata"]["sources"][1]["covers"] = "2023"  # 2023 had not ended by 10 July 2023
    assert any("actors[0].capability.source: source 'data'" in x for x in _problems(data))


def test_source_dates_must_be_calendar_dates() -> None:
    data = minimal()
    data["metadata"]["sources"][0]["date"] = "2023-13"
    assert any("metadata.sources[0].date" in x for x in _problems(data))


def test_every_catalog_scenario_passes_and_dates_every_cited_source() -> None:
    for scenario_id in catalog.ids():
        scenario = load_scenario(scenario_id)  # raises on any breach of the cut-off
        if scenario.metadata.as_of is None or scenario.metadata.retrospective:
            continue
        cited = {p.source for i in scenario.issues for p in i.positions} | {
            a.capability.source for a in scenario.actors if a.capability is not None
        }
        dated = {s.id for s in scenario.metadata.sources if s.date}
        known = {s.id for s in scenario.metadata.sources}
        assert (cited & known) <= dated, scenario_id
    assert load_scenario("bdm1994-emissions").metadata.retrospective


def test_vilnius_rests_on_nothing_after_the_eve_of_the_summit() -> None:
    """Issue 13: no anchor quotes the summit texts; Hungary and the UK no longer rest on summit sources."""
    scenario = read_scenario(catalog.path("vilnius-2023"))
    cutoff = scenario.metadata.as_of
    assert cutoff == dt.date(2023, 7, 10)
    dates = {s.id: parse_source_date(s.date) for s in scenario.metadata.sources if s.date}
    for issue in scenario.issues:
        for label in issue.scale.anchors.values():
            assert "when Allies agree and conditions are met" not in label, issue.id
        for cited in issue.scale.anchor_sources.values():
            if cited.source in dates:
                assert not dates[cited.source].possibly_after(cutoff), (issue.id, cited.source)
        for p in issue.positions:
            if p.source in dates:
                assert not dates[p.source].possibly_after(cutoff), (issue.id, p.actor, p.source)
            assert "G7 framework" not in (p.rationale or ""), (issue.id, p.actor)
    hungary = [p for i in scenario.issues for p in i.positions if p.actor == "hun"]
    assert len(hungary) == 7
    assert all(
        p.source in {"szijjarto-2023-06", "szijjarto-2023-07-03", "stoltenberg-2023-07-07"} for p in hungary
    )


def test_text_dates_reads_the_usual_forms() -> None:
    found = [(d.text, d.earliest.isoformat(), d.latest.isoformat()) for d in text_dates(
        "on 11-12 July 2023, in Sept. 2021, March 3, 2008, 2024-07 and mid-2024; not 1,037,000 or FY2019"
    )]  # fmt: skip
    assert found == [
        ("12 July 2023", "2023-07-12", "2023-07-12"),
        ("Sept. 2021", "2021-09-01", "2021-09-30"),
        ("March 3, 2008", "2008-03-03", "2008-03-03"),
        ("2024-07", "2024-07-01", "2024-07-31"),
        ("2024", "2024-01-01", "2024-12-31"),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.dates(dt.date(1950, 1, 1), dt.date(2080, 12, 31)), st.dates(dt.date(1950, 1, 1), dt.date(2080, 12, 31))
)
def test_a_named_day_is_refused_exactly_when_it_follows_the_cut_off(day: dt.date, cutoff: dt.date) -> None:
    data = minimal()
    data["metadata"]["as_of"] = cutoff.isoformat()
    data["metadata"]["sources"][0]["date"] = "1900-01-01"
    data["issues"][0]["positions"][1]["rationale"] = f"as said on {day.day} {day:%B} {day.year}"
    if day > cutoff:
        assert any("positions[1].rationale" in x for x in _problems(data))
    else:
        scenario_from_data(data, "t.yaml")

"""The case format: outcomes kept apart from the scenario, checked against it, every problem located."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from backtest import _cases
from pactlab.backtest import load_case
from pactlab.errors import PactlabError


def _lines(tmp_path: Path, case: dict[str, Any], scenario: dict[str, Any] | None = None) -> list[str]:
    path = _cases.write(tmp_path, case, scenario)
    with pytest.raises(PactlabError) as error:
        load_case(path)
    return error.value.lines()


def test_a_good_case_loads_with_its_scenario(tmp_path: Path) -> None:
    case = load_case(_cases.write(tmp_path))
    assert case.id == "toy-case"
    assert case.scenario.id == "toy"
    assert [o.issue for o in case.file.outcomes] == ["x", "y"]
    assert case.runlog_path.name == "toy-case.runlog.yaml"


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (lambda c: c["outcomes"][0].update(outcome=120), "outcomes[0].outcome", "lies outside the scale"),
        (lambda c: c["outcomes"][1].update(issue="zz"), "outcomes[1].issue", "has no issue 'zz'"),
        (lambda c: c["outcomes"].append(dict(c["outcomes"][0])), "outcomes[2].issue", "coded twice"),
        (
            lambda c: c["case"].update(date="2020-01-05"),
            "case.date",
            "must come after the scenario's cut-off",
        ),
        (lambda c: c["coding"].update(at="2019-12-31T00:00:00Z"), "coding.at", "before the decision"),
        (lambda c: c["coding"].update(at="2999-01-01T00:00:00Z"), "coding.at", "lies in the future"),
        (lambda c: c["outcomes"][0].update(source="nope"), "outcomes[0].source", "unknown source 'nope'"),
        (
            lambda c: c["outcomes"][0].update(date="2020-01-08"),
            "outcomes[0].date",
            "is not after the cut-off",
        ),
        (lambda c: c["coding"].update(at="2020-02-01T10:00:00"), "coding.at", "timezone"),
        (lambda c: c.update(extra=1), "extra", "unknown field"),
    ],
)
def test_bad_cases_are_refused_at_their_line_and_field(
    tmp_path: Path, edit: Any, where: str, message: str
) -> None:
    case = _cases.case()
    edit(case)
    lines = _lines(tmp_path, case)
    hit = [line for line in lines if f":{where}:" in line and message in line]
    assert hit, lines
    file, line_number = hit[0].split(":")[:2]
    assert file.endswith("toy-case.yaml")
    assert line_number.isdigit()


def test_a_retrospective_scenario_cannot_be_backtested(tmp_path: Path) -> None:
    scenario = _cases.scenario()
    scenario["metadata"]["retrospective"] = "inputs coded by experts after the decision"
    lines = _lines(tmp_path, _cases.case(), scenario)
    assert any(":case.scenario:" in line and "cannot be backtested" in line for line in lines)


def test_an_issue_without_a_status_quo_cannot_be_scored(tmp_path: Path) -> None:
    scenario = _cases.scenario()
    del scenario["issues"][1]["status_quo"]
    lines = _lines(tmp_path, _cases.case(), scenario)
    assert any(":outcomes[1].issue:" in line and "no status quo" in line for line in lines)


def test_a_scenario_that_breaks_the_cut_off_does_not_load_as_a_case(tmp_path: Path) -> None:
    scenario = _cases.scenario()
    scenario["metadata"]["sources"][0]["date"] = "2020-03-01"  # after the cut-off
    lines = _lines(tmp_path, _cases.case(), scenario)
    assert any(":case.scenario:" in line and "does not load" in line for line in lines)
    assert any("after the cut-off 2020-01-10" in line for line in lines)


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    _cases.write(tmp_path)
    path = tmp_path / "alias.yaml"
    text = yaml.safe_dump(_cases.case(), sort_keys=False).replace("source: out\n", "source: &s out\n", 1)
    path.write_text(text + "extra: *s\n", encoding="utf-8")
    with pytest.raises(PactlabError, match="anchors and aliases are not allowed"):
        load_case(path)


def test_an_unknown_case_reference_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(PactlabError) as error:
        load_case(tmp_path / "missing.yaml")
    (line,) = error.value.lines()
    assert "not a built-in case" in line

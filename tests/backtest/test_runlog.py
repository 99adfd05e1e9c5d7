"""The run log: a case coded after its first run, or re-coded since, is refused; the first run is recorded
once, before any model runs, and never rewritten."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from backtest import _cases
from pactlab.backtest import backtest, load_case
from pactlab.backtest.runlog import inputs_digest, read_runlog, record_first_run
from pactlab.errors import PactlabError

NOW = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


def _run(path: Path, **kwargs: object) -> object:
    return backtest([path], models=["compromise"], bootstrap=100, now=NOW, **kwargs)  # type: ignore[arg-type]


def test_first_run_is_recorded_before_models_and_only_once(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    case = load_case(path)
    assert read_runlog(case) is None
    _run(path)
    entry = read_runlog(case)
    assert entry is not None
    assert entry.first_run == NOW
    assert entry.outcomes_digest == case.outcomes_digest
    text = case.runlog_path.read_text(encoding="utf-8")
    later = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    backtest([path], models=["compromise"], bootstrap=100, now=later)
    assert case.runlog_path.read_text(encoding="utf-8") == text  # a later run writes nothing
    with pytest.raises(PactlabError, match="recorded once"):
        record_first_run(case, later, ["x", "y"])


def test_a_case_coded_after_its_first_run_is_refused(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    _run(path)
    data = _cases.case()
    data["coding"]["at"] = "2021-06-01T00:00:00Z"  # coded after the first run of 2021-01-01
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(PactlabError) as refused:
        backtest([path], models=["compromise"], bootstrap=100, now=dt.datetime(2022, 1, 1, tzinfo=dt.UTC))
    (line,) = refused.value.lines()
    assert line.startswith(f"{path}:")
    assert (
        ":coding.at: outcomes coded at 2021-06-01T00:00:00+00:00, not before the first recorded run" in line
    )


def test_outcomes_changed_after_the_first_run_are_refused(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    _run(path)
    data = _cases.case()
    data["outcomes"][0]["outcome"] = 55  # re-coded after the forecasts were seen; the coding date kept
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(PactlabError, match="outcomes may not be re-coded once models have run"):
        _run(path)


def test_coding_at_the_moment_of_the_first_run_is_not_before_it(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    coded = dt.datetime(2020, 2, 1, 10, tzinfo=dt.UTC)
    with pytest.raises(PactlabError, match="not before now"):
        backtest([path], models=["compromise"], bootstrap=100, now=coded)
    assert not load_case(path).runlog_path.exists()


def test_without_recording_a_case_with_no_run_log_is_refused(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    with pytest.raises(PactlabError, match="has no run log"):
        _run(path, record=False)
    assert not load_case(path).runlog_path.exists()


def test_nothing_is_recorded_when_any_case_is_refused(tmp_path: Path) -> None:
    good = _cases.write(tmp_path)
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = _cases.case()
    bad["case"]["id"] = "bad-case"
    bad["outcomes"][0]["outcome"] = 150  # off the scale
    bad_path = _cases.write(bad_dir, bad)
    with pytest.raises(PactlabError, match="lies outside the scale"):
        backtest([good, bad_path], models=["compromise"], bootstrap=100, now=NOW)
    assert not load_case(good).runlog_path.exists()


def test_revised_inputs_are_flagged_not_hidden(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    _run(path)
    scenario = _cases.scenario()
    scenario["issues"][0]["positions"][1]["position"] = 45  # an input changed after the first run
    _cases.write(tmp_path, scenario_data=scenario)
    result = _run(path)
    (record,) = result.cases  # type: ignore[attr-defined]
    assert record.inputs_revised
    assert any("scenario inputs changed after the first run" in flag for flag in result.flags())  # type: ignore[attr-defined]


def test_the_inputs_digest_ignores_listing_order_and_unscored_parts(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    case = load_case(path)
    before = inputs_digest(case.scenario, ["x", "y"])
    scenario = _cases.scenario()
    scenario["issues"][0]["positions"].reverse()
    scenario["metadata"]["description"] = "edited prose"
    _cases.write(tmp_path, scenario_data=scenario)
    assert inputs_digest(load_case(path).scenario, ["x", "y"]) == before

"""BacktestResult follows the result protocol: provenance, JSON round trip, frame, summary, notebook."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from backtest import _cases
from pactlab.backtest import BacktestResult, backtest, plot
from pactlab.errors import ParameterError
from pactlab.results import Result

NOW = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def result(tmp_path: Path) -> BacktestResult:
    return backtest([_cases.write(tmp_path)], models=["compromise", "median"], bootstrap=200, now=NOW)


def test_protocol_and_round_trip(result: BacktestResult) -> None:
    assert isinstance(result, Result)
    data = result.to_dict()
    text = json.dumps(data, allow_nan=False)  # strict JSON: no NaN or infinity anywhere
    again = BacktestResult.from_dict(json.loads(text))
    assert again == result
    assert data["provenance"]["model"] == "backtest"
    assert data["provenance"]["seed"] == 0
    assert data["provenance"]["parameters"]["bootstrap"] == 200
    assert set(data["provenance"]["data"]) == {"case:toy-case"}
    assert {s["verdict"] for s in data["skills"]} <= {"beats", "inconclusive", "does not beat", "undefined"}


def test_frame_summary_and_html(result: BacktestResult) -> None:
    frame = result.to_frame()
    assert len(frame) == 2 * (2 + 5)  # two issues, two models and five baselines
    assert set(frame["kind"]) == {"model", "baseline"}
    assert (frame["abs_error"] >= 0).all()
    text = result.summary()
    for name in (
        "compromise",
        "median",
        "status-quo",
        "midpoint",
        "group-mean",
        "weighted-mean",
        "next-anchor",
    ):
        assert name in text
    assert "does not beat" in text or "inconclusive" in text or "beats" in text
    assert "<pre>" in result._repr_html_()
    assert "toy-case" in result.case_report()


def test_same_seed_same_numbers_different_seed_other_intervals(tmp_path: Path) -> None:
    path = _cases.write(tmp_path)
    one = backtest([path], models=["compromise"], bootstrap=200, now=NOW, rng=7)
    two = backtest([path], models=["compromise"], bootstrap=200, now=NOW, rng=7)
    assert one.to_dict() == two.to_dict()
    assert one.provenance.seed == 7


def test_plot_writes_png_and_svg(result: BacktestResult, tmp_path: Path) -> None:
    png = plot(result, tmp_path / "b.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = plot(result, tmp_path / "b.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")
    with pytest.raises(ParameterError, match=r"png or \.svg"):
        plot(result, tmp_path / "b.pdf")


@pytest.mark.parametrize(
    ("kwargs", "parameter"),
    [
        ({"bootstrap": 10}, "bootstrap"),
        ({"level": 0.2}, "level"),
        ({"dead_band": -1.0}, "dead_band"),
        ({"models": "nope"}, "models"),
        ({"rng": -1}, "rng"),
    ],
)
def test_bad_parameters_are_named(tmp_path: Path, kwargs: dict[str, object], parameter: str) -> None:
    with pytest.raises(ParameterError) as error:
        backtest([_cases.write(tmp_path)], now=NOW, **kwargs)  # type: ignore[arg-type]
    assert error.value.parameter == parameter


def test_track_record_is_one_line_per_model_against_the_best_baseline(result: BacktestResult) -> None:
    from pactlab.backtest import track_record

    lines = track_record(result)
    assert [line.split(":")[0] for line in lines] == ["compromise", "median"]
    best = min((result.predictor(b) for b in result.baselines), key=lambda p: p.mae or 0.0)
    for line, model in zip(lines, ("compromise", "median"), strict=True):
        skill = result.skill(model, best.name)
        assert f"against the best baseline, {best.name}" in line
        assert line.endswith(skill.verdict)
        assert "on 2 issues of 1 past decisions" in line

"""Out-of-sample scoring (pactlab validate deter) and the calibrate command's refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pactlab.cli import main
from pactlab.deter.validation import scores


def test_scores_against_brute_force() -> None:
    """AUC = the share of (event, non-event) pairs ranked right, ties half (counted pair by pair);
    log loss and Brier by their definitions."""
    rng = np.random.default_rng(0)
    p = np.round(rng.uniform(size=300), 2)  # ties on purpose
    y = (rng.uniform(size=300) < p).astype(float)
    pos, neg = p[y == 1], p[y == 0]
    pairs = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    got = scores(p, y)
    assert got["auc"] == pytest.approx(pairs / (pos.size * neg.size), abs=1e-12)
    q = np.clip(p, 1e-12, 1 - 1e-12)
    assert got["log_loss"] == pytest.approx(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q)))
    assert got["brier"] == pytest.approx(np.mean((p - y) ** 2))
    assert sum(r["n"] for r in got["reliability"]) == 300


@pytest.mark.slow
def test_validate_deter_reports_the_table_and_its_verdicts(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyreadr")
    monkeypatch.setenv("PACTLAB_SHARED_DATA", str(shared_data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    plot = tmp_path / "rel.svg"
    assert main(["validate", "deter", "--json", "--plot", str(plot)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert plot.read_text().lstrip().startswith("<?xml")
    for split in ("temporal", "dyads"):
        models = data["splits"][split]
        assert set(models) == {"game", "logit", "base_rate"}
        assert models["base_rate"]["auc"] == pytest.approx(0.5)
        for metric, lower_is_better in (("log_loss", True), ("brier", True), ("auc", False)):
            g, lg = models["game"][metric], models["logit"][metric]
            worse = g > lg if lower_is_better else g < lg
            said = any(v.startswith(f"{split}:") and metric in v for v in data["verdicts"])
            assert worse == said, (split, metric)  # worse than the logit is always said, never hidden
        assert models["game"]["log_loss"] < models["base_rate"]["log_loss"]


def test_calibrate_without_data_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PACTLAB_SHARED_DATA", raising=False)
    assert main(["calibrate"]) == 2
    assert capsys.readouterr().err.startswith("pactlab calibrate: --data: conflict data not found")
    assert main(["calibrate", "--data", str(tmp_path)]) == 2
    assert "missing input files" in capsys.readouterr().err

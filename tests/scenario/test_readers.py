"""The readers of the field's formats, on the real files of ../shared/data/negotiation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from _support.cli import run_cli
from pactlab.errors import ScenarioError
from pactlab.scenario import read_scenario

NOT_SCENARIOS = {
    # the exchange log of one round of the original implementation, not an input file (PROVENANCE.md)
    "cop21-2016.compare.csv",
    # deliberately broken: must give located errors (tested below)
    "copenhagen_with_errors.csv",
}


def decide_files(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "negotiation" / "decide").iterdir() if p.name not in NOT_SCENARIOS)


def test_every_decide_file_validates(shared_data: Path) -> None:
    files = decide_files(shared_data)
    assert len(files) == 6
    for path in files:
        scenario = read_scenario(path)
        arrays = scenario.to_arrays()
        assert arrays.n_actors >= 10, path.name
        assert arrays.n_issues >= 6, path.name
        assert np.all(np.isfinite(arrays.positions[arrays.mask]))


def test_cop21_shape_and_masks(shared_data: Path) -> None:
    """cop21.csv: 15 actors x 13 issues with 14 missing cells (PROVENANCE.md of the shared data)."""
    arrays = read_scenario(shared_data / "negotiation/decide/cop21.csv").to_arrays()
    assert (arrays.n_actors, arrays.n_issues) == (15, 13)
    assert int((~arrays.mask).sum()) == 14
    assert np.isnan(arrays.positions[~arrays.mask]).all()


def test_decide_scale_and_units(shared_data: Path) -> None:
    """sample_data.txt: tol-hoogte has #M rows 0.5 and 7; Willems' position 3.0 round-trips."""
    scenario = read_scenario(shared_data / "negotiation/decide/sample_data.txt")
    issue = scenario.issue("tol-hoogte")
    assert (issue.scale.lower, issue.scale.upper) == (0.5, 7.0)
    arrays = scenario.to_arrays()
    row, col = arrays.actor_ids.index("Willems"), arrays.issue_ids.index("tol-hoogte")
    assert arrays.to_units(arrays.positions[row, col], col) == pytest.approx(3.0)
    assert arrays.positions[row, col] == pytest.approx((3.0 - 0.5) / 6.5 * 100)


def test_delimiters_are_sniffed(shared_data: Path) -> None:
    """Tab + single quotes (sample_data), tab unquoted (copenhagen_with_errors), ';' (cop21-2016)."""
    tab_quoted = read_scenario(shared_data / "negotiation/decide/sample_data.txt")
    semicolon = read_scenario(shared_data / "negotiation/decide/cop21-2016.csv")
    assert tab_quoted.actors[0].id == "Willems"
    assert len(semicolon.actors) == 15


def test_declared_issues_without_data_are_named(shared_data: Path) -> None:
    scenario = read_scenario(shared_data / "negotiation/decide/kopenhagen-2009.csv")
    assert len(scenario.issues) == 7
    assert "technology" in scenario.metadata.description
    assert "Forestry" in scenario.metadata.description


def test_copenhagen_with_errors_gives_located_errors(shared_data: Path) -> None:
    path = shared_data / "negotiation/decide/copenhagen_with_errors.csv"
    with pytest.raises(ScenarioError) as caught:
        read_scenario(path)
    lines = caught.value.lines()
    # Russia's position 160 on Control (row 86) and China India's negative power (row 87)
    assert any(f"{path}:86:#D.position" in line and "160" in line for line in lines)
    assert any(f"{path}:87:#D.power" in line and "negative" in line for line in lines)
    result = run_cli("scenarios", "validate", str(path))
    assert result.code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == len(lines)


def test_bdm_csv(shared_data: Path) -> None:
    """The emission case CSV: 10 actors (capability, position, salience), one issue in years."""
    scenario = read_scenario(shared_data / "negotiation/bdm/emission-standards-1994.csv")
    arrays = scenario.to_arrays()
    assert arrays.n_actors == 10
    assert arrays.n_issues == 1
    assert arrays.capability[arrays.actor_ids.index("Germany"), 0] == pytest.approx(0.16)
    assert arrays.to_units(arrays.positions[:, 0], 0).tolist() == [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]


def test_bdm_catalog_equals_the_csv(shared_data: Path) -> None:
    """The catalog's typed-in Table 1 of Scholz et al. (2011) matches the shared CSV cell by cell."""
    from pactlab.scenario import load_scenario

    typed = load_scenario("bdm1994-emissions").to_arrays()
    read = read_scenario(shared_data / "negotiation/bdm/emission-standards-1994.csv").to_arrays()
    assert typed.actor_ids == read.actor_ids
    np.testing.assert_allclose(typed.capability, read.capability)
    np.testing.assert_allclose(typed.salience, read.salience)
    np.testing.assert_allclose(
        typed.to_units(typed.positions[:, 0], 0), read.to_units(read.positions[:, 0], 0)
    )

"""Degenerate input: a clear, located error or a documented answer, never NaN (issue 3)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pactlab.errors import PactlabError, ParameterError
from pactlab.negotiate import compromise, eum, exchange, exchange_rounds, median, nbs, unanimity

from ._arrays import make_arrays

MODELS = {
    "compromise": compromise,
    "median": median,
    "nbs": nbs,
    "eum": lambda a, i: eum(a, i, rounds=3),
    "exchange": lambda a, i: exchange(a, i, rounds=2),
}


def _finite(f) -> bool:
    values = [f.forecast, *f.trajectory, *(v for s in f.series.values() for v in s)]
    return all(v is None or math.isfinite(v) for v in values)


@pytest.mark.parametrize("name", list(MODELS))
def test_all_weights_zero_is_an_error(name):
    a = make_arrays([[20.0, 30.0], [60.0, 70.0]], [[0.0, 0.5], [0.0, 0.5]], [1.0, 1.0], scenario_id="zero")
    with pytest.raises(PactlabError, match=r"zero:issues\[d0\].*weights|zero:issues\[d0\].*weight"):
        MODELS[name](a, "d0")


@pytest.mark.parametrize("name", list(MODELS))
def test_issue_with_every_cell_missing_is_an_error(name):
    mask = np.array([[True, False], [True, False]])
    a = make_arrays(
        [[20.0, 30.0], [60.0, 70.0]], [[0.5, 0.5], [0.5, 0.5]], [1.0, 1.0], mask=mask, scenario_id="holes"
    )
    with pytest.raises(PactlabError, match=r"holes:issues\[d1\]"):
        MODELS[name](a, "d1")


def test_missing_cell_is_not_zero():
    """A masked cell is left out: the compromise of (20 w=1, missing, 60 w=1) is 40, not 26.7."""
    mask = np.array([[True], [False], [True]])
    a = make_arrays([[20.0], [0.0], [60.0]], [[1.0], [1.0], [1.0]], [1.0, 1.0, 1.0], mask=mask)
    assert compromise(a, 0).forecast == pytest.approx(40.0)
    assert median(a, 0).forecast == 20.0


@pytest.mark.parametrize("name", list(MODELS))
def test_one_actor(name):
    """One actor: its position (NBS: the status quo elsewhere gives the actor's ideal)."""
    a = make_arrays([[30.0, 70.0]], [[0.5, 0.8]], [2.0], status_quo=[90.0, 10.0])
    f = MODELS[name](a, "d0")
    assert _finite(f)
    assert f.forecast == pytest.approx(30.0, abs=1e-9)


@pytest.mark.parametrize("name", list(MODELS))
def test_all_actors_at_one_position(name):
    """All at 45: every model returns 45; the EUM stops at once (R = 0), the trajectory stays constant."""
    a = make_arrays(
        [[45.0, 10.0], [45.0, 90.0], [45.0, 50.0]], [[0.3, 0.5]] * 3, [1.0, 2.0, 3.0], status_quo=[80.0, 20.0]
    )
    f = MODELS[name](a, "d0")
    assert _finite(f)
    assert f.forecast == pytest.approx(45.0, abs=1e-9)
    if name == "eum":
        assert f.details["rounds_run"] == 0
        assert set(f.trajectory) == {45.0}


def test_nbs_no_agreement_is_not_nan():
    """Status quo inside the positions: no point beats it for both actors: 'no agreement'."""
    a = make_arrays([[20.0], [80.0]], [[0.5], [0.5]], [1.0, 1.0], status_quo=[50.0])
    f = nbs(a, 0)
    assert f.forecast is None
    assert f.agreement is False
    assert f.trajectory == ()


def test_unanimity_needs_status_quo_and_reports_it_standing():
    a = make_arrays([[20.0], [80.0]], [[0.5], [0.5]], [1.0, 1.0])
    with pytest.raises(PactlabError, match="status quo"):
        unanimity(a, 0)
    b = make_arrays([[20.0], [80.0]], [[0.5], [0.5]], [1.0, 1.0], status_quo=[50.0])
    f = unanimity(b, 0)
    assert f.forecast == 50.0
    assert f.agreement is False
    assert f.details["win_set"] is None


def test_bad_parameters_are_located_errors():
    a = make_arrays([[20.0], [80.0]], [[0.5], [0.5]], [1.0, 1.0], scenario_id="p")
    with pytest.raises(PactlabError, match="p:rounds"):
        exchange_rounds(a, rounds=-1)
    with pytest.raises(ParameterError, match="variant: unknown EUM variant 'nope'") as error:
        eum(a, 0, variant="nope")  # type: ignore[arg-type]
    assert error.value.parameter == "variant"  # library errors name parameters (issue 16)
    with pytest.raises(PactlabError, match="p:issue: unknown issue 'zz'"):
        compromise(a, "zz")


def test_eum_batch_rows_stop_independently():
    """A row that cannot move (all at one position) stops at once; the others run on, unaffected."""
    from pactlab.negotiate import eum_batch

    x = np.array([[40.0, 40.0, 40.0], [10.0, 50.0, 90.0], [10.0, 50.0, 90.0]])
    s = np.array([[0.5, 0.6, 0.7], [0.9, 0.2, 0.6], [0.9, 0.2, 0.6]])
    c = np.array([[1.0, 2.0, 3.0]] * 3)
    both = eum_batch(x, c, s, max_rounds=5)
    alone = eum_batch(x[1:2], c[1:2], s[1:2], max_rounds=5)
    assert both.rounds_run[0] == 0
    assert set(both.median[0]) == {40.0}
    np.testing.assert_array_equal(both.median[1], alone.median[0])
    np.testing.assert_array_equal(both.mean[2], alone.mean[0])

"""The flip line on curves whose crossing is known, and the tornado figure (plain-text labels)."""

from __future__ import annotations

import io
import json

import numpy as np
from matplotlib.figure import Figure

from pactlab.sensitivity import SensitivityResult, tornado_figure
from pactlab.sensitivity.sweeps import GRID, Sweep, find_flips

OPTIONS = ("no-guarantee", "a", "b")


def _sweep(name: str, p_a: list[float], p_b: list[float], base: float = 0.1) -> Sweep:
    values = tuple(float(v) for v in np.linspace(0.0, 10.0, len(GRID)))
    return Sweep(name, GRID, values, tuple((base, a, b) for a, b in zip(p_a, p_b, strict=True)))


def test_crossing_is_interpolated_between_grid_points() -> None:
    # b rises linearly across the grid's values 0..10 from 0.3 to 0.7; a stays at 0.5: b overtakes at 5.0,
    # above the median grid point (value 5.0 is the 6th of 11 points: the median itself is a tie, not a flip)
    n = len(GRID)
    p_b = list(np.linspace(0.3, 0.7, n) - 1e-9)
    flips = find_flips([_sweep("x", [0.5] * n, p_b)], OPTIONS, "a")
    (flip,) = flips
    assert (flip.input, flip.direction, flip.new_leader) == ("x", "above", "b")
    assert abs(flip.value - 5.0) < 1e-3
    assert flip.between == (5.0, 6.0)


def test_no_flip_and_the_baseline_never_counts() -> None:
    n = len(GRID)
    assert find_flips([_sweep("y", [0.6] * n, [0.5] * n, base=0.9)], OPTIONS, "a") == ()


def test_flip_below_and_sorted_by_plausibility() -> None:
    n = len(GRID)
    near = _sweep("near", [0.5] * n, [0.49] * (n // 2 - 1) + [0.51] + [0.4] * (n // 2 + 1))
    far = _sweep("far", [0.5] * n, [0.7] + [0.4] * (n - 1))
    flips = find_flips([far, near], OPTIONS, "a")
    assert [f.input for f in flips] == ["near", "far"]
    assert all(f.direction == "below" for f in flips)


def _with_math_in_names(result: SensitivityResult) -> SensitivityResult:
    text = json.dumps(result.to_dict()).replace('"sq"', '"s$q_1^"')
    return SensitivityResult.from_dict(json.loads(text))


def test_tornado_is_a_figure_with_plain_text_labels(result: SensitivityResult) -> None:
    odd = _with_math_in_names(result)
    bars = odd.tornado(5)
    assert 0 < len(bars) <= 5
    assert "s$q_1^" in [b.factor for b in bars]
    fig = tornado_figure(odd)
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == [f"{b.factor} ({b.kind})" for b in bars]  # top to bottom, largest first
    assert all(not t.get_parse_math() for t in fig.axes[0].get_yticklabels())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")  # an unbalanced "$" would fail here if mathtext parsed it
    assert buffer.getvalue()[:4] == b"\x89PNG"


def test_flip_line_is_one_line(result: SensitivityResult) -> None:
    line = result.flip_line()
    assert "\n" not in line
    assert line.startswith((f"{result.leader} (mean P(deterrence)", "No single parameter"))
    assert ("loses first place if" in line) != line.startswith("No single parameter")

"""The brief's wording: intervals, unknowns explained, degenerate cases phrased sensibly (issue 17)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pactlab.analysis import Analysis, analyze
from pactlab.brief.assemble import assemble
from pactlab.brief.data import Estimate, percent
from pactlab.scenario import load_scenario

ARDENIA = Path(__file__).parent / "data" / "ardenia-roadmap.yaml"


@given(st.floats(0.0, 1.0))
def test_percent_never_rounds_to_a_certainty(p: float) -> None:
    """A probability strictly between 0 and 1 is never printed as 0% or 100%."""
    for digits in (0, 1):
        text = percent(p, digits)
        if 0.0 < p < 1.0:
            assert text not in (f"{0:.{digits}f}%", f"{100:.{digits}f}%")
        if p in (0.0, 1.0):
            assert text == f"{100 * p:.{digits}f}%"


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_estimate_shows_its_interval(a: float, b: float, c: float) -> None:
    low, value, high = sorted((a, b, c))
    text = Estimate(value, low, high).text()
    assert text.count("[") == 1
    assert text.endswith("%]")
    assert Estimate.absent().text() == "not assessed"


def test_vilnius_headline_answers_each_question(vilnius: Analysis) -> None:
    brief = assemble(vilnius)
    text = " ".join(brief.headline)
    assert "blocked under consensus (pivotal: tur, hun)" in text
    assert "(median [90% interval])" in text
    assert "Order of guarantees (roadmap" in text
    assert "`" not in text  # no literal backticks (issue 17)
    for row in brief.rows:
        assert "unknown" not in row.consensus_note or ":" in row.consensus_note  # every unknown says why
    peace = next(r for r in brief.options if r.option == "peace-formula-benchmarks")
    assert peace.consensus_note == "unknown: the issue has no status quo"


def test_weight_share_warning_is_on_the_brief(vilnius: Analysis) -> None:
    """Issue 12: where one actor holds more than half the weight, the brief says so (vilnius: the US on
    five issues, the UK on long-range strike, Russia on the peace settlement; negotiate's weight shares)."""
    warnings = " ".join(assemble(vilnius).warnings)
    assert "usa holds" in warnings
    assert "gbr holds" in warnings
    assert "the weighted median is that actor's position" in warnings


def test_every_option_above_99_percent_is_phrased_as_such(empty_db: str) -> None:
    """The Ardenia test scenario rests on the engine's generic defaults, under which every option and no
    guarantee deter in more than 99% of draws: the headline must not crown a 'best' option there."""
    brief = assemble(analyze(load_scenario(str(ARDENIA)), draws=2000, db=empty_db))
    text = " ".join(brief.headline)
    assert "Deters most" not in text
    assert "Deterrence holds in more than 99% of draws with every option and without one" in text
    assert "below 0.1% for every option" in text  # P(direct clash)
    assert "Durability not reported" in text
    assert any(
        "generic defaults" in w.lower() for w in brief.warnings
    )  # the engine's warning reaches the page


def test_the_sensitivity_slot_shows_no_number(vilnius: Analysis) -> None:
    view = assemble(vilnius).sensitivity
    assert view.bars == ()
    assert view.centre is None
    assert view.flip_line == ""
    assert "not assessed in this run" in view.note

"""Terminal output (issue 18 item 4, issue 17 item 8): one escaping path, numbers and words."""

from __future__ import annotations

import io
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from pactlab.cli._common import escape_text, escaped, number, percent, plain_text, unknown, yes_no

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _rendered(markup: str) -> str:
    console = Console(file=io.StringIO(), width=10_000, color_system=None)
    console.print(markup, highlight=False)
    return console.file.getvalue().rstrip("\n")  # type: ignore[attr-defined]


@given(st.text())
def test_plain_text_leaves_no_control_character(text: str) -> None:
    assert not UNSAFE.search(plain_text(text))


@given(
    st.text(
        st.characters(
            exclude_categories=("Cc",),
            exclude_characters="\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
        )
    )
)
def test_plain_text_keeps_ordinary_text_as_it_is(text: str) -> None:
    assert plain_text(text) == text


@given(st.text(st.characters(exclude_categories=("Cc", "Cs"))).filter(lambda t: not t.endswith("\\")))
def test_rich_prints_escaped_text_exactly(text: str) -> None:
    """Whatever the text (``[/]``, ``[sic]``, ``[bold]``, backslashes), rich shows it literally."""
    printable = plain_text(text)
    assert _rendered(escape_text(text)) == printable
    assert _rendered(f"[bold]{escape_text(text)}[/bold]") == printable


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Guarantees [sic]", "Guarantees [sic]"),
        ("[/]", "[/]"),
        ("[bold]x[/bold]", "[bold]x[/bold]"),
        ("\x1b[2Jclear", "\\x1b[2Jclear"),
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),
        ("\u202eevil", "\\u202eevil"),
        ("a\r\nb", "a\\r\\nb"),
    ],
)
def test_escape_text_examples_from_issue_18(raw: str, shown: str) -> None:
    assert _rendered(escape_text(raw)) == shown


def test_a_trailing_backslash_cannot_escape_the_closing_tag() -> None:
    title = escape_text("ends in \\")
    assert _rendered(f"[bold]{title}[/bold] after") == "ends in \\ after"


def test_escaped_walks_dataclasses_and_containers() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Row:
        title: str
        names: tuple[str, ...]
        value: float

    row = escaped(Row("[/]", ("\x1b[2J", "ok"), 1.5))
    assert row == Row("\\[/]", ("\\x1b[2J", "ok"), 1.5)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (55.00000000000001, "55"),
        (0.1 + 0.2, "0.3"),
        (7.392000000000001, "7.39"),
        (1234567.891, "1,234,568"),
        (20_000, "20,000"),
        (-0.0, "0"),
        (1e-12, "1e-12"),
        (None, "unknown"),
        (float("nan"), "unknown (not computable)"),
        (float("inf"), "infinite"),
    ],
)
def test_numbers_are_rounded_to_their_meaning(value: float | None, text: str) -> None:
    assert number(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e14, max_value=1e14))
def test_a_number_is_close_to_the_value_and_never_noisy(value: float) -> None:
    text = number(value)
    if "." in text and "e" not in text:
        assert len(text.split(".")[1]) <= 8  # never float noise such as 55.00000000000001
    shown = float(text.replace(",", ""))
    assert math.isclose(shown, value, rel_tol=5e-3, abs_tol=1e-300) or abs(value) < 1e-4


@given(st.floats(min_value=0, max_value=1))
def test_a_probability_is_a_percentage_never_a_false_0_or_100(p: float) -> None:
    text = percent(p)
    assert text.endswith("%")
    if 0 < p < 1:
        assert text not in {"0%", "100%"}
    if 0.01 <= p <= 0.99:
        assert abs(float(text.rstrip("%")) - 100 * p) <= 0.5


def test_percent_with_its_interval() -> None:
    assert percent(0.62, (0.55, 0.7), level=0.9) == "62% (90% interval 55%-70%)"
    assert percent(0.62, (None, 0.7)) == "62% (interval unknown)"
    assert percent(None, reason="no draws") == "unknown (no draws)"


@pytest.mark.parametrize("bad", [-0.2, 1.5, 5.0])
def test_a_value_outside_0_1_is_never_printed_as_a_probability(bad: float) -> None:
    with pytest.raises(ValueError, match="not a probability"):
        percent(bad)


def test_booleans_are_words() -> None:
    assert [yes_no(True), yes_no(False), yes_no(None)] == ["yes", "no", "unknown"]
    assert yes_no(None, reason="no status quo") == "unknown (no status quo)"
    assert unknown("the ledger is empty") == "unknown (the ledger is empty)"
    with pytest.raises(TypeError):
        number(True)

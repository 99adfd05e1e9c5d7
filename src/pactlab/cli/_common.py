"""Helpers shared by the command modules: safe terminal text, numbers and words, JSON on stdout.

Every string that came from a user (a scenario's title, an actor's name, a file name, digested text, an
error message quoting input) reaches the terminal through :func:`escape_text` (for rich output, where
``[...]`` is markup) or :func:`plain_text` (for plain lines such as error messages). Both replace control
characters with visible escapes, so that a title cannot clear the screen (``ESC[2J``), recolour the
terminal, set its window title or forge an extra output line; :func:`escape_text` also escapes rich
markup, so that ``[/]`` does not crash the printer and ``[sic]`` is not silently dropped.

Numbers shown to a reader go through :func:`number`, :func:`percent` and :func:`yes_no`: rounded to
their meaning (no ``55.00000000000001``), probabilities as percentages with their interval, booleans as
words, ``None`` as "unknown" (with the reason where there is one), and NaN never printed as a result.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import sys
from collections.abc import Sequence
from typing import Any, TypeVar

from rich.console import Console
from rich.markup import escape as _escape_markup

from pactlab.results import jsonable

__all__ = [
    "err_console",
    "escape_text",
    "escaped",
    "number",
    "percent",
    "plain_text",
    "print_json",
    "stdout_console",
    "unknown",
    "yes_no",
]

err_console = Console(stderr=True)
stdout_console = Console()

T = TypeVar("T")

# C0 controls, DEL and C1 controls (ESC, CSI, OSC...), the Unicode line and paragraph separators, and the
# bidirectional embedding, override and isolate controls that can reorder what a reader sees
# ("Trojan Source", CVE-2021-42574).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain_text(value: object, *, newlines: bool = False) -> str:
    """``str(value)`` with every control character replaced by a visible escape (``\\x1b``, ``\\n``).

    Parameters
    ----------
    value
        Anything; user-supplied text in particular.
    newlines
        Keep line feeds (multi-line descriptions); everything else is still escaped.

    Examples
    --------
    >>> plain_text("Vilnius\\x1b[2J summit")
    'Vilnius\\\\x1b[2J summit'
    >>> plain_text("a.csv\\nforged: error")
    'a.csv\\\\nforged: error'
    >>> plain_text("two\\nlines", newlines=True)
    'two\\nlines'
    """
    text = str(value)
    if newlines:
        return "\n".join(_UNSAFE.sub(_visible, line) for line in text.split("\n"))
    return _UNSAFE.sub(_visible, text)


def escape_text(value: object, *, newlines: bool = False) -> str:
    """:func:`plain_text`, then rich markup escaped: safe inside any string rich will print.

    A trailing backslash is doubled (rich's own rule), so that it cannot escape a closing tag that
    follows (``f"[bold]{escape_text(title)}[/bold]"``); printed on its own it shows as two.

    Examples
    --------
    >>> escape_text("Guarantees [sic] and [/] brackets")
    'Guarantees \\\\[sic] and \\\\[/] brackets'
    """
    return _escape_markup(plain_text(value, newlines=newlines))


def escaped(obj: T) -> T:
    """A copy of ``obj`` (dataclasses, tuples, lists, dicts) with every string passed through
    :func:`escape_text`: for data that a printer elsewhere formats into rich markup."""
    return _escaped(obj)  # type: ignore[no-any-return]


def _escaped(obj: Any) -> Any:
    if isinstance(obj, str):
        return escape_text(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {f.name: _escaped(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}
        return dataclasses.replace(obj, **changes)
    if isinstance(obj, tuple) and not hasattr(obj, "_fields"):
        return tuple(_escaped(item) for item in obj)
    if isinstance(obj, list):
        return [_escaped(item) for item in obj]
    if isinstance(obj, dict):
        return {key: _escaped(item) for key, item in obj.items()}
    return obj


def unknown(reason: str | None = None) -> str:
    """The word for a missing value, with its reason where there is one.

    >>> unknown(), unknown("the ledger is empty")
    ('unknown', 'unknown (the ledger is empty)')
    """
    return "unknown" if not reason else f"unknown ({reason})"


def yes_no(value: bool | None, *, reason: str | None = None) -> str:
    """``yes`` / ``no``; ``None`` is "unknown" with its reason.

    >>> yes_no(True), yes_no(False), yes_no(None, reason="no unanimity rule")
    ('yes', 'no', 'unknown (no unanimity rule)')
    """
    if value is None:
        return unknown(reason)
    return "yes" if value else "no"


def number(value: float | int | None, *, digits: int = 3, unit: str = "", reason: str | None = None) -> str:
    """A number rounded to ``digits`` significant figures (never dropping integer digits), with
    thousands separators and no float noise; ``None`` and NaN are "unknown".

    Examples
    --------
    >>> number(55.00000000000001), number(0.123456), number(12345.678), number(20_000)
    ('55', '0.123', '12,346', '20,000')
    >>> number(None, reason="no agreement"), number(float("nan")), number(-float("inf"))
    ('unknown (no agreement)', 'unknown (not computable)', '-infinite')
    >>> number(2.5e-7), number(3.0, unit="bn EUR")
    ('2.5e-07', '3 bn EUR')
    """
    if value is None:
        return unknown(reason)
    if isinstance(value, bool):
        raise TypeError("number() formats numbers; use yes_no() for booleans")
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        text = _float(float(value), digits)
        if text == "nan":
            return unknown(reason or "not computable")
    return f"{text} {unit}" if unit else text


def _float(value: float, digits: int) -> str:
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "infinite" if value > 0 else "-infinite"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude < -4 or magnitude >= 15:
        return f"{value:.{digits}g}"
    decimals = max(0, digits - 1 - magnitude)
    text = f"{round(value, decimals):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def percent(
    p: float | None,
    interval: Sequence[float | None] | None = None,
    *,
    level: float | None = None,
    reason: str | None = None,
) -> str:
    """A probability as a percentage, with its interval where there is one.

    Whole percents between 1% and 99%, one decimal outside, ``<0.1%`` / ``>99.9%`` at the edges (never a
    false 0% or 100%). ``None`` and NaN are "unknown". A value outside [0, 1] is not a probability: that
    is a defect upstream, so it raises instead of printing a wrong number.

    Examples
    --------
    >>> percent(0.4213), percent(0.4213, (0.38, 0.46), level=0.9)
    ('42%', '42% (90% interval 38%-46%)')
    >>> percent(0.0004), percent(0.9996), percent(0.0), percent(1.0), percent(0.995)
    ('<0.1%', '>99.9%', '0%', '100%', '99.5%')
    >>> percent(float("nan"))
    'unknown (not computable)'
    """
    if p is None or math.isnan(p):
        return unknown(reason or (None if p is None else "not computable"))
    text = _percent(p)
    if interval is None:
        return text
    low, high = interval
    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return f"{text} (interval unknown)"
    label = "" if level is None else f"{_percent(level)} interval "
    return f"{text} ({label}{_percent(low)}-{_percent(high)})"


def _percent(p: float) -> str:
    if not -1e-9 <= p <= 1 + 1e-9:
        raise ValueError(f"{p!r} is not a probability")
    raw = min(max(p, 0.0), 1.0) * 100
    if raw in (0.0, 100.0):
        return f"{raw:.0f}%"
    if raw < 0.1:
        return "<0.1%"
    if raw > 99.9:
        return ">99.9%"
    x = round(raw, 9)  # 0.99 * 100 is 99.00000000000001
    decimals = 0 if 1 <= x <= 99 else 1
    return f"{x:.{decimals}f}%"


def print_json(payload: Any) -> None:
    """Print ``payload`` as JSON on stdout, and nothing else."""
    sys.stdout.write(json.dumps(jsonable(payload), indent=2, allow_nan=False) + "\n")
    sys.stdout.flush()

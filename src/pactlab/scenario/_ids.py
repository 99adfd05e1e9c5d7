"""Ids a reader could confuse, and messages for unknown ids that say what was probably meant.

Two ids that differ only by case (``usa``, ``USA``) or by a look-alike letter (Latin ``a`` and Cyrillic
``а``, U+0430) read the same on a page and in a brief, yet name different things: within one scenario
they are refused (:func:`lookalike_problems`). Their common form is a *skeleton* in the sense of
Unicode Technical Standard #39, section 4 ("Confusable Detection"): NFKC-normalised, case-folded, and
each non-ASCII character that Unicode's confusables table maps to ASCII replaced by it (the table is
the one shipped by the ``confusable-homoglyphs`` package, loaded only when an id is not plain ASCII).

An unknown id (a typo) gets the closest known one (:mod:`difflib`) and, when there are few, the list
of known ids (:func:`unknown_message`).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

__all__ = ["lookalike_problems", "skeleton", "suggest", "unknown_message"]

LIST_AT_MOST = 12
"""Known ids are listed in a message when there are at most this many."""


@cache
def _table() -> dict[str, str]:
    """Non-ASCII character -> its ASCII look-alike, from Unicode's confusables table."""
    from confusable_homoglyphs import confusables  # ~80 ms to load: only for non-ASCII ids

    table: dict[str, str] = {}
    for char, glyphs in confusables.confusables_data.items():
        if char.isascii():
            continue
        ascii_forms = [g["c"] for g in glyphs if g["c"].isascii() and g["c"].strip()]
        if ascii_forms:
            table[char] = ascii_forms[0]
    return table


def skeleton(text: str) -> str:
    """The form two look-alike ids share (UTS #39 skeleton, case-folded).

    Examples
    --------
    >>> skeleton("USA") == skeleton("us\\u0430")
    True
    >>> skeleton("usa") == skeleton("usb")
    False
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    if folded.isascii():
        return folded
    table = _table()
    return "".join(table.get(char, char) for char in folded).casefold()


def _odd_characters(a: str, b: str) -> str:
    """Name the characters of ``a`` and ``b`` that differ (for the message)."""
    names = []
    for char in dict.fromkeys(a + b):
        if not char.isascii() and (char in a) != (char in b):
            names.append(f"U+{ord(char):04X} {unicodedata.name(char, '?')}")
    return f" ({', '.join(names)})" if names else ""


def lookalike_problems(items: Sequence[tuple[str, str]], kind: str) -> list[tuple[str, str]]:
    """(path, message) for each id that differs from an earlier one only by case or a look-alike.

    ``items`` are (field path, id) pairs of one kind (actors, issues...); exact duplicates are left to
    the duplicate-id check.
    """
    first: dict[str, tuple[str, str]] = {}
    problems = []
    for path, ident in items:
        key = skeleton(ident)
        seen = first.get(key)
        if seen is None:
            first[key] = (path, ident)
        elif seen[1] != ident:
            problems.append(
                (
                    path,
                    f"{kind} id {ident!r} looks the same as {seen[1]!r} ({seen[0]}) but differs by case "
                    f"or by a look-alike letter{_odd_characters(ident, seen[1])}: use one spelling",
                )
            )
    return problems


def suggest(ref: str, known: Iterable[str]) -> str | None:
    """The known id ``ref`` probably meant: the same skeleton first, else the closest by difflib."""
    candidates = list(dict.fromkeys(known))
    key = skeleton(ref)
    same = [k for k in candidates if skeleton(k) == key]
    if same:
        return same[0]
    close = difflib.get_close_matches(ref, candidates, n=1, cutoff=0.6)
    if close:
        return close[0]
    folded = {k.casefold(): k for k in candidates}
    close = difflib.get_close_matches(ref.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[close[0]] if close else None


def unknown_message(kind: str, ref: str, known: Iterable[str], *, plural: str | None = None) -> str:
    """``unknown actor 'usaa'; did you mean 'usa'? (known: deu, fra, usa)``.

    Examples
    --------
    >>> unknown_message("actor", "usaa", ["usa", "deu"])
    "unknown actor 'usaa'; did you mean 'usa'? (known: usa, deu)"
    >>> unknown_message("issue", "q", [])
    "unknown issue 'q' (the scenario has no issues)"
    """
    candidates = list(dict.fromkeys(known))
    plural = plural or f"{kind}s"
    message = f"unknown {kind} {ref!r}"
    if not candidates:
        return f"{message} (the scenario has no {plural})"
    guess = suggest(ref, candidates)
    if guess is not None:
        message += f"; did you mean {guess!r}?"
    if len(candidates) <= LIST_AT_MOST:
        message += f" (known: {', '.join(candidates)})"
    return message

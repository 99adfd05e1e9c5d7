"""A rule-based English sentence splitter that needs no downloaded model.

The rules follow the usual punctuation-and-abbreviation approach of Punkt (Kiss and Strunk 2006,
"Unsupervised multilingual sentence boundary detection", Computational Linguistics 32(4)) with a fixed
abbreviation list instead of learned statistics, so that it runs offline without NLTK data:

- a boundary is a ``.``, ``!`` or ``?`` (optionally followed by closing quotes or brackets), then
  whitespace, then something that can open a sentence (an upper-case letter, a digit, an opening
  quote or bracket);
- not after a known abbreviation ("Mr.", "Gen.", "e.g.", "Art."), a single initial ("B. Vijayakumari")
  or an acronym with inner dots ("U.S.") unless the next word is a common sentence opener;
- blank lines always end a sentence, and so does a line that looks like a heading (short, no final
  punctuation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "jr",
        "sr",
        "rev",
        "hon",
        "pres",
        "gov",
        "sen",
        "rep",
        "amb",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "cf",
        "al",
        "approx",
        "no",
        "nos",
        "art",
        "arts",
        "para",
        "paras",
        "fig",
        "figs",
        "vol",
        "ch",
        "sec",
        "p",
        "pp",
        "op",
        "ed",
        "eds",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "inc",
        "ltd",
        "co",
        "corp",
        "bros",
        "dept",
        "est",
        "univ",
        "mt",
        "ft",
        "int'l",
    ]
)
_OPENERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "but",
        "and",
        "however",
        "there",
        "his",
        "her",
        "their",
        "our",
        "after",
        "before",
        "when",
        "while",
        "as",
        "if",
        "for",
        "on",
        "meanwhile",
        "they",
        "he",
        "she",
        "we",
        "separately",
        "earlier",
        "later",
        "today",
        "according",
    ]
)
# abbreviations that often end a sentence: a boundary when a sentence opener follows
_CLOSING_ABBREVIATIONS = frozenset(["etc", "jr", "sr", "inc", "ltd", "co", "corp", "bros"])
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LAST_TOKEN = re.compile(r"(\S+)$")
_SPACES = str.maketrans("\n\r\t\f\v", "     ")  # same length: spans stay spans


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text, its character span in the cleaned text, and its position."""

    text: str  # the sentence as in the text, line breaks read as spaces (same length as its span)
    start: int
    end: int
    index: int
    paragraph: int
    heading: bool = False


def _is_abbreviation(before: str, after: str) -> bool:
    """Whether the period ending ``before`` belongs to an abbreviation rather than ending a sentence."""
    match = _LAST_TOKEN.search(before)
    if match is None:
        return False
    token = match.group(1).lstrip("\"'“‘([")
    bare = token.rstrip(".").lower()
    next_word = after.strip().split(" ", 1)[0].strip("\"'“‘([").lower()
    if bare in _CLOSING_ABBREVIATIONS:
        return next_word not in _OPENERS  # "Marcos Jr. They agreed" vs "Marcos Jr. met"
    if bare in _ABBREVIATIONS:
        return True
    if len(bare) == 1 and bare.isalpha() and token[:1].isupper():
        return True  # an initial: "B. Vijayakumari"
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", token + "."):
        return next_word not in _OPENERS  # "U.S. President" vs "the U.S. The next day"
    return False


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and stripped[-1] not in ".!?:;\"'”’)" and len(stripped.split()) <= 14


def _split_block(block: str, offset: int) -> list[tuple[int, int]]:
    """Character spans of the sentences in one paragraph block."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(block):
        end = match.end()
        if match.group(0).startswith(".") and _is_abbreviation(
            block[start : match.start()], block[end : end + 40]
        ):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(block)))
    out = []
    for s, e in spans:
        text = block[s:e]
        lead = len(text) - len(text.lstrip())
        if text.strip():
            out.append((offset + s + lead, offset + s + lead + len(text.strip())))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split cleaned text into sentences with their spans.

    Parameters
    ----------
    text : str
        Plain text; paragraphs separated by blank lines.

    Returns
    -------
    list of Sentence
        In text order; headings (short lines without final punctuation) are marked ``heading=True``.

    Examples
    --------
    >>> [s.text for s in split_sentences('Mr. Smith met Gen. Jones in the U.S. on Monday. "Stop." He left.')]
    ['Mr. Smith met Gen. Jones in the U.S. on Monday.', '"Stop."', 'He left.']
    """
    sentences: list[Sentence] = []
    paragraph = 0
    for block_match in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        block = block_match.group(0)
        if not block.strip():
            continue
        lines = block.split("\n")
        pos = block_match.start()
        prose: list[tuple[int, str]] = []
        for line in lines:
            if _looks_like_heading(line) and not prose:
                s = pos + len(line) - len(line.lstrip())
                sentences.append(
                    Sentence(line.strip(), s, s + len(line.strip()), len(sentences), paragraph, heading=True)
                )
            else:
                prose.append((pos, line))
            pos += len(line) + 1
        if prose:
            first = prose[0][0]
            joined = text[first : prose[-1][0] + len(prose[-1][1])].replace("\n", " ")
            for s, e in _split_block(joined, first):
                sentences.append(Sentence(text[s:e].translate(_SPACES), s, e, len(sentences), paragraph))
        paragraph += 1
    return sentences

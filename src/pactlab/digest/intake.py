"""Text intake: plain text, Markdown, HTML and PDF files or standard input, cleaned of page boilerplate.

Every problem a user can cause (a missing, empty, binary, enormous or non-English input) raises a
:class:`~pactlab.errors.PactlabError` located at the file, which the command line prints as one line
with exit status 2.

Boilerplate is what news pages wrap around an article: summary buttons ("No time to read? Get a
summary"), navigation ("Previous Article", "Next Article") followed by other articles' headlines, share
and subscription prompts. HTML is first reduced to its text blocks with lxml, dropping ``script``,
``style``, ``nav``, ``header``, ``footer``, ``aside`` and ``form`` elements (the element-type heuristic of
boilerplate removal surveyed by Kohlschütter, Fankhauser and Nejdl 2010, "Boilerplate detection using
shallow text features", WSDM); then, for every format, lines matching known boilerplate phrases are
removed and the text is cut at the first navigation marker in its second half.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pactlab.errors import PactlabError

__all__ = ["MAX_BYTES", "Document", "clean_text", "find_date", "read_document"]

MAX_BYTES = 10 * 1024 * 1024
"""Largest input accepted (10 MiB): a long report is well under 1 MiB of text."""

_BOILERPLATE_LINE = re.compile(
    r"^\s*(?:no time to read\??|get a summary|summari[sz]e (?:this|the) article|listen to (?:this )?article"
    r"|share (?:this|on)\b.*|subscribe\b.*|sign up\b.*|advertisement|read more|related(?: articles| posts)?"
    r"|more stories|more like this|leave a reply|all rights reserved.*|copyright\b.*|©.*"
    r"|skip to (?:main )?content|back to top|print|email|tweet|facebook|twitter|linkedin|whatsapp|telegram"
    r"|accept(?: all)? cookies|cookie (?:settings|preferences|policy)"
    r"|.*\bcookies?\b.*\b(?:accept|consent|policy|settings|continuing|improve your experience)\b.*"
    r"|(?:this (?:project|article|publication|report|work|story) (?:is|was) )?(?:supported|funded|sponsored"
    r"|co-funded|financed) by\b.*"
    r"|(?:how to |to )?cite (?:this|as)\b.*|reference this\b.*|citation:.*|suggested citation\b.*"
    r"|.*\bretrieved (?:on )?\d.*\bfrom\b.*"
    r"|(?:database|dataset|data source|source|last updated|data as of|updated)\s*:.*"
    r"|(?:[^|\n]{1,30}\|){3,}[^|\n]*)\s*$",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(
    r"^\s*(previous (article|post|story)|next (article|post|story)|related (articles|stories|posts)"
    r"|more stories|read next|you may also like|recommended( for you)?|popular)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_STOPWORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "a",
        "in",
        "is",
        "that",
        "for",
        "it",
        "as",
        "was",
        "with",
        "be",
        "by",
        "on",
        "not",
        "he",
        "i",
        "this",
        "are",
        "or",
        "his",
        "from",
        "at",
        "which",
        "but",
        "have",
        "an",
        "they",
        "you",
        "were",
        "her",
        "she",
        "there",
        "been",
        "has",
        "their",
        "one",
        "all",
        "we",
        "will",
        "would",
        "can",
        "who",
        "more",
        "its",
        "also",
        "into",
        "than",
        "them",
        "these",
        "our",
        "may",
        "should",
        "could",
        "about",
    ]
)


@dataclass(frozen=True, slots=True)
class Document:
    """An input text after intake: where it came from, its kind, its title and its cleaned text."""

    name: str
    kind: str
    title: str
    text: str
    date: str | None = None
    language: str = "en"


def _read_bytes(source: str | Path, stdin: BinaryIO | None) -> tuple[str, bytes]:
    if str(source) == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        path = Path(source)
        name = str(path)
        if not path.is_file():
            raise PactlabError.at(name, "", "no such file")
        if path.stat().st_size > MAX_BYTES:
            raise PactlabError.at(
                name,
                "",
                f"the input is {path.stat().st_size / 2**20:.0f} MiB; "
                f"digest reads at most {MAX_BYTES // 2**20} MiB of text",
            )
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise PactlabError.at(
            name, "", f"the input exceeds {MAX_BYTES // 2**20} MiB; digest reads at most that much text"
        )
    if not data.strip():
        raise PactlabError.at(name, "", "the input is empty")
    return name, data


def _sniff(name: str, data: bytes) -> str:
    suffix = Path(name).suffix.lower()
    head = data[:2048].lstrip().lower()
    if data.startswith(b"%PDF-") or suffix == ".pdf":
        return "pdf"
    if suffix in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise PactlabError.at(
            name,
            "",
            "the input looks binary (it contains NUL bytes); give a text, Markdown, HTML or PDF file",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        if text.count("\ufffd") > 0.01 * len(text):
            raise PactlabError.at(name, "", "the input is not valid UTF-8 text") from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 0.01 * len(text):
        raise PactlabError.at(name, "", "the input looks binary (many control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_text(text: str) -> str:
    """Remove page boilerplate, keeping every other character at its offset.

    Lines that are boilerplate phrases are blanked (replaced by spaces, so that the positions of
    actor mentions in a plain-text file are positions in that file); everything from the first
    navigation marker ("Previous Article", "Next Article", "Related articles", ...) in the second half
    of the text on is dropped, since what follows are other pages' headlines.
    """
    half = len(text) // 2
    for marker in _NAVIGATION.finditer(text):
        if marker.start() >= half:
            text = text[: marker.start()]
            break
    lines = text.split("\n")
    kept = [" " * len(line) if _BOILERPLATE_LINE.match(line) else line for line in lines]
    return "\n".join(kept).rstrip()


def _check_english(name: str, text: str) -> str:
    """``"en"`` for English text; otherwise a located error naming the language detected.

    A cheap test first (share of ASCII words and of English function words); only a text that fails it
    is given to py3langid (Lui and Baldwin 2012, "langid.py: an off-the-shelf language identification
    tool", ACL demo; the maintained fork), which costs about 0.5 s of CPU to load and so is imported on
    that path alone.
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 3:
        raise PactlabError.at(name, "", "the input has no readable text")
    latin = sum(1 for w in words if w.isascii())
    stop = sum(1 for w in words if w in _STOPWORDS)
    if latin >= 0.6 * len(words) and (len(words) < 20 or stop >= 0.08 * len(words)):
        return "en"
    import py3langid

    code = str(py3langid.classify(text[:20_000])[0])
    if code == "en" and latin >= 0.6 * len(words):
        return "en"
    language = _language_name(code)
    raise PactlabError.at(
        name,
        "",
        f"the text looks {language} (language code {code!r}, detected by py3langid); "
        "digest reads English text only",
    )


def _language_name(code: str) -> str:
    try:
        import pycountry

        found = pycountry.languages.get(alpha_2=code)
    except (ImportError, KeyError, LookupError):
        found = None
    return str(found.name) if found is not None else f"not English ({code})"


_MONTHS_RE = "|".join(_MONTH_NAMES)
_DATE_PATTERNS = (
    (re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b"), ("y", "m", "d")),
    (re.compile(rf"\b(\d{{1,2}})\s+({_MONTHS_RE})\w*\.?,?\s+(20\d\d|19\d\d)\b"), ("d", "b", "y")),
    (re.compile(rf"\b({_MONTHS_RE})\w*\.?\s+(\d{{1,2}}),?\s+(20\d\d|19\d\d)\b"), ("b", "d", "y")),
)


def find_date(text: str) -> str | None:
    """The first full date (ISO ``YYYY-MM-DD``) in the opening 600 characters of a text, if any.

    Examples
    --------
    >>> find_date("KYIV, 12 July 2023 - Leaders met.")
    '2023-07-12'
    >>> find_date("Leaders met on Tuesday.") is None
    True
    """
    import datetime as dt

    head = text[:600]
    found: list[tuple[int, str]] = []
    for pattern, order in _DATE_PATTERNS:
        match = pattern.search(head)
        if match is None:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = int(parts["m"]) if "m" in parts else _MONTH_NAMES.index(parts["b"][:3].title()) + 1
        try:
            day = dt.date(int(parts["y"]), month, int(parts["d"]))
        except ValueError:
            continue
        found.append((match.start(), day.isoformat()))
    return min(found)[1] if found else None


def read_document(source: str | Path, *, stdin: BinaryIO | None = None) -> Document:
    """Read a file (or ``"-"`` for standard input) and return its cleaned text.

    Parameters
    ----------
    source : str or Path
        A path to a ``.txt``, ``.md``, ``.html`` or ``.pdf`` file, or ``"-"``.
    stdin : binary stream, optional
        Where ``"-"`` reads from (default: ``sys.stdin.buffer``).

    Raises
    ------
    PactlabError
        Missing, empty, binary, larger than :data:`MAX_BYTES`, unreadable, unsafe (a PDF that inflates
        past the bounds of :mod:`pactlab.digest.formats`) or non-English input.
    """
    from pactlab.digest import formats

    name, data = _read_bytes(source, stdin)
    kind = _sniff(name, data)
    title, date = "", None
    if kind == "pdf":
        raw = formats.pdf_to_text(name, data)
    else:
        raw = _decode(name, data)
        if kind == "markdown":
            title_match = re.search(r"^#\s+(.+)$", raw, re.MULTILINE)
            title = title_match.group(1).strip() if title_match else ""
            raw = formats.markdown_to_text(name, raw)
        elif kind == "html":
            title, raw, date = formats.html_to_text(name, raw)
    if len(raw) > formats.MAX_TEXT_CHARS:
        raise PactlabError.at(name, "", f"the input holds more than {formats.MAX_TEXT_CHARS:,} characters")
    text = clean_text(raw)
    if not text.strip():
        raise PactlabError.at(name, "", "the input has no text left after removing page boilerplate")
    language = _check_english(name, text)
    if not title:
        first = text.lstrip().split("\n", 1)[0].strip()
        title = first if len(first.split()) <= 14 and first[-1:] not in ".!?" else ""
    return Document(
        name=name, kind=kind, title=title, text=text, date=date or find_date(text), language=language
    )

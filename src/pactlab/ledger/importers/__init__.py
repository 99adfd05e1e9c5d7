"""Importers, one per source format; each a pure parser ``(path) -> ParsedFile``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pactlab.errors import ParameterError as _ParameterError
from pactlab.ledger.importers.base import ParsedFile
from pactlab.ledger.importers.kiel import parse_kiel, parse_kiel_activities
from pactlab.ledger.importers.plain import parse_plain
from pactlab.ledger.importers.pun import parse_pun
from pactlab.ledger.importers.sipri import parse_sipri

__all__ = [
    "FORMATS",
    "ParsedFile",
    "parse_file",
    "parse_kiel",
    "parse_kiel_activities",
    "parse_plain",
    "parse_pun",
    "parse_sipri",
]

FORMATS: dict[str, Callable[..., ParsedFile]] = {
    "kiel": parse_kiel,
    "kiel-activities": parse_kiel_activities,
    "sipri": parse_sipri,
    "pun": parse_pun,
    "csv": parse_plain,
}


def parse_file(path: str | Path, format: str, *, decimal_comma: bool = False) -> ParsedFile:
    """Parse ``path`` (``-``: standard input) with the importer of ``format``.

    Problems raise :class:`PactlabError`; a wrong argument names its parameter (``format``,
    ``decimal_comma``), which the command line maps to its flag.
    """
    if format not in FORMATS:
        raise _ParameterError("format", f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    label = "<stdin>" if str(path) == "-" else str(path)
    if format == "csv":
        return parse_plain(Path(path), label=label, decimal_comma=decimal_comma)
    if decimal_comma:
        raise _ParameterError("decimal_comma", f"applies to the csv format only, not {format!r}")
    return FORMATS[format](Path(path), label=label)

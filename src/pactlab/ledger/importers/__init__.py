"""Importers, one per source format; each a pure parser ``(path) -> ParsedFile``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pactlab.errors import PactlabError as _PactlabError
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


def parse_file(path: str | Path, fmt: str) -> ParsedFile:
    """Parse ``path`` with the importer of ``fmt``; problems raise :class:`PactlabError`."""
    if fmt not in FORMATS:
        raise _PactlabError.at("--format", "", f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return FORMATS[fmt](Path(path))

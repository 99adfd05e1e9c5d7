"""Importers, one per source format; each a pure parser ``(path) -> ParsedFile``.

:data:`FORMATS` is the registry (format name -> parser) used for dispatch, listing and the docs. The
parsers' modules are loaded when a parser is first called, so that the file checks of
:mod:`.base` stay light (a bad file is refused before the heavier modules load).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pactlab.errors import ParameterError as _ParameterError
from pactlab.ledger.importers.base import ParsedFile

if TYPE_CHECKING:
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

_PARSERS = {
    "parse_kiel": "kiel",
    "parse_kiel_activities": "kiel",
    "parse_sipri": "sipri",
    "parse_pun": "pun",
    "parse_plain": "plain",
}


def _parser(name: str) -> Callable[..., ParsedFile]:
    module = importlib.import_module(f"pactlab.ledger.importers.{_PARSERS[name]}")
    parser: Callable[..., ParsedFile] = getattr(module, name)
    return parser


def _lazy(name: str) -> Callable[..., ParsedFile]:
    def run(path: Path, **options: Any) -> ParsedFile:
        return _parser(name)(path, **options)

    run.__name__ = run.__qualname__ = name
    run.__doc__ = f"``{name}`` of :mod:`pactlab.ledger.importers.{_PARSERS[name]}` (loaded on first call)."
    return run


FORMATS: dict[str, Callable[..., ParsedFile]] = {
    "kiel": _lazy("parse_kiel"),
    "kiel-activities": _lazy("parse_kiel_activities"),
    "sipri": _lazy("parse_sipri"),
    "pun": _lazy("parse_pun"),
    "csv": _lazy("parse_plain"),
}


def __getattr__(name: str) -> Any:
    if name in _PARSERS:
        return _parser(name)
    raise AttributeError(f"module 'pactlab.ledger.importers' has no attribute {name!r}")


def parse_file(path: str | Path, format: str, *, decimal_comma: bool = False) -> ParsedFile:
    """Parse ``path`` (``-``: standard input) with the importer of ``format``.

    Problems raise :class:`PactlabError`; a wrong argument names its parameter (``format``,
    ``decimal_comma``), which the command line maps to its flag.
    """
    if format not in FORMATS:
        raise _ParameterError("format", f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    label = "<stdin>" if str(path) == "-" else str(path)
    if format == "csv":
        return FORMATS["csv"](Path(path), label=label, decimal_comma=decimal_comma)
    if decimal_comma:
        raise _ParameterError("decimal_comma", f"applies to the csv format only, not {format!r}")
    return FORMATS[format](Path(path), label=label)

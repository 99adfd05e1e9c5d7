"""Importing a file into the ledger: :func:`import_file`.

Light on purpose: the file is checked (a regular file within the size limit, or standard input) before
the importers and the database libraries are loaded, so that ``pactlab ledger import /dev/zero`` or a
FIFO is refused at once; then it is read and parsed, and only then is the database opened.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from pactlab.errors import ParameterError
from pactlab.ledger.importers.base import check_file

if TYPE_CHECKING:
    from pactlab.ledger.db import Database
    from pactlab.ledger.repository import ImportResult

__all__ = ["import_file"]


def _label(release: str) -> str:
    from pactlab.ledger.queries import release_order

    try:
        release_order(release)
    except ValueError as error:
        raise ParameterError("release", str(error)) from None
    return release


def import_file(
    ledger: Database | str | None,
    path: str | Path,
    format: str,
    *,
    dataset: str | None = None,
    release: str | None = None,
    published_on: dt.date | None = None,
    decimal_comma: bool = False,
) -> ImportResult:
    """Import ``path`` (``-``: standard input) in ``format``, in one transaction (all rows or none).

    ``ledger`` is an open ledger or a database URL; the file is read and checked before the database
    is opened, so that a bad file is refused without touching it. The same content twice changes
    nothing. ``release`` (a number or YYYY-MM-DD) and ``published_on`` override what the file
    states; ``dataset`` names a hand-kept csv file's stream, so that a later release of the same
    dataset replaces it (without one, every csv file counts on its own). See
    :mod:`pactlab.ledger.repository` for supersession.
    """
    from pactlab.ledger.importers import FORMATS, parse_file

    if format not in FORMATS:
        raise ParameterError("format", f"unknown format {format!r}; one of {', '.join(FORMATS)}")
    label = "<stdin>" if str(path) == "-" else str(path)
    check_file(Path(path), label=label)
    from pactlab.ledger import repository as repo
    from pactlab.ledger.api import _opened

    parsed = parse_file(path, format, decimal_comma=decimal_comma)
    if dataset is not None:
        if format != "csv":
            raise ParameterError("dataset", f"applies to the csv format only, not {format!r}")
        if not dataset.strip():
            raise ParameterError("dataset", "empty dataset name")
        parsed.stream = f"csv:{dataset.strip()}"
    if release is not None:
        parsed.release = _label(release.strip())
    if published_on is not None:
        parsed.published_on = published_on
    with _opened(ledger) as opened:
        return opened.write(lambda session: repo.write_parsed(session, parsed, label=label))

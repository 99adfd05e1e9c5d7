"""Importer of ProtectUkraineNow's heavy-weapon pledges (``commits.json``) with source URLs.

The site's ``commits.json`` is a list of ``[date, country code (ISO 3166 alpha-2), category, model,
quantity, source URL]``. Each entry becomes an *announced* pledge (a publicly reported promise, with
the URL as evidence) of ``quantity`` units; no money value is given. The FILE argument may be the
file or the folder that holds it. The file states no release: a second, different ``commits.json``
replaces the first only when given a release label (``--release``), never silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pactlab.errors import PactlabError
from pactlab.ledger.actors import actor_id, instrument_for_weapon
from pactlab.ledger.importers.base import MAX_QUANTITY, ParsedFile, Problems, read_text

__all__ = ["parse_pun"]

_SOURCE = "ProtectUkraineNow"


def _entry(entry: Any, index: int, problems: Problems, parsed: ParsedFile) -> None:
    where = f"[{index}]"
    if not isinstance(entry, list) or len(entry) != 6:
        problems.add(None, where, "expected [date, country, category, model, quantity, url]")
        return
    date_text, code, category, model, quantity, url = entry
    date = problems.date(str(date_text), None, f"{where}[0]")
    if not isinstance(code, str) or not code.strip():
        problems.add(None, f"{where}[1]", "empty country code")
        return
    if isinstance(quantity, bool) or not isinstance(quantity, int | float):
        problems.add(None, f"{where}[4]", f"quantity is not a number: {quantity!r}")
        return
    if problems.bounded(float(quantity), None, f"{where}[4]", bound=MAX_QUANTITY) is None:
        return
    if date is None:
        return
    guarantor = actor_id(code)
    parsed.guarantors.setdefault(guarantor, code.upper())
    parsed.pledges.append(
        {
            "row_number": index + 1,
            "guarantor_id": guarantor,
            "stage": "announced",
            "aid_type": str(category),
            "item": str(model)[:300],
            "instrument_id": instrument_for_weapon(str(category)).value,
            "value": None,
            "currency": None,
            "value_eur": None,
            "quantity": float(quantity),
            "unit": "units",
            "pledged_on": date,
            "date_precision": "day",
            "source": _SOURCE,
            "source_url": url if isinstance(url, str) and url else None,
            "is_correction": quantity < 0,
        }
    )


def parse_pun(path: Path, *, label: str | None = None) -> ParsedFile:
    """Parse ProtectUkraineNow's ``commits.json`` (or the folder holding it)."""
    if str(path) != "-" and path.is_dir():
        path = path / "commits.json"
    name = label or str(path)
    text, digest = read_text(path, label=name)
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as error:
        raise PactlabError.at(
            name, f"column {error.colno}", f"not valid JSON: {error.msg}", line=error.lineno
        ) from None
    except RecursionError:
        raise PactlabError.at(name, "", "JSON nested too deeply (expected a flat list of pledges)") from None
    if not isinstance(entries, list):
        raise PactlabError.at(name, "", "expected a JSON list of pledges")
    problems = Problems(name)
    parsed = ParsedFile("pun", "pun", None, path.name, digest)
    for index, entry in enumerate(entries):
        parsed.row_count += 1
        _entry(entry, index, problems, parsed)
    problems.raise_if_any()
    return parsed

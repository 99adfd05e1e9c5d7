"""Importer of the SIPRI Arms Transfers Database trade register (CSV export).

The export has 11 lines of notes before the header, is encoded in latin-1, and gives one row per
deal: recipient, supplier, year of order, number ordered, weapon designation and description, number
delivered, year(s) of delivery, and SIPRI trend-indicator values (TIV, millions; not money, so never
counted as EUR). A deal becomes a *committed* pledge (the order: quantity ordered, TIV of the total
order, dated 1 January of the year of order) and, when anything was delivered, a delivery linked to
it (quantity delivered, TIV delivered, dated 1 January of the last year of delivery; both with year
precision, so a report cut at a date counts them once their year has ended). A '?' flag
(uncertain datum) is kept in ``external_ref``. SIPRI's export breaks a few rows whose comment holds
a line break into a 13-field line and a 4-field continuation line; those two lines are joined back
into one record. The "Data generated" date is the release label and its publication date.

Source: SIPRI Arms Transfers Database, https://www.sipri.org/databases/armstransfers (c) SIPRI.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pactlab.ledger.actors import actor_id, instrument_for_weapon
from pactlab.ledger.importers.base import ParsedFile, Problems, csv_rows, ends_cleanly, read_text

__all__ = ["parse_sipri"]

HEADER_LINES = 11
_COLUMNS = [
    "Recipient",
    "Supplier",
    "Year of order",
    "Number ordered",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "Year(s) of delivery",
    "status",
    "Comments",
    "SIPRI TIV for total order",
    "SIPRI TIV of delivered weapons",
]
_WIDTH = 16
_SOURCE = "SIPRI Arms Transfers Database"


def _published(release: str | None) -> dt.date | None:
    """The export's "Data generated" date: when that view of the database was public."""
    try:
        return dt.datetime.strptime(release or "", "%d %b %Y").date()
    except ValueError:
        return None


def _join_broken(rows: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(rows):
        line, fields = rows[i]
        if (
            len(fields) == 13
            and i + 1 < len(rows)
            and len(rows[i + 1][1]) == 4
            and not rows[i + 1][1][0].strip()
        ):
            fields = [*fields[:12], fields[12], *rows[i + 1][1][1:]]
            i += 1
        out.append((line, fields))
        i += 1
    return out


def _year(text: str, line: int, column: str, problems: Problems) -> dt.date | None:
    years = re.findall(r"\d{4}", text)
    if not years:
        if text.strip():
            problems.add(line, column, f"not a year: {text.strip()!r}")
        return None
    return problems.not_future(dt.date(int(years[-1]), 1, 1), line, column)


def _deal(fields: list[str], line: int, problems: Problems, parsed: ParsedFile) -> None:
    recipient, supplier = fields[0].strip(), fields[1].strip()
    if not supplier:
        problems.add(line, "Supplier", "empty supplier")
        return
    ordered_on = _year(fields[2], line, "Year of order", problems)
    if not fields[2].strip():
        problems.add(line, "Year of order", "empty year of order")
    ordered = problems.number(fields[4], line, "Number ordered", required=False)
    delivered = problems.number(fields[8], line, "Number delivered", required=False)
    delivered_on = _year(fields[10], line, "Year(s) of delivery", problems)
    tiv_order = problems.number(fields[14], line, "SIPRI TIV for total order", required=False)
    tiv_delivered = problems.number(fields[15], line, "SIPRI TIV of delivered weapons", required=False)
    guarantor = actor_id(supplier)
    parsed.guarantors.setdefault(guarantor, supplier)
    flags = "".join(f.strip() for f in (fields[3], fields[5], fields[9]))
    common: dict[str, Any] = {
        "row_number": line,
        "guarantor_id": guarantor,
        "recipient": actor_id(recipient or "unknown"),
        "aid_type": fields[7].strip() or None,
        "item": fields[6].strip()[:300] or None,
        "instrument_id": instrument_for_weapon(fields[7]).value,
        "currency": "TIV-m",
        "value_eur": None,
        "unit": "units",
        "source": _SOURCE,
        "external_ref": flags or None,
        "is_correction": False,
    }
    parsed.pledges.append(
        {
            **common,
            "stage": "committed",
            "quantity": ordered,
            "value": tiv_order,
            "pledged_on": ordered_on,
            "date_precision": "year",
        }
    )
    if (delivered or 0) != 0 or (tiv_delivered or 0) != 0:
        parsed.deliveries.append(
            {
                **common,
                "quantity": delivered,
                "value": tiv_delivered,
                "delivered_on": delivered_on,
                "date_precision": "year",
                "pledge_index": len(parsed.pledges) - 1,
            }
        )


def parse_sipri(path: Path, *, label: str | None = None) -> ParsedFile:
    """Parse a SIPRI trade-register CSV export (latin-1, 11 note lines before the header)."""
    name = label or str(path)
    text, digest = read_text(path, encoding="latin-1", label=name)
    problems = Problems(name)
    ends_cleanly(text, problems)
    lines = text.splitlines(keepends=True)
    generated = next((ln for ln in lines[:HEADER_LINES] if ln.startswith("Data generated")), None)
    release = generated.split(":", 1)[1].strip()[:11] if generated else None
    parsed = ParsedFile("sipri", "sipri", release, path.name, digest, published_on=_published(release))
    rows = list(csv_rows("".join(lines[HEADER_LINES:]), problems, first_line=HEADER_LINES + 1))
    if not rows:
        problems.add(HEADER_LINES + 1, "header", "no header line after the 11 note lines")
        problems.raise_if_any()
    (header_line, header), body = rows[0], _join_broken(rows[1:])
    missing = [c for c in _COLUMNS if c not in [h.strip() for h in header]]
    if missing or len(header) != _WIDTH:
        problems.add(
            header_line,
            "header",
            f"not a SIPRI trade register header; missing: "
            f"{', '.join(missing) or 'none'}; {len(header)} columns, expected {_WIDTH}",
        )
        problems.raise_if_any()
    for line, fields in body:
        parsed.row_count += 1
        if len(fields) != _WIDTH:
            problems.add(line, "", f"expected {_WIDTH} fields, found {len(fields)}")
            continue
        _deal(fields, line, problems, parsed)
    problems.raise_if_any()
    return parsed

"""The commitments ledger: pledges, deliveries and verifiable benchmarks in a real database.

From a notebook, :class:`Ledger` is the one object to use: ``Ledger(url)`` opens a ledger (SQLite in
the user's data directory by default, any SQLAlchemy URL such as PostgreSQL otherwise), and its
methods import a tracker's file, enter records by hand, report fulfilment (cut at a date with
``as_of``) and export. The same functions exist on their own: :func:`import_file`,
:func:`ledger_report`, and :func:`credibility_adjustments`, the per-guarantor credibility input of
the deterrence model (a plain ``dict``, so that model code never imports the ledger).

Names are loaded when first used (PEP 562), so that importing one light module of the package (the
file checks, :func:`import_file`) does not load the database libraries.

Examples
--------
>>> from pactlab.ledger import Ledger
>>> with Ledger("sqlite://") as ledger:
...     report = ledger.report(by="guarantor")
>>> report.empty, report.totals.fulfilment
(True, None)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactlab.ledger.actors import AID_TYPES, actor_id
    from pactlab.ledger.api import add_records, credibility_adjustments, export_csv, ledger_report
    from pactlab.ledger.db import Database, public_url, resolve_url
    from pactlab.ledger.facade import Ledger, open_ledger
    from pactlab.ledger.importers import FORMATS
    from pactlab.ledger.intake import import_file
    from pactlab.ledger.report import Conversion, LedgerReport, ReportRow
    from pactlab.ledger.repository import ImportResult

_WHERE = {
    "AID_TYPES": "actors",
    "actor_id": "actors",
    "add_records": "api",
    "credibility_adjustments": "api",
    "export_csv": "api",
    "ledger_report": "api",
    "Database": "db",
    "public_url": "db",
    "resolve_url": "db",
    "Ledger": "facade",
    "open_ledger": "facade",
    "FORMATS": "importers",
    "import_file": "intake",
    "Conversion": "report",
    "LedgerReport": "report",
    "ReportRow": "report",
    "ImportResult": "repository",
}

__all__ = [
    "AID_TYPES",
    "FORMATS",
    "Conversion",
    "Database",
    "ImportResult",
    "Ledger",
    "LedgerReport",
    "ReportRow",
    "actor_id",
    "add_records",
    "credibility_adjustments",
    "export_csv",
    "import_file",
    "ledger_report",
    "open_ledger",
    "public_url",
    "resolve_url",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pactlab.ledger' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pactlab.ledger.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])

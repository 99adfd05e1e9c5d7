"""The commitments ledger: pledges, deliveries and verifiable benchmarks in a real database.

Open a ledger with :func:`open_ledger` (SQLite in the user's data directory by default, any
SQLAlchemy URL such as PostgreSQL otherwise), import a tracker's file with :func:`import_file`, then
ask :func:`ledger_report` for totals and fulfilment, and :func:`credibility_adjustments` for the
per-guarantor credibility input of the deterrence model (a plain ``dict``, so that model code never
imports the ledger).

Examples
--------
>>> from pactlab.ledger import open_ledger, ledger_report
>>> with open_ledger("sqlite://") as ledger:
...     report = ledger_report(ledger, "guarantor")
>>> report.empty, report.totals.fulfilment
(True, None)
"""

from __future__ import annotations

from pactlab.ledger.actors import AID_TYPES, actor_id
from pactlab.ledger.api import (
    add_records,
    credibility_adjustments,
    export_csv,
    import_file,
    ledger_report,
)
from pactlab.ledger.db import Ledger, open_ledger, public_url, resolve_url
from pactlab.ledger.importers import FORMATS
from pactlab.ledger.metrics import LedgerReport, ReportRow
from pactlab.ledger.repository import ImportResult

__all__ = [
    "AID_TYPES",
    "FORMATS",
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

"""The ledger's notebook face: :class:`Ledger`, one object for import, entry, report and export.

>>> from pactlab.ledger import Ledger
>>> with Ledger("sqlite://") as ledger:
...     pledge = ledger.add_pledge("deu", "2024-06-01", value=5e8, instrument="air_defence")
...     _ = ledger.add_delivery("deu", "2024-12-15", pledge=pledge, value=2e8)
...     report = ledger.report(by="guarantor")
>>> report.rows[0].key, report.rows[0].fulfilment
('deu', 0.4)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pactlab.ledger import api
from pactlab.ledger import repository as repo
from pactlab.ledger.db import Database, open_engine
from pactlab.ledger.report import LedgerReport

__all__ = ["Ledger", "open_ledger"]

DateLike = dt.date | str


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


class Ledger(Database):
    """An open commitments ledger (SQLite file, in-memory ``sqlite://``, or PostgreSQL URL).

    ``Ledger(url=None)`` opens ``url`` (``None``: ``PACTLAB_DB``, then the user's data directory),
    creating or upgrading its schema; use it as a context manager, or call :meth:`close`.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        engine, resolved = open_engine(url, migrate=migrate)
        super().__init__(engine=engine, url=resolved)

    def __repr__(self) -> str:
        return f"Ledger({self.public_url!r})"

    def __enter__(self) -> Ledger:
        return self

    def report(
        self,
        by: str | None = None,
        *,
        as_of: dt.date | None = None,
        source: str | None = None,
        releases: str = "nearest",
    ) -> LedgerReport:
        """See :func:`pactlab.ledger.ledger_report`."""
        return api.ledger_report(self, by, source=source, as_of=as_of, releases=releases)

    def credibility(self, *, as_of: dt.date | None = None, source: str | None = None) -> dict[str, float]:
        """See :func:`pactlab.ledger.credibility_adjustments`."""
        return api.credibility_adjustments(self, as_of=as_of, source=source)

    def import_file(
        self,
        path: str | Path,
        format: str,
        *,
        dataset: str | None = None,
        release: str | None = None,
        published_on: dt.date | None = None,
        decimal_comma: bool = False,
    ) -> repo.ImportResult:
        """See :func:`pactlab.ledger.import_file`."""
        return api.import_file(
            self,
            path,
            format,
            dataset=dataset,
            release=release,
            published_on=published_on,
            decimal_comma=decimal_comma,
        )

    def _add(self, record: str, fields: dict[str, Any]) -> int:
        row = {"record": record, **{k: _text(v) for k, v in fields.items()}}
        result = api.add_records(self, [row], label=f"add_{record}")
        ids = {
            "pledge": result.pledge_ids,
            "delivery": result.delivery_ids,
            "benchmark": result.benchmark_ids,
        }
        return ids[record][0]

    def add_pledge(
        self,
        guarantor: str,
        date: DateLike,
        *,
        stage: str = "committed",
        value: float | None = None,
        currency: str = "EUR",
        quantity: float | None = None,
        unit: str | None = None,
        item: str | None = None,
        instrument: str | None = None,
        due: DateLike | None = None,
        source: str | None = None,
        source_url: str | None = None,
    ) -> int:
        """Record a pledge; returns its id (for :meth:`add_delivery`'s ``pledge``)."""
        return self._add(
            "pledge",
            {
                "guarantor": guarantor,
                "date": date,
                "stage": stage,
                "value": value,
                "currency": currency if value is not None else None,
                "quantity": quantity,
                "unit": unit,
                "item": item,
                "instrument": instrument,
                "due": due,
                "source": source,
                "source_url": source_url,
            },
        )

    def add_delivery(
        self,
        guarantor: str,
        date: DateLike,
        *,
        pledge: int | None = None,
        value: float | None = None,
        currency: str = "EUR",
        quantity: float | None = None,
        unit: str | None = None,
        item: str | None = None,
        instrument: str | None = None,
        source: str | None = None,
        source_url: str | None = None,
    ) -> int:
        """Record a delivery, linked to the pledge with id ``pledge`` if given; returns its id."""
        return self._add(
            "delivery",
            {
                "guarantor": guarantor,
                "date": date,
                "pledge_id": pledge,
                "value": value,
                "currency": currency if value is not None else None,
                "quantity": quantity,
                "unit": unit,
                "item": item,
                "instrument": instrument,
                "source": source,
                "source_url": source_url,
            },
        )

    def add_benchmark(
        self,
        criterion: str,
        *,
        status: str = "unknown",
        evidence: str | None = None,
        date: DateLike | None = None,
        guarantor: str | None = None,
        instrument: str | None = None,
    ) -> int:
        """Record a verifiable benchmark and its status (met, not_met, unknown); returns its id."""
        return self._add(
            "benchmark",
            {
                "criterion": criterion,
                "status": status,
                "evidence": evidence,
                "date": date,
                "guarantor": guarantor,
                "instrument": instrument,
            },
        )

    def export(self, path: str | Path | None = None) -> str:
        """The current records as plain CSV (formulas neutralised); written to ``path`` if given."""
        text = api.export_csv(self)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def batches(self) -> list[dict[str, Any]]:
        """Every import batch, history included: what it is and what superseded it."""
        with self.reading() as session:
            return [
                {
                    "id": b.id,
                    "source": b.source,
                    "stream": b.stream,
                    "release": b.release,
                    "published_on": b.published_on,
                    "file": b.file_name,
                    "rows": b.row_count,
                    "imported_at": b.imported_at,
                    "superseded_by": b.superseded_by,
                }
                for b in repo.list_batches(session)
            ]


def open_ledger(url: str | None = None, *, migrate: bool = True) -> Ledger:
    """Open (and by default create or upgrade) the ledger at ``url``: ``Ledger(url)``."""
    return Ledger(url, migrate=migrate)

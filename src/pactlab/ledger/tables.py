"""The ledger's table models (SQLAlchemy 2 declarative), one per kind of record.

The schema is created and changed only by the Alembic migrations in ``pactlab/ledger/migrations``;
these classes describe it for queries. Money is stored twice: ``value`` in the source's own
``currency`` (EUR, USD, SIPRI trend-indicator values "TIV-m", ...) and ``value_eur``: the value in
euros, converted at the ECB reference rate ``fx_rate`` (units per EUR) of ``fx_date`` for another
currency (migration 0003), ``NULL`` when it is not money (TIV) or has no ECB rate; reports list such
values apart, so that EUR totals never mix units and nothing falls out of them without a word.

Stages of a pledge follow the Kiel Institute's Ukraine Support Tracker: *announced* (a public
promise), *committed* (a binding commitment), *allocated* (delivered or earmarked for delivery).
Records of different stages are independent cumulative levels, not exclusive parts: Kiel's
commitments include the allocations. Negative values are corrections of earlier records and are kept
(``is_correction``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "BENCHMARK_STATUSES",
    "STAGES",
    "Base",
    "Benchmark",
    "CurrencySum",
    "Delivery",
    "Guarantor",
    "ImportBatch",
    "Instrument",
    "Pledge",
    "Rollup",
]

STAGES = ("announced", "committed", "allocated")
BENCHMARK_STATUSES = ("met", "not_met", "unknown")


class Base(DeclarativeBase):
    """Declarative base of the ledger tables."""


class Guarantor(Base):
    """A donor or guarantor, keyed by its pactlab actor id (ISO 3166 alpha-3, lower case)."""

    __tablename__ = "guarantors"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Instrument(Base):
    """An instrument kind of :class:`pactlab.scenario.taxonomy.InstrumentKind`."""

    __tablename__ = "instruments"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))


class ImportBatch(Base):
    """One imported file (or one hand entry): digest, size, release; superseded, never deleted.

    ``stream`` is what a newer release replaces: a tracker's name (``kiel``, ``sipri``, ``pun``), a
    hand-kept file's dataset (``csv:NAME``, given on import), or a stream of its own (``csv:DIGEST``,
    ``manual:DIGEST``) that nothing replaces. ``published_on`` is the date the release was published
    (or an upper bound of it), where the source says so (migration 0003).
    """

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("source", "digest", name="uq_batch_source_digest"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(32))
    stream: Mapped[str] = mapped_column(String(200))
    release: Mapped[str | None] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    digest: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    superseded_by: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    published_on: Mapped[dt.date | None] = mapped_column(Date)


class _Record:
    """Columns shared by pledges and deliveries."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    row_number: Mapped[int | None] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(64), default="ukr")
    aid_type: Mapped[str | None] = mapped_column(String(64))
    item: Mapped[str | None] = mapped_column(String(300))
    value: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(16))
    value_eur: Mapped[float | None] = mapped_column(Float)
    fx_rate: Mapped[float | None] = mapped_column(Float)
    fx_date: Mapped[dt.date | None] = mapped_column(Date)
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(64))
    date_precision: Mapped[str] = mapped_column(String(8), default="day")
    source: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    external_ref: Mapped[str | None] = mapped_column(String(200))
    is_correction: Mapped[bool] = mapped_column(Boolean, default=False)


class Pledge(_Record, Base):
    """A promise at one stage (announced, committed or allocated)."""

    __tablename__ = "pledges"
    __table_args__ = (
        Index("ix_pledges_batch", "batch_id"),
        Index("ix_pledges_guarantor", "guarantor_id"),
    )
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))
    guarantor_id: Mapped[str] = mapped_column(ForeignKey("guarantors.id"))
    instrument_id: Mapped[str | None] = mapped_column(ForeignKey("instruments.id"))
    stage: Mapped[str] = mapped_column(String(16))
    pledged_on: Mapped[dt.date | None] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)


class Delivery(_Record, Base):
    """A delivery, linked to its pledge where known."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_batch", "batch_id"),
        Index("ix_deliveries_guarantor", "guarantor_id"),
    )
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))
    guarantor_id: Mapped[str] = mapped_column(ForeignKey("guarantors.id"))
    instrument_id: Mapped[str | None] = mapped_column(ForeignKey("instruments.id"))
    pledge_id: Mapped[int | None] = mapped_column(ForeignKey("pledges.id"))
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)


class Benchmark(Base):
    """A verifiable criterion, its evidence and status (met, not_met, unknown) on a date checked."""

    __tablename__ = "benchmarks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))
    guarantor_id: Mapped[str | None] = mapped_column(ForeignKey("guarantors.id"))
    instrument_id: Mapped[str | None] = mapped_column(ForeignKey("instruments.id"))
    criterion: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    checked_on: Mapped[dt.date | None] = mapped_column(Date)


class Rollup(Base):
    """Sums of a batch's records by kind (stage or ``delivered``), guarantor, instrument, month.

    Written in the same transaction as the records (migration 0002), so that reports read a few
    thousand sums instead of scanning every record; a test checks them against the records.
    """

    __tablename__ = "rollups"
    __table_args__ = (Index("ix_rollups_batch", "batch_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    guarantor_id: Mapped[str] = mapped_column(String(64))
    instrument_id: Mapped[str | None] = mapped_column(String(64))
    month: Mapped[str | None] = mapped_column(String(7))
    value_eur: Mapped[float] = mapped_column(Float)
    quantity: Mapped[float] = mapped_column(Float)
    records: Mapped[int] = mapped_column(Integer)


class CurrencySum(Base):
    """Per batch and currency other than EUR: values converted to EUR (and the rates used), or not.

    Written in the import's transaction (migration 0003) so that every report can list conversions
    without scanning the records; a test checks them against the records.
    """

    __tablename__ = "currency_sums"
    __table_args__ = (Index("ix_currency_sums_batch", "batch_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"))
    currency: Mapped[str] = mapped_column(String(16))
    converted: Mapped[bool] = mapped_column(Boolean)
    records: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    value_eur: Mapped[float | None] = mapped_column(Float)
    lowest_rate: Mapped[float | None] = mapped_column(Float)
    highest_rate: Mapped[float | None] = mapped_column(Float)
    first_rate_date: Mapped[dt.date | None] = mapped_column(Date)
    last_rate_date: Mapped[dt.date | None] = mapped_column(Date)

"""The ledger's result types: :class:`LedgerReport` (rows of :class:`ReportRow`) and :class:`Conversion`.

They follow pactlab's result protocol (:mod:`pactlab.results`): frozen, a ``provenance`` (database,
batches and releases read, cut-off, exchange-rate source; ``provenance.data`` says it in words),
``to_dict()`` / ``from_dict()`` round trip, ``to_frame()``, ``summary() -> str``, and the notebook
display of :class:`~pactlab.results.ResultMixin`.

Fulfilment is never a bare division (:func:`assess`): with nothing (or only corrections) pledged it is
undefined and says why; when pledges are under a tenth of what was fulfilled (:data:`MAX_RATIO`),
the ratio measures the mismatch of two populations (deliveries against pledges outside the group or
period, or recorded elsewhere), not a record, and is undefined with that reason; above 100% it is kept
and flagged. By month, a month's deliveries fulfil earlier months' pledges, so fulfilment is
cumulative to the end of each month (``basis = "cumulative"``); a single month's ratio is never shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from pactlab.results import Provenance, ResultMixin

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MAX_RATIO", "Conversion", "LedgerReport", "ReportRow", "assess"]

MAX_RATIO = 10.0
"""Above this fulfilled/pledged ratio the pledges cannot be what was fulfilled: undefined."""


def _money(value: float) -> str:
    return f"{value / 1e9:,.3f} bn" if abs(value) >= 1e8 else f"{value:,.0f}"


def _count(n: int) -> str:
    return f"{n} record" if n == 1 else f"{n} records"


def assess(pledged: float, fulfilled: float, unit: str = "EUR") -> tuple[float | None, str | None]:
    """``(fulfilled / pledged, note)``; the value is ``None`` where a ratio would mislead.

    >>> assess(4.0, 1.0)
    (0.25, None)
    >>> assess(0.0, 5.0)[0] is None, assess(1.0, 6e7)[0] is None
    (True, True)
    """
    if pledged == 0 and fulfilled == 0:
        return None, None  # nothing recorded: simply unknown
    if not pledged > 0:
        if fulfilled > 0:
            return None, (
                f"undefined: nothing pledged here, {_money(fulfilled)} {unit} fulfilled "
                "(against pledges outside this group or period)"
            )
        what = "only corrections" if pledged < 0 else "no pledges"
        return None, f"undefined: {what} in this group or period"
    ratio = fulfilled / pledged
    if ratio > MAX_RATIO:
        return None, (
            f"undefined: pledges ({_money(pledged)} {unit}) are under a tenth of what was fulfilled "
            f"({_money(fulfilled)} {unit}): deliveries against pledges outside this group or period"
        )
    if ratio > 1.0:
        return ratio, "above 100%: more fulfilled than pledged here (against earlier or unrecorded pledges)"
    if ratio < 0.0:
        return None, "undefined: corrections exceed what was fulfilled"
    return ratio, None


@dataclass(frozen=True)
class ReportRow:
    """EUR totals by stage and fulfilment of one group (or of everything).

    ``to_date_pledged_eur`` and ``to_date_fulfilled_eur`` (and the quantities) are set on month rows:
    the cumulative sums to the end of that month, from which their fulfilment is computed.
    """

    key: str
    announced_eur: float = 0.0
    committed_eur: float = 0.0
    allocated_eur: float = 0.0
    delivered_eur: float = 0.0
    pledged_quantity: float = 0.0
    delivered_quantity: float = 0.0
    records: int = 0
    pledge_records: int = 0
    median_delay_days: float | None = None
    overdue: int = 0
    to_date_pledged_eur: float | None = None
    to_date_fulfilled_eur: float | None = None
    to_date_pledged_quantity: float | None = None
    to_date_delivered_quantity: float | None = None

    @property
    def pledged_eur(self) -> float:
        """Committed EUR, or announced EUR when nothing was committed."""
        return self.committed_eur if self.committed_eur != 0 else self.announced_eur

    @property
    def fulfilled_eur(self) -> float:
        """The larger of allocated and delivered EUR (they measure the same thing)."""
        return max(self.allocated_eur, self.delivered_eur)

    def _assessed(self) -> tuple[float | None, str | None]:
        if self.to_date_pledged_eur is not None and self.to_date_fulfilled_eur is not None:
            return assess(self.to_date_pledged_eur, self.to_date_fulfilled_eur)
        return assess(self.pledged_eur, self.fulfilled_eur)

    def _assessed_quantity(self) -> tuple[float | None, str | None]:
        if self.to_date_pledged_quantity is not None and self.to_date_delivered_quantity is not None:
            return assess(self.to_date_pledged_quantity, self.to_date_delivered_quantity, "units")
        return assess(self.pledged_quantity, self.delivered_quantity, "units")

    @property
    def fulfilment(self) -> float | None:
        return self._assessed()[0]

    @property
    def fulfilment_note(self) -> str | None:
        return self._assessed()[1]

    @property
    def fulfilment_quantity(self) -> float | None:
        return self._assessed_quantity()[0]

    @property
    def fulfilment_quantity_note(self) -> str | None:
        return self._assessed_quantity()[1]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out.update(
            fulfilment=self.fulfilment,
            fulfilment_note=self.fulfilment_note,
            fulfilment_quantity=self.fulfilment_quantity,
            fulfilment_quantity_note=self.fulfilment_quantity_note,
        )
        return out

    @classmethod
    def from_dict(cls, payload: Mapping[str, Any]) -> ReportRow:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in payload.items() if k in names})


@dataclass(frozen=True)
class Conversion:
    """Values in one currency other than EUR: converted at ECB rates, or not convertible."""

    currency: str
    converted: bool
    records: int
    value: float
    value_eur: float | None = None
    lowest_rate: float | None = None
    highest_rate: float | None = None
    first_rate_date: dt.date | None = None
    last_rate_date: dt.date | None = None

    def describe(self) -> str:
        if not self.converted:
            why = (
                "not money (SIPRI trend-indicator values)"
                if self.currency.startswith("TIV")
                else ("no ECB reference rate for it at the records' dates")
            )
            return f"{_count(self.records)} in {self.currency} ({self.value:,.2f}) not in EUR totals: {why}"
        if self.lowest_rate == self.highest_rate:
            rate = f"1 EUR = {self.lowest_rate:g} {self.currency} (ECB, {self.first_rate_date})"
        else:
            rate = (
                f"1 EUR = {self.lowest_rate:g} to {self.highest_rate:g} {self.currency} "
                f"(ECB, {self.first_rate_date} to {self.last_rate_date})"
            )
        return (
            f"{_count(self.records)}, {self.value:,.2f} {self.currency} = {self.value_eur:,.2f} EUR at {rate}"
        )

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("first_rate_date", "last_rate_date"):
            out[name] = None if out[name] is None else out[name].isoformat()
        out["text"] = self.describe()
        return out

    @classmethod
    def from_dict(cls, payload: Mapping[str, Any]) -> Conversion:
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in payload.items() if k in names}
        for name in ("first_rate_date", "last_rate_date"):
            if data.get(name):
                data[name] = dt.date.fromisoformat(data[name])
        return cls(**data)


@dataclass(frozen=True)
class LedgerReport(ResultMixin):
    """The ledger's answer: totals, rows by group, benchmark status; ``None`` means unknown.

    ``as_of`` is the cut-off (``None``: everything); the batches and releases read, and whether each
    was published after the cut-off, are in ``provenance.parameters["batches"]``.
    """

    db: str
    by: str
    totals: ReportRow
    rows: tuple[ReportRow, ...]
    benchmarks: Mapping[str, int] = field(default_factory=dict)
    provenance: Provenance = field(default_factory=lambda: Provenance(model="ledger.report"))
    currency: str = "EUR"
    as_of: dt.date | None = None
    basis: str = "period"
    conversions: tuple[Conversion, ...] = ()
    excluded_undated: int = 0

    @property
    def empty(self) -> bool:
        return self.totals.records == 0

    @property
    def batches(self) -> tuple[Mapping[str, Any], ...]:
        """The batches read: source, release, published, file, digest, rows, after the cut-off."""
        return tuple(self.provenance.parameters.get("batches", ()))

    @property
    def notes(self) -> tuple[str, ...]:
        """What a reader must know to read the numbers (releases after the cut-off, conversions)."""
        out = []
        for b in self.batches:
            if b.get("after_cutoff"):
                out.append(
                    f"{b['source']} release {b.get('release') or '?'} was published {b.get('published_on')}, "
                    f"after the cut-off {self.as_of}; none was published by then: its records up to the "
                    "cut-off are read, with values as revised in that release"
                )
        out += [c.describe() for c in self.conversions]
        if self.excluded_undated:
            out.append(
                f"{_count(self.excluded_undated)} without a date left out "
                "(they cannot be placed before the cut-off)"
            )
        if self.basis == "cumulative":
            out.append("by month, fulfilment is cumulative to the end of each month")
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        totals = self.totals.to_dict()
        totals.pop("key")
        return {
            "db": self.db,
            "by": self.by,
            "currency": self.currency,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "fulfilment_basis": self.basis,
            "totals": totals,
            "rows": [r.to_dict() for r in self.rows],
            "benchmarks": dict(self.benchmarks),
            "conversions": [c.to_dict() for c in self.conversions],
            "excluded_undated": self.excluded_undated,
            "notes": list(self.notes),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, payload: Mapping[str, Any]) -> LedgerReport:
        """The report back from :meth:`to_dict` (``from_dict(r.to_dict()) == r``)."""
        as_of = payload.get("as_of")
        return cls(
            db=payload["db"],
            by=payload["by"],
            totals=ReportRow.from_dict({"key": "total", **payload["totals"]}),
            rows=tuple(ReportRow.from_dict(r) for r in payload["rows"]),
            benchmarks=dict(payload.get("benchmarks", {})),
            provenance=Provenance.from_dict(payload["provenance"]),
            currency=payload.get("currency", "EUR"),
            as_of=None if as_of is None else dt.date.fromisoformat(as_of),
            basis=payload.get("fulfilment_basis", "period"),
            conversions=tuple(Conversion.from_dict(c) for c in payload.get("conversions", ())),
            excluded_undated=int(payload.get("excluded_undated", 0)),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per group and a ``total`` row (EUR; ``key`` names the group)."""
        import pandas as pd

        columns = [
            "key",
            "announced_eur",
            "committed_eur",
            "allocated_eur",
            "delivered_eur",
            "fulfilment",
            "fulfilment_note",
            "pledged_quantity",
            "delivered_quantity",
            "fulfilment_quantity",
            "median_delay_days",
            "overdue",
            "records",
        ]
        return pd.DataFrame([r.to_dict() for r in (*self.rows, self.totals)], columns=columns)

    def summary(self) -> str:
        """A few lines for a reader: what was read, the totals and fulfilment, the notes."""
        cut = f" as of {self.as_of}" if self.as_of else ""
        lines = [
            f"Ledger {self.db}{cut}, by {self.by}: {len(self.rows)} groups, {self.totals.records} records"
        ]
        if self.empty:
            lines.append("The ledger is empty: fulfilment unknown.")
        else:
            t = self.totals
            share = "unknown" if t.fulfilment is None else f"{t.fulfilment:.1%}"
            note = f" ({t.fulfilment_note})" if t.fulfilment_note else ""
            lines.append(
                f"pledged {_money(t.pledged_eur)} EUR, fulfilled {_money(t.fulfilled_eur)} EUR: "
                f"fulfilment {share}{note}"
            )
        lines += [f"- {n}" for n in self.notes]
        return "\n".join(lines)

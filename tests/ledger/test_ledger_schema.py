"""The schema: migrations build exactly the table models; rollups agree with the records.

Reports read per-batch rollups (migration 0002) written in the import's transaction; these tests
check them against sums computed from the records themselves, and the migrations against the models.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from pactlab.ledger import Ledger, add_records, import_file
from pactlab.ledger import repository as repo
from pactlab.ledger.tables import Base


def test_migrations_match_the_models(ledger: Ledger) -> None:
    """Alembic finds no difference between the migrated database and tables.py."""
    with ledger.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_rollups_equal_sums_of_records(ledger: Ledger, shared_data: Path) -> None:
    """Every rollup group equals the sum of its records (SIPRI, Kiel R28 and R29, PUN, hand entry).

    Tolerance 1e-12 relative: the same numbers summed in a different order.
    """
    ukraine = shared_data / "ukraine"
    import_file(ledger, ukraine / "sipri" / "trade-register-2025-03.csv", "sipri")
    import_file(ledger, ukraine / "kiel-r28" / "bilateral_activities.csv", "kiel-activities")
    import_file(ledger, ukraine / "kiel-r29" / "data_explorer.csv", "kiel")
    import_file(ledger, ukraine / "protect-ukraine-now", "pun")
    add_records(ledger, [{"record": "delivery", "guarantor": "usa", "quantity": "2"}])
    for by in ("total", "guarantor", "instrument", "month"):
        with ledger.reading() as session:
            fast = {(r.key, r.kind): r for r in repo.aggregate(session, by)}
            slow = {(r.key, r.kind): r for r in repo.aggregate_records(session, by)}
        assert fast.keys() == slow.keys()
        assert len(fast) >= (4 if by == "total" else 12)  # kinds x groups present
        for key, row in slow.items():
            assert fast[key].value_eur == pytest.approx(row.value_eur, rel=1e-12, abs=1e-6), key
            assert fast[key].quantity == pytest.approx(row.quantity, rel=1e-12), key
            assert fast[key].records == row.records, key


def test_currency_sums_equal_the_records(ledger: Ledger, shared_data: Path) -> None:
    """The per-batch currency sums written at import (or backfilled by migration 0003) equal the
    records' own: SIPRI's TIV (not money), hand entries in USD (converted) and UAH (no ECB rate)."""
    from pactlab.ledger import queries

    import_file(ledger, shared_data / "ukraine" / "sipri" / "trade-register-2025-03.csv", "sipri")
    add_records(ledger, [{"record": "pledge", "guarantor": "usa", "stage": "committed", "date": "2023-07-10",
                          "value": "1e9", "currency": "USD"}])  # fmt: skip
    add_records(ledger, [{"record": "delivery", "guarantor": "usa", "date": "2024-01-02",
                          "value": "-5", "currency": "UAH"}])  # fmt: skip
    with ledger.reading() as session:
        fast = queries.currency_rows(session)
        slow = queries.currency_rows_records(session)
    assert [r[:3] for r in fast] == [("TIV-m", False, 57864), ("UAH", False, 1), ("USD", True, 1)]
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert a[:3] == b[:3]
        assert a[3] == pytest.approx(b[3], rel=1e-12)  # the same values summed in another order
        assert (a[4] is None) == (b[4] is None)
        if a[4] is not None:
            assert a[4] == pytest.approx(b[4], rel=1e-12)
        assert a[5:] == b[5:]  # lowest and highest rates, first and last rate dates
    _downgrade(ledger, "0002")
    from pactlab.ledger.db import upgrade

    upgrade(ledger.engine)
    with ledger.reading() as session:
        backfilled = queries.currency_rows(session)
    assert [r[:3] for r in backfilled] == [r[:3] for r in fast]


def test_downgrade_and_upgrade_backfill_rollups(ledger: Ledger, tmp_path: Path) -> None:
    """Down to 0001 (no rollups) and up again: migration 0002 rebuilds rollups from the records."""
    from pactlab.ledger.db import upgrade

    path = tmp_path / "mine.csv"
    path.write_text(
        "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,"
        "pledge_ref,criterion,evidence,status,source,source_url\n"
        "pledge,deu,air_defence,committed,2024-06-01,,5e8,EUR,3,units,IRIS-T,p1,,,,,,\n"
        "pledge,fra,,announced,,,7,EUR,,,,,,,,,,\n"
        "delivery,deu,air_defence,,2024-12-15,,,,1,units,IRIS-T,,p1,,,,,\n",
        encoding="utf-8",
    )
    import_file(ledger, path, "csv")
    with ledger.reading() as session:
        before = sorted(repo.aggregate(session, "month"), key=repr)
    _downgrade(ledger, "0001")
    upgrade(ledger.engine)
    with ledger.reading() as session:
        after = sorted(repo.aggregate(session, "month"), key=repr)
        direct = sorted(repo.aggregate_records(session, "month"), key=repr)
    assert after == before == direct
    assert {r.key for r in after} == {"2024-06", "2024-12", "undated"}


def _downgrade(ledger: Ledger, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "pactlab.ledger:migrations")
    with ledger.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

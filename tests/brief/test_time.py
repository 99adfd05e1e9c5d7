"""The brief reads the ledger as of the scenario's cut-off (issue 17, item 3).

Quoted failure: after importing Kiel Release 29 the vilnius-2023 brief (as of 2023-07-10) showed the
guarantors' full-period fulfilment, usa 97%, deu 63%. Expected values are computed here from
../shared/data/ukraine/kiel-r29/data_explorer.csv with the csv module and Decimal, under the ledger's
rule (pactlab.ledger.queries, tests/ledger/test_ledger_asof.py): a month-dated record counts once its
month has ended by the cut-off, so 10 July 2023 reads January 2022 to June 2023: usa 84.1%, deu 44.9%.
(Issue 17's "usa 88%, deu 47%" also count July 2023, whose month had not ended on 10 July.)
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest

from _support.cli import run_cli


def _share(data: Path, iso: str, last: tuple[int, int] | None) -> float:
    with data.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["iso"] == iso]
    kept = [r for r in rows if last is None or (int(r["year"]), int(r["month"])) <= last]
    return float(sum(Decimal(r["total"]) for r in kept) / sum(Decimal(r["commitments"]) for r in kept))


def test_vilnius_brief_after_a_kiel_import_reads_the_ledger_as_of_the_cut_off(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kiel = shared_data / "ukraine" / "kiel-r29" / "data_explorer.csv"
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert run_cli("ledger", "import", str(kiel), "--format", "kiel", "--db", db).code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = tmp_path / "brief"
    result = run_cli("analyze", "vilnius-2023", "-o", str(out), "--draws", "2000", "--db", db)
    assert result.code == 0, result.stderr
    usa, deu = _share(kiel, "USA", (2023, 6)), _share(kiel, "DEU", (2023, 6))
    assert (round(usa, 3), round(deu, 3)) == (0.841, 0.449)
    assert (round(_share(kiel, "USA", None), 2), round(_share(kiel, "DEU", None), 2)) == (0.97, 0.63)
    results = json.loads((out / "results.json").read_text())
    rows = {r["key"]: r["fulfilment"] for r in results["ledger"]["rows"]}
    assert rows["usa"] == pytest.approx(usa, rel=1e-12)
    assert rows["deu"] == pytest.approx(deu, rel=1e-12)
    html = (out / "brief.html").read_text()
    assert f"usa {100 * usa:.0f}%" in html
    assert f"deu {100 * deu:.0f}%" in html
    assert "usa 97%" not in html
    assert "deu 63%" not in html
    # the credibility priors the deterrence model received are the ledger's own, cut at the same date
    import datetime as dt

    from pactlab.ledger import credibility_adjustments

    assert results["credibility"] == pytest.approx(credibility_adjustments(db, as_of=dt.date(2023, 7, 10)))
    # the brief says which release and cut-off it read, and that the release came later
    assert "kiel release 29 (published 2026-08-04) cut at 2023-07-10" in html
    assert "No release was public by the cut-off" in html

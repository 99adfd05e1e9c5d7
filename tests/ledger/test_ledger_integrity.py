"""Imports are idempotent and all-or-nothing: bad files are rejected row by row and change nothing.

Each malformed file is derived from the real tracker file by one deliberate defect, so the expected
problem and its line are known by construction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ledger.ledger_helpers import digest, run_cli
from pactlab.errors import PactlabError
from pactlab.ledger import Ledger, import_file, ledger_report
from pactlab.ledger import repository as repo

PLAIN_HEADER = (
    "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,"
    "pledge_ref,criterion,evidence,status,source,source_url\n"
)


def _r29(shared_data: Path) -> Path:
    return shared_data / "ukraine" / "kiel-r29" / "data_explorer.csv"


def _lines(shared_data: Path) -> list[str]:
    return _r29(shared_data).read_text(encoding="utf-8").splitlines(keepends=True)


def _seed(ledger: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "seed.csv"
    path.write_text(
        PLAIN_HEADER + "pledge,deu,air_defence,committed,2024-01-02,,100,EUR,2,units,IRIS-T,p1,,,,,,\n",
        encoding="utf-8",
    )
    import_file(ledger, path, "csv")


def test_reimport_changes_nothing(ledger: Ledger, shared_data: Path) -> None:
    """The same file twice: the second import reports 'unchanged'; every table is identical."""
    first = import_file(ledger, _r29(shared_data), "kiel")
    before = digest(ledger)
    again = import_file(ledger, _r29(shared_data), "kiel")
    assert (first.status, again.status) == ("imported", "unchanged")
    assert again.batch_id == first.batch_id
    assert digest(ledger) == before


def test_new_release_supersedes_and_keeps_history(ledger: Ledger, shared_data: Path, tmp_path: Path) -> None:
    """A changed file of the same source replaces the old in reports; the old stays as history."""
    lines = _lines(shared_data)
    fields = lines[1].rstrip("\n").split(",")
    fields[4] = fields[7] = "1.002645"  # total and military of the first row up by 1 EUR bn
    fields[8] = "1.002645"  # commitments = total + to_be_allocated (0)
    newer = tmp_path / "data_explorer.csv"
    newer.write_text(lines[0] + ",".join(fields) + "\n" + "".join(lines[2:]), encoding="utf-8")
    (tmp_path / "release_info.csv").write_text('"release","period"\n"30","05/2026"\n')
    old = import_file(ledger, _r29(shared_data), "kiel")
    base = ledger_report(ledger).totals.allocated_eur
    new = import_file(ledger, newer, "kiel")
    assert new.superseded == (old.batch_id,)
    assert ledger_report(ledger).totals.allocated_eur == base + 1e9
    with ledger.reading() as session:
        batches = repo.list_batches(session)
    assert [(b.id, b.superseded_by) for b in batches] == [
        (old.batch_id, new.batch_id),
        (new.batch_id, None),
    ]


def _defect(kind: str, lines: list[str]) -> tuple[bytes, int | None, str]:
    """A broken copy of the R29 file, the defect's line, a phrase the error must hold."""
    body = list(lines)
    if kind == "truncated":
        text = "".join(body[:40]) + body[40][:25]
        return text.encode(), 41, "truncated"
    if kind == "encoding":
        body[99] = body[99].replace('"', '"\xe9', 1)  # a latin-1 byte in the donor's name
        return "".join(body).encode("latin-1"), 100, "utf-8"
    if kind == "missing-column":
        body[0] = body[0].replace('"commitments"', '"pledges"')
        return "".join(body).encode(), 1, "missing columns: commitments"
    if kind == "non-numeric":
        fields = body[49].split(",")
        fields[4] = "n/a"
        body[49] = ",".join(fields)
        return "".join(body).encode(), 50, "not a number"
    fields = body[59].split(",")
    fields[2] = str(dt.date.today().year + 1)
    body[59] = ",".join(fields)
    return "".join(body).encode(), 60, "in the future"


@pytest.mark.parametrize("kind", ["truncated", "encoding", "missing-column", "non-numeric", "future"])
def test_malformed_file_is_rejected_and_changes_nothing(
    kind: str, ledger: Ledger, shared_data: Path, tmp_path: Path
) -> None:
    """Each defect yields a located error (file:line) and the tables' digest is unchanged."""
    _seed(ledger, tmp_path)
    data, line, phrase = _defect(kind, _lines(shared_data))
    path = tmp_path / f"{kind}.csv"
    path.write_bytes(data)
    before = digest(ledger)
    with pytest.raises(PactlabError) as caught:
        import_file(ledger, path, "kiel")
    text = str(caught.value)
    assert phrase in text
    assert f"{path}:{line}" in text
    assert digest(ledger) == before


def test_cli_rejects_with_exit_2_and_no_traceback(db_url: str, shared_data: Path, tmp_path: Path) -> None:
    """The command line prints one 'file:line:column: reason' per problem and exits 2."""
    data, line, _ = _defect("non-numeric", _lines(shared_data))
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    done = run_cli("ledger", "import", str(path), "--format", "kiel", "--db", db_url)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{path}:{line}:total: not a number: 'n/a'" in done.stderr


def test_many_bad_rows_all_reported(ledger: Ledger, tmp_path: Path) -> None:
    """Every rejected row of a plain file is reported with its own line number and reason."""
    path = tmp_path / "bad.csv"
    path.write_text(
        PLAIN_HEADER
        + "pledge,usa,,committed,2024-01-01,,12,EUR,,,,,,,,,,\n"
        + "pledge,usa,tanks,committed,2024-01-01,,12,EUR,,,,,,,,,,\n"
        + "pledge,usa,,promised,2024-01-01,,12,EUR,,,,,,,,,,\n"
        + "delivery,usa,,,2024-13-01,,,,3,,,,,,,,,\n"
        + "benchmark,,,,2024-01-01,,,,,,,,,,,maybe,,\n",
        encoding="utf-8",
    )
    before = digest(ledger)
    with pytest.raises(PactlabError) as caught:
        import_file(ledger, path, "csv")
    lines = caught.value.lines()
    assert any(s.startswith(f"{path}:3:instrument: unknown instrument kind") for s in lines)
    assert any(s.startswith(f"{path}:4:stage:") for s in lines)
    assert any(s.startswith(f"{path}:5:date: not a date") for s in lines)
    assert any(s.startswith(f"{path}:6:status:") for s in lines)
    assert any(s.startswith(f"{path}:6:criterion:") for s in lines)
    assert not any(f"{path}:2:" in s for s in lines)
    assert digest(ledger) == before


def test_sipri_wrong_encoding_and_future_year(ledger: Ledger, shared_data: Path, tmp_path: Path) -> None:
    """SIPRI: a future year of order is located; the header layout is checked."""
    source = shared_data / "ukraine" / "sipri" / "trade-register-2025-03.csv"
    lines = source.read_text(encoding="latin-1").splitlines(keepends=True)
    fields = lines[20].split(",")
    fields[2] = str(dt.date.today().year + 2)
    lines[20] = ",".join(fields)
    path = tmp_path / "sipri.csv"
    path.write_text("".join(lines), encoding="latin-1")
    with pytest.raises(PactlabError, match=rf"{path}:21:Year of order: date .* is in the future"):
        import_file(ledger, path, "sipri")
    path.write_text("".join(lines[1:]), encoding="latin-1")  # one note line missing
    with pytest.raises(PactlabError, match="not a SIPRI trade register header"):
        import_file(ledger, path, "sipri")
    assert ledger_report(ledger).empty


def test_older_release_imported_later_stays_history(ledger: Ledger, shared_data: Path) -> None:
    """Kiel R29 then R28's activity rows (same tracker, older release): R29 stays current."""
    r29 = import_file(ledger, _r29(shared_data), "kiel")
    totals = ledger_report(ledger).totals
    r28 = import_file(
        ledger, shared_data / "ukraine" / "kiel-r28" / "bilateral_activities.csv", "kiel-activities"
    )
    assert (r29.release, r28.release) == ("29", "28")
    assert r28.superseded == ()
    assert ledger_report(ledger).totals == totals
    with ledger.reading() as session:
        batches = {b.id: b.superseded_by for b in repo.list_batches(session)}
    assert batches == {r29.batch_id: None, r28.batch_id: r29.batch_id}

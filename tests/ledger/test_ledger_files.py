"""Hostile files and databases (issue 18): no hang, bounded memory, one located line, exit 2.

Quoted failures: `ledger import /dev/zero` and a 1 GB sparse file raised MemoryError; `ledger import
FIFO` blocked forever; a SQLite file with garbage mid-file, an immutable database file, and names
longer than a PostgreSQL column gave tracebacks (SQLite accepted the long names); `--db empty.txt`
turned any file into a database; four concurrent first-open importers into a SQLite file that did not
exist failed once with "table rollups already exists".

Time and memory of the first three are measured by hand (`/usr/bin/time -v`, see the report); here
each ends in a refusal before anything is read, checked with a watchdog thread against a hang.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from _support.cli import run_cli
from ledger.ledger_helpers import SRC, digest
from pactlab.errors import PactlabError
from pactlab.ledger import Ledger, import_file, open_ledger
from pactlab.ledger.importers.base import read_bytes
from pactlab.ledger.importers.plain import COLUMNS

HEADER = ",".join(COLUMNS) + "\n"


def _refused_quickly(path: str) -> PactlabError:
    """``read_bytes(path)`` must refuse within 10 s (a watchdog, not a speed target)."""
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            read_bytes(Path(path))
        except BaseException as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), f"reading {path} hung"
    (error,) = outcome
    assert isinstance(error, PactlabError), repr(error)
    return error


def test_devices_fifos_folders_and_huge_files_are_refused(tmp_path: Path) -> None:
    assert "is a character device, not a regular file" in str(_refused_quickly("/dev/zero"))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "is a named pipe (FIFO), not a regular file" in str(_refused_quickly(str(fifo)))
    assert "is a directory, not a regular file" in str(_refused_quickly(str(tmp_path)))
    sparse = tmp_path / "sparse.csv"
    with sparse.open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB, no blocks written
    assert "files are limited to 64.0 MiB (67,108,864 bytes)" in str(_refused_quickly(str(sparse)))


def test_cli_import_of_a_fifo_is_a_located_error(db_url: str, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = run_cli("ledger", "import", str(fifo), "--format", "csv", "--db", db_url)
    assert done.code == 2
    assert done.stderr == f"{fifo}: is a named pipe (FIFO), not a regular file\n"


def test_standard_input_is_read_up_to_a_limit(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    body = (HEADER + "pledge,deu,,committed,2024-01-01,,5,EUR,,,,,,,,,,\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    result = import_file(ledger, "-", "csv")
    assert (result.status, result.pledges) == ("imported", 1)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 100)))
    with pytest.raises(PactlabError, match="standard inputs are limited to 10 bytes"):
        read_bytes(Path("-"), limit=10)


def test_strings_longer_than_a_column_are_refused_on_both_backends(ledger: Ledger, tmp_path: Path) -> None:
    """`item` is VARCHAR(300): SQLite would store 301 characters, PostgreSQL refuse them."""
    path = tmp_path / "long.csv"
    path.write_text(HEADER + f"pledge,deu,,committed,2024-01-01,,5,EUR,,{'u' * 65},{'x' * 301},,,,,,,\n")
    before = digest(ledger)
    with pytest.raises(PactlabError) as caught:
        import_file(ledger, path, "csv")
    assert sorted(caught.value.lines()) == [
        f"{path}:2:item: 301 characters, longer than the 300 the ledger stores",
        f"{path}:2:unit: 65 characters, longer than the 64 the ledger stores",
    ]
    assert digest(ledger) == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    notes = tmp_path / "notes.txt"
    notes.write_text("meeting notes\n")
    for path, phrase in (
        (empty, "is empty"),
        (notes, "is not a SQLite database"),
        (tmp_path, "not a regular file"),
    ):
        done = run_cli("ledger", "report", "--db", str(path))
        assert done.code == 2, path
        assert phrase in done.stderr
        assert "refused" in done.stderr or "regular" in done.stderr
    assert empty.read_bytes() == b""
    assert notes.read_text() == "meeting notes\n"


def _ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.sqlite3"
    with open_ledger(str(path)) as ledger:
        ledger.add_pledge("deu", "2024-01-01", value=5.0)
        with ledger.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def test_a_damaged_database_gets_one_located_line(tmp_path: Path) -> None:
    path = _ledger_file(tmp_path)
    data = bytearray(path.read_bytes())
    data[4096:-4096] = b"garbage!" * ((len(data) - 8192) // 8)
    path.write_bytes(bytes(data))
    for args in (["report", "--json"], ["export"]):
        done = run_cli("ledger", *args, "--db", str(path))
        assert done.code == 2
        assert done.stderr.startswith(f"sqlite:///{path}: the database file is damaged")
        assert done.stderr.count("\n") == 1


@pytest.mark.skipif(shutil.which("chattr") is None, reason="chattr is not installed")
def test_an_immutable_database_refuses_writes_and_still_reads(tmp_path: Path) -> None:
    path = _ledger_file(tmp_path)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("this file system does not support immutable files")
    try:
        done = run_cli(
            "ledger", "add", "pledge", "--guarantor", "fra", "--date", "2024-01-01", "--db", str(path)
        )
        assert done.code == 2
        assert "the database is read-only" in done.stderr
        assert done.stderr.count("\n") == 1
        report = run_cli("ledger", "report", "--json", "--db", str(path))
        assert report.code == 0, report.stderr
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


_FIRST_OPEN = textwrap.dedent("""
    import sys
    from pactlab.ledger import open_ledger, import_file
    url, path = sys.argv[1:3]
    with open_ledger(url) as ledger:
        import_file(ledger, path, "csv")
""")


@pytest.mark.parametrize("workers", [4, 8])
def test_concurrent_first_open_creates_the_schema_once(tmp_path: Path, workers: int) -> None:
    """N processes open a SQLite file that does not exist and import at once (2 rounds here; 50
    rounds by hand with benchmarks/bench_ledger.py --first-open 50). Every one succeeds, every
    file lands once."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    files = []
    for w in range(workers):
        path = tmp_path / f"w{w}.csv"
        path.write_text(HEADER + f"pledge,deu,,committed,2024-01-01,,{w + 1},EUR,,,,,,,,,,\n")
        files.append(path)
    for round_ in range(2):
        url = f"sqlite:///{tmp_path / f'fresh{round_}.sqlite3'}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _FIRST_OPEN, url, str(f)], env=env, stderr=subprocess.PIPE, text=True
            )
            for f in files
        ]
        errors = [p.communicate(timeout=300)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * workers, errors
        with open_ledger(url) as ledger:
            assert ledger.report().totals.committed_eur == sum(range(1, workers + 1))
            assert len(ledger.batches()) == workers

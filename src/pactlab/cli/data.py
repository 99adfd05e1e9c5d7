"""``pactlab data check``: which reference data files are present, and whether they are the expected ones.

Exit status 0 when every entry is present with its expected content; otherwise 2 with one line on stderr
saying how many are missing or changed and how to get them (the table or the JSON says which), so that a
script can test it before running the reference tests.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from pactlab.cli._common import err_console, escape_text, print_json, stdout_console

app = typer.Typer(help="The reference data beside the project (tests and benchmarks).", no_args_is_help=True)

_HOW = (
    "The reference data stay outside the repository. Put the shared data folder beside the checkout "
    "(../shared/data) or set PACTLAB_SHARED_DATA to it; README.md, 'Reference data', says where to get it."
)


@app.command("check")
def check_command(
    path: Path | None = typer.Option(
        None, "--path", help="The data folder (default: $PACTLAB_SHARED_DATA, else ../shared/data)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
) -> None:
    """Say which reference data entries are present, with their SHA-256 digests."""
    from pactlab.refdata import check, data_root

    root = path if path is not None else data_root()
    entries = check(root)
    if as_json:
        print_json(
            {
                "root": str(root),
                "entries": [
                    {"path": e.path, "status": e.status, "files": e.files, "sha256": e.digest}
                    for e in entries
                ],
            }
        )
    else:
        table = Table("entry", "status", "files", "sha256", title=f"Reference data in {escape_text(root)}")
        for e in entries:
            table.add_row(e.path, e.status, str(e.files), (e.digest or "")[:16])
        stdout_console.print(table)
    bad = [e for e in entries if e.status != "ok"]
    if bad:
        missing = sum(e.status == "missing" for e in entries)
        changed = len(bad) - missing
        line = f"pactlab data check: {missing} missing, {changed} changed of {len(entries)}. {_HOW}"
        err_console.print(line, highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(2)

"""Hand entry refuses nonsense (issues 17 and 18): each quoted failure is a test here.

Quoted failures: ``ledger add pledge`` prints no id; unknown guarantors and currencies (``xyz``,
``XYZ``) accepted; an unknown instrument kind refused without the valid kinds; ``add delivery --pledge
0`` silently drops the link; ids differing only by case or by a Cyrillic homoglyph accepted;
``pactlab ledger`` and ``pactlab ledger add`` print help and then a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _support.cli import run_cli
from ledger.ledger_helpers import digest
from pactlab.errors import PactlabError
from pactlab.ledger import Ledger, import_file, ledger_report
from pactlab.scenario.taxonomy import InstrumentKind

HEADER = (
    "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,"
    "pledge_ref,criterion,evidence,status,source,source_url\n"
)


def _pledge(db_url: str, *extra: str) -> tuple[int, str, str]:
    done = run_cli("ledger", "add", "pledge", "--date", "2024-06-01", "--db", db_url, *extra)
    return done.code, done.stdout, done.stderr


def test_add_prints_the_new_ids(db_url: str) -> None:
    """`add pledge` prints its id (text and --json), and `add delivery --pledge ID` links to it."""
    code, out, err = _pledge(db_url, "--guarantor", "deu", "--value", "500000000", "--quantity", "4")
    assert code == 0, err
    assert out.startswith("added pledge 1 in batch 1")
    code, out, err = _pledge(db_url, "--guarantor", "usa", "--value", "7", "--json")
    assert code == 0, err
    second = json.loads(out)
    assert second == {"record": "pledge", "id": 2, "batch_id": 2}
    done = run_cli(
        "ledger", "add", "delivery", "--guarantor", "deu", "--date", "2024-07-01",
        "--quantity", "1", "--pledge", "1", "--json", "--db", db_url,
    )  # fmt: skip
    assert done.code == 0, done.stderr
    assert json.loads(done.stdout)["id"] == 1
    report = json.loads(run_cli("ledger", "report", "--by", "guarantor", "--json", "--db", db_url).stdout)
    deu = next(r for r in report["rows"] if r["key"] == "deu")
    assert deu["fulfilment_quantity"] == 0.25  # the link counted: 1 of 4 delivered
    assert deu["median_delay_days"] == 30.0


@pytest.mark.parametrize("pledge", ["0", "999", "-1", "abc"])
def test_delivery_with_unknown_pledge_is_refused(db_url: str, pledge: str) -> None:
    """`--pledge 0` (or any unknown id) used to drop the link silently: now exit 2, nothing written."""
    assert _pledge(db_url, "--guarantor", "deu", "--value", "5")[0] == 0
    done = run_cli(
        "ledger", "add", "delivery", "--guarantor", "deu", "--date", "2024-07-01",
        "--pledge", pledge, "--db", db_url,
    )  # fmt: skip
    assert done.code == 2, done.stdout
    assert "ledger add delivery:pledge:" in done.stderr
    assert "Traceback" not in done.stderr
    report = json.loads(run_cli("ledger", "report", "--json", "--db", db_url).stdout)
    assert report["totals"]["delivered_eur"] == 0.0
    assert report["totals"]["records"] == 1


def test_delivery_linked_to_another_guarantors_pledge_is_refused(ledger: Ledger) -> None:
    pledge = ledger.add_pledge("deu", "2024-06-01", value=100.0)
    with pytest.raises(PactlabError, match=f"pledge {pledge} is by deu, the delivery by usa"):
        ledger.add_delivery("usa", "2024-07-01", pledge=pledge, value=10.0)


def test_unknown_guarantor_is_refused_with_suggestions(db_url: str) -> None:
    """`xyz` was accepted as a new actor; a typo gets a "did you mean"."""
    code, _, err = _pledge(db_url, "--guarantor", "xyz")
    assert code == 2
    assert "guarantor: unknown guarantor 'xyz'" in err
    assert "usa, deu" in err  # the kinds of id it accepts, with examples
    code, _, err = _pledge(db_url, "--guarantor", "Grmany")
    assert code == 2
    assert "did you mean deu?" in err


def test_unknown_currency_is_refused(db_url: str) -> None:
    """`XYZ` is not ISO 4217; `EUO` gets suggestions; lower case is normalised."""
    code, _, err = _pledge(db_url, "--guarantor", "deu", "--value", "5", "--currency", "XYZ")
    assert code == 2
    assert "currency: unknown currency 'XYZ': not an ISO 4217 code" in err
    code, _, err = _pledge(db_url, "--guarantor", "deu", "--value", "5", "--currency", "EUO")
    assert "did you mean" in err
    assert "EUR" in err
    assert _pledge(db_url, "--guarantor", "deu", "--value", "5", "--currency", "usd")[0] == 0


def test_unknown_instrument_lists_the_valid_kinds(db_url: str) -> None:
    code, _, err = _pledge(db_url, "--guarantor", "deu", "--instrument", "tanks")
    assert code == 2
    assert "instrument: unknown instrument kind 'tanks'; one of " in err
    for kind in InstrumentKind:
        assert kind.value in err


def test_case_and_homoglyph_never_make_a_second_actor(ledger: Ledger, tmp_path: Path) -> None:
    """`USA` and `usa` are one actor; `usа` with a Cyrillic а (U+0430) is refused, naming it."""
    ledger.add_pledge("usa", "2024-01-01", value=1.0)
    ledger.add_pledge("USA", "2024-01-02", value=2.0)
    rows = ledger.report(by="guarantor").rows
    assert [(r.key, r.committed_eur) for r in rows] == [("usa", 3.0)]
    before = digest(ledger)
    with pytest.raises(PactlabError, match="U\\+0430 CYRILLIC SMALL LETTER A"):
        ledger.add_pledge("us\u0430", "2024-01-03", value=4.0)
    path = tmp_path / "refs.csv"
    path.write_text(
        HEADER
        + "pledge,deu,,committed,2024-01-01,,1,EUR,,,,P1,,,,,,\n"
        + "pledge,deu,,committed,2024-01-01,,1,EUR,,,,p1,,,,,,\n"
        + "pledge,deu,,committed,2024-01-01,,1,EUR,,,,p\u0455,,,,,,\n"  # Cyrillic ѕ among Latin
        + "pledge,deu,,committed,2024-01-01,,1,EUR,,,,\u04401,,,,,,\n",  # Cyrillic р: looks like p1
        encoding="utf-8",
    )
    with pytest.raises(PactlabError) as caught:
        import_file(ledger, path, "csv")
    lines = caught.value.lines()
    assert any(line.startswith(f"{path}:3:ref: duplicate ref 'p1'") for line in lines)
    assert any(line.startswith(f"{path}:4:ref:") and "CYRILLIC" in line for line in lines)
    assert any(line.startswith(f"{path}:5:ref: duplicate ref '\u04401'") for line in lines)
    assert digest(ledger) == before


@pytest.mark.parametrize("args", [["ledger"], ["ledger", "add"]])
def test_groups_without_a_command_print_help(args: list[str]) -> None:
    """`pactlab ledger` and `pactlab ledger add` printed the help and then a traceback."""
    done = run_cli(*args)
    assert done.code == 0
    assert "Usage:" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_library_errors_name_parameters_and_the_cli_flags(ledger: Ledger, db_url: str) -> None:
    """The library says `by`, the command line `--by`; the command makes no check of its own."""
    with pytest.raises(PactlabError, match=r"^by: must be one of guarantor, instrument, month"):
        ledger_report(ledger, "donor")
    with pytest.raises(PactlabError, match=r"^format: unknown format 'xls'"):
        import_file(ledger, "x.xls", "xls")
    done = run_cli("ledger", "report", "--by", "donor", "--db", db_url)
    assert done.code == 2
    assert done.stderr.startswith(
        "pactlab ledger report: --by: must be one of guarantor, instrument, month, not 'donor'"
    )
    done = run_cli("ledger", "import", "x.xls", "--format", "xls", "--db", db_url)
    assert done.stderr.startswith("pactlab ledger import: --format: unknown format 'xls'")


def test_import_help_lists_every_format() -> None:
    """The command's help names the importers' registry (written out so that --help stays light)."""
    import inspect

    from pactlab.cli.ledger import import_
    from pactlab.ledger import FORMATS

    option = inspect.signature(import_).parameters["fmt"].default
    assert option.help == f"One of: {', '.join(FORMATS)}."
    assert run_cli("ledger", "import", "--help").code == 0

"""pactlab analyze: the brief, results.json, one page, same seed same brief (issue 6)."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

import pactlab
from _support.cli import run_cli

DRAWS = "3000"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z, injected through SOURCE_DATE_EPOCH

HEADER = (
    "record,guarantor,instrument,stage,date,due,value,currency,quantity,unit,item,ref,pledge_ref,"
    "criterion,evidence,status,source,source_url"
)
LEDGER_CSV = (
    HEADER
    + """
pledge,usa,arms_deliveries,committed,2023-01-10,,1000000000,EUR,,,package,p1,,,,,test,
pledge,usa,arms_deliveries,allocated,2023-03-10,,600000000,EUR,,,package,p2,,,,,test,
pledge,deu,air_defence,committed,2023-02-01,,400000000,EUR,,,IRIS-T,p3,,,,,test,
pledge,deu,air_defence,allocated,2023-05-01,,400000000,EUR,,,IRIS-T,p4,,,,,test,
"""
)


class _Cells(HTMLParser):
    """Collect the table cells that carry data-field/data-value, by option."""

    def __init__(self) -> None:
        super().__init__()
        self.option: str | None = None
        self.cells: dict[tuple[str, str], str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-option"):
            self.option = found["data-option"]
        if tag == "td" and found.get("data-field") and self.option is not None:
            self.cells[(self.option, str(found["data-field"]))] = str(found.get("data-value"))


def _analyze(out: Path, db: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = run_cli(
        "analyze",
        "vilnius-2023",
        "-o",
        str(out),
        "--draws",
        DRAWS,
        "--seed",
        "7",
        "--db",
        f"sqlite:///{db}",
        *extra,
    )
    assert result.code == 0, result.stderr


@pytest.fixture(scope="module")
def brief_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("brief")
    with pytest.MonkeyPatch.context() as mp:
        _analyze(out, out / "ledger.db", mp)
    return out


def test_writes_three_files(brief_dir: Path) -> None:
    for name in ("brief.html", "brief.pdf", "results.json"):
        assert (brief_dir / name).stat().st_size > 1000, name
    assert not list(brief_dir.glob(".pactlab-*")), "staging folder left behind"


def test_pdf_is_one_page(brief_dir: Path) -> None:
    assert len(PdfReader(brief_dir / "brief.pdf").pages) == 1


def test_html_numbers_equal_results_json(brief_dir: Path) -> None:
    results = json.loads((brief_dir / "results.json").read_text())
    parser = _Cells()
    parser.feed((brief_dir / "brief.html").read_text())
    risks = {o["option"]: o for o in results["deterrence"]["options"]}
    risks["baseline"] = results["deterrence"]["baseline"]
    assert len(risks) == 6
    for option, risk in risks.items():
        assert float(parser.cells[(option, "p_deterrence")]) == risk["p_deterrence"]
        assert float(parser.cells[(option, "p_direct_clash")]) == risk["p_direct_clash"]
        assert float(parser.cells[(option, "s5")]) == risk["durability"]["s5"]


def test_results_json_is_the_whole(brief_dir: Path) -> None:
    results = json.loads((brief_dir / "results.json").read_text())
    assert results["scenario"]["id"] == "vilnius-2023"
    assert results["provenance"] == {
        "seed": 7,
        "draws": int(DRAWS),
        "rounds": 10,
        "generated_at": "2023-11-14T22:13:20+00:00",
        "version": pactlab.__version__,
    }
    assert {r["model"] for r in results["negotiation"]["results"]} >= {"compromise", "median", "eum"}
    assert results["ledger"]["totals"]["fulfilment"] is None  # empty ledger: unknown
    assert any("analyst readings" in e for e in results["estimates"])


def test_empty_ledger_says_unknown(brief_dir: Path) -> None:
    html = (brief_dir / "brief.html").read_text()
    assert "track record is unknown" in html
    assert "unknown (ledger empty)" in html


def test_footer_names_models_seed_digest_and_estimates(brief_dir: Path) -> None:
    from pactlab.negotiate import MODELS
    from pactlab.scenario import load_scenario

    html = (brief_dir / "brief.html").read_text()
    for info in MODELS.values():
        assert info.assumptions[0].replace("'", "&#39;") in html
    assert load_scenario("vilnius-2023").digest in html
    assert "seed 7" in html
    assert "Analyst estimates" in html


def test_same_seed_same_brief(brief_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    again = tmp_path / "again"
    _analyze(again, brief_dir / "ledger.db", monkeypatch)  # the same (empty) ledger
    assert (again / "brief.html").read_text() == (brief_dir / "brief.html").read_text()
    assert (again / "results.json").read_text() == (brief_dir / "results.json").read_text()


def test_ledger_track_record_reaches_the_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "ledger.db"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(LEDGER_CSV)
    assert run_cli("ledger", "import", str(ledger), "--format", "csv", "--db", f"sqlite:///{db}").code == 0
    _analyze(tmp_path / "out", db, monkeypatch)
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    rows = {r["key"]: r for r in results["ledger"]["rows"]}
    assert rows["usa"]["fulfilment"] == pytest.approx(0.6)  # 0.6 bn allocated of 1 bn committed
    assert rows["deu"]["fulfilment"] == pytest.approx(1.0)
    html = (tmp_path / "out" / "brief.html").read_text()
    assert "usa 60%" in html
    assert set(results["credibility"]) >= {"usa", "deu"}


def test_the_tool_is_general(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second catalog case (not Ukraine) goes through the same command."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = run_cli(
        "analyze",
        "bucharest-2008",
        "-o",
        str(tmp_path),
        "--draws",
        "2000",
        "--db",
        f"sqlite:///{tmp_path / 'l.db'}",
    )
    assert result.code == 0, result.stderr
    assert len(PdfReader(tmp_path / "brief.pdf").pages) == 1
    assert "Membership Action Plan" in (tmp_path / "brief.html").read_text()


def test_bad_scenario_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: {id: x}\n")
    result = run_cli("analyze", str(bad), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_pdf_renders_to_png(brief_dir: Path, tmp_path: Path) -> None:
    """Render the page as a person would see it; .ci/run installs poppler-utils so this runs in CI."""
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(brief_dir / "brief.pdf"), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    from PIL import Image

    with Image.open(pages[0]) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
        # not a blank page: a real brief has plenty of dark pixels
        dark = int((np.asarray(image.convert("L")) < 128).sum())
    assert dark > 0.01 * width * height

"""pactlab analyze end to end: three files, one page, the numbers of results.json, same seed same brief."""

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
# Two guarantors, hand-made: usa 0.6 bn allocated of 1 bn committed, deu 0.4 of 0.4; all before the
# vilnius cut-off (2023-07-10), plus one usa allocation after it that the brief must not count.
LEDGER_CSV = (
    HEADER
    + """
pledge,usa,arms_deliveries,committed,2023-01-10,,1000000000,EUR,,,package,p1,,,,,test,
pledge,usa,arms_deliveries,allocated,2023-03-10,,600000000,EUR,,,package,p2,,,,,test,
pledge,deu,air_defence,committed,2023-02-01,,400000000,EUR,,,IRIS-T,p3,,,,,test,
pledge,deu,air_defence,allocated,2023-05-01,,400000000,EUR,,,IRIS-T,p4,,,,,test,
pledge,usa,arms_deliveries,allocated,2023-09-10,,400000000,EUR,,,package,p5,,,,,test,
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


def _analyze(
    out: Path, db: Path, monkeypatch: pytest.MonkeyPatch, *extra: str, scenario: str = "vilnius-2023"
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    result = run_cli(
        "analyze",
        scenario,
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
    """The brief shows each probability's median over the draws (issue 11): the cell's value is the
    median in results.json, and its interval the 5th-95th percentiles there."""
    results = json.loads((brief_dir / "results.json").read_text())
    parser = _Cells()
    parser.feed((brief_dir / "brief.html").read_text())
    risks = {o["option"]: o for o in results["deterrence"]["options"]}
    risks["baseline"] = results["deterrence"]["baseline"]
    assert len(risks) == 6
    for option, risk in risks.items():
        for field, key in (
            ("p_deterrence", "p_deterrence"),
            ("p_direct_clash", "p_direct_clash"),
            ("s5", "s5"),
        ):
            assert float(parser.cells[(option, field)]) == risk["intervals"][key]["median"]


def test_results_json_is_the_whole(brief_dir: Path) -> None:
    results = json.loads((brief_dir / "results.json").read_text())
    assert results["scenario"]["id"] == "vilnius-2023"
    prov = results["provenance"]
    assert prov["model"] == "analysis"
    assert prov["seed"] == 7
    assert prov["parameters"] == {"draws": int(DRAWS), "rounds": 10, "as_of": "2023-07-10"}
    assert prov["timestamp"] == "2023-11-14T22:13:20+00:00"
    assert prov["version"] == pactlab.__version__
    assert results["cutoff"] == "2023-07-10"
    assert {r["model"] for r in results["negotiation"]["results"]} >= {"compromise", "median", "eum"}
    assert results["ledger"]["totals"]["fulfilment"] is None  # empty ledger: unknown
    assert any("analyst readings" in e for e in results["estimates"])
    # the fifth question: the order of guarantees, from vilnius-2023's roadmap section
    steps = {s["id"]: s for s in results["roadmap"]["steps"]}
    assert set(steps) == {
        "ammunition",
        "arms",
        "air-defence",
        "long-range",
        "long-range-trigger",
        "council-guest",
        "intelligence-sharing",
        "joint-exercises",
        "joint-procurement",
        "us-bilateral",
        "bilateral-agreements",
        "post-war-guarantee",
        "financial-aid",
        "sanctions-snapback",
        "reforms-assessed",
        "interoperability",
    }
    assert results["track_record"]["cutoff"] == "2023-07-10"
    assert results["sensitivity"] is None  # a slot: pactlab.sensitivity is not wired in yet


def test_empty_ledger_says_unknown_and_why(brief_dir: Path) -> None:
    html = (brief_dir / "brief.html").read_text()
    assert "track record is unknown" in html
    assert "unknown: no ledger records" in html
    assert "The ledger holds no records up to the cut-off 2023-07-10" in html


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
    for name in ("brief.html", "results.json", "brief.pdf"):
        assert (again / name).read_bytes() == (brief_dir / name).read_bytes(), name


def test_ledger_track_record_reaches_the_brief_cut_at_as_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Records after vilnius-2023's cut-off (2023-07-10) are not read: usa is 0.6 of 1 bn (60%), not 1.0."""
    db = tmp_path / "ledger.db"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(LEDGER_CSV)
    assert run_cli("ledger", "import", str(ledger), "--format", "csv", "--db", f"sqlite:///{db}").code == 0
    _analyze(tmp_path / "out", db, monkeypatch)
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    rows = {r["key"]: r for r in results["ledger"]["rows"]}
    assert rows["usa"]["fulfilment"] == pytest.approx(0.6)  # 0.6 bn allocated of 1 bn committed by July
    assert rows["deu"]["fulfilment"] == pytest.approx(1.0)
    html = (tmp_path / "out" / "brief.html").read_text()
    assert "usa 60%" in html
    assert "Fulfilment: delivered or allocated over pledged value (EUR) up to the cut-off 2023-07-10" in html
    assert set(results["credibility"]) >= {"usa", "deu"}


def test_the_tool_is_general(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second catalog case (not Ukraine) goes through the same command; it has no roadmap section
    and describes no armed conflict, and the brief says both instead of showing numbers for them."""
    _analyze(tmp_path, tmp_path / "l.db", monkeypatch, scenario="bucharest-2008")
    assert len(PdfReader(tmp_path / "brief.pdf").pages) == 1
    html = (tmp_path / "brief.html").read_text()
    assert "Membership Action Plan" in html
    assert "No roadmap: the scenario has no roadmap section" in html
    assert "Durability not reported: the scenario describes no armed conflict" in html
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["roadmap"] is None


def test_bad_scenario_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("metadata: {id: x}\n")
    result = run_cli("analyze", str(bad), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_pdf_renders_to_png(brief_dir: Path, tmp_path: Path) -> None:
    """Render the page as a person would see it (.ci/run installs poppler-utils, so this runs in CI)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("PDFTOPPM MISSING: install poppler-utils to render the brief to PNG (.ci/run does)")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(brief_dir / "brief.pdf"), str(tmp_path / "page")], check=True
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    from PIL import Image

    with Image.open(pages[0]) as image:
        width, height = image.size
        assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
        grey = np.asarray(image.convert("L"))
    assert (grey < 128).sum() > 0.01 * width * height  # not a blank page
    # the page is used: ink in every eighth of its height down to the footer (issue 17: "the lower
    # quarter is empty"); at 60 dpi the footnotes are grey, so "ink" is anything darker than light grey
    ink = grey < 200
    for k in range(8):
        band = ink[k * height // 8 : (k + 1) * height // 8]
        assert band.sum() > 0.002 * width * height, f"eighth {k + 1} of the page is empty"

"""The one-page PDF: fonts embedded (no system font needed), nothing cut, legible, one page always."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from pactlab.analysis import Analysis
from pactlab.brief.assemble import assemble
from pactlab.brief.pdf import fit_scale, render_pdf


@pytest.fixture(scope="module")
def pdf_text(vilnius: Analysis, tmp_path_factory: pytest.TempPathFactory) -> tuple[PdfReader, str]:
    path = tmp_path_factory.mktemp("pdf") / "brief.pdf"
    assert render_pdf(assemble(vilnius), path) == 1
    reader = PdfReader(path)
    return reader, " ".join(reader.pages[0].extract_text().split())


def _fonts(reader: PdfReader) -> set[tuple[str, bool]]:
    """(font name, embedded) of every font on the page, the plots' forms included."""
    found: set[tuple[str, bool]] = set()

    def walk(resources: object) -> None:
        res = resources.get_object() if hasattr(resources, "get_object") else resources
        if not isinstance(res, dict):
            return
        for font in (res.get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.add((str(font.get("/BaseFont")), embedded))
        for xobject in (res.get("/XObject") or {}).values():
            walk(xobject.get_object().get("/Resources"))

    walk(reader.pages[0]["/Resources"])
    return found


def test_every_font_is_embedded_dejavu(pdf_text: tuple[PdfReader, str]) -> None:
    """No system font and no base-14 fallback: every glyph comes from the DejaVu files matplotlib ships
    (as the cached cut, renamed PactlabSans, or the full faces)."""
    fonts = _fonts(pdf_text[0])
    assert fonts, "no font found"
    assert all(embedded for _, embedded in fonts), fonts
    assert all(
        name.split("+")[-1] in {"PactlabSans", "PactlabSans-Bold", "DejaVuSans", "DejaVuSans-Bold"}
        for name, _ in fonts
    ), fonts


def test_the_page_carries_the_whole_answer(pdf_text: tuple[PdfReader, str]) -> None:
    text = pdf_text[1]
    for needed in (
        "Information cut-off 2023-07-10",  # the cut-off, printed (issue 13)
        "Later vintage",  # later-vintage capabilities disclosed (COW NMC, covering 2022)
        "In what order to give guarantees (roadmap)",
        "Which option deters more, draw by draw",
        "How far to trust the negotiation forecasts (backtest)",
        "Are promises kept? (ledger)",
        "What moves the answer",  # the tornado's heading, then which saved result it shows
        "Sensitivity result read: Morris screening, 8 trajectories, 2,000 draws, seed 0",
        "loses first place if",  # the flip line
        "fitted to the conflict record",
        "Warnings.",
    ):
        assert needed in text, needed
    assert "`" not in text
    assert "…" not in text  # nothing cut with an ellipsis (issue 17: cut labels and citations)


def test_the_backtest_lines_reach_the_page(vilnius: Analysis, pdf_text: tuple[PdfReader, str]) -> None:
    text = pdf_text[1]
    for skill in vilnius.track.skills:
        assert skill.model in text
        assert skill.verdict in text


def test_vilnius_fits_without_shrinking(vilnius: Analysis) -> None:
    """Legibility: the catalog's largest brief fits the page at its designed type sizes (a shrink below
    95% would make the 5-pt footnotes unreadable)."""
    assert fit_scale(assemble(vilnius)) <= 1.0 / 0.95


def test_one_page_even_with_many_options(vilnius: Analysis, tmp_path: Path) -> None:
    """Fifteen options with long titles still make one page (the content shrinks as a whole)."""
    brief = assemble(vilnius)
    many = tuple(
        replace(
            row, option=f"{row.option}-{k}", title=f"{row.title}, variant {k} with a long descriptive title"
        )
        for k in range(3)
        for row in brief.options
    )
    big = replace(brief, options=many)
    assert render_pdf(big, tmp_path / "big.pdf") == 1
    assert len(PdfReader(tmp_path / "big.pdf").pages) == 1


def test_same_brief_same_bytes(vilnius: Analysis) -> None:
    from pactlab.brief.pdf import _build

    first, second = io.BytesIO(), io.BytesIO()
    _build(assemble(vilnius), first)
    _build(assemble(vilnius), second)
    assert first.getvalue() == second.getvalue()


def test_text_outside_the_cut_is_set_in_the_full_faces(vilnius: Analysis, tmp_path: Path) -> None:
    """The cached cut covers Latin, Greek and Cyrillic; a Georgian title needs the full DejaVu faces,
    which have it: no glyph may go missing (the PDF's text extracts back as written)."""
    from pactlab.brief.fonts import register

    assert register(["Security guarantees for Україна, Ελλάδα, Türkiye"]) == "PactlabSans"
    assert register(["საქართველო"]) == "DejaVuSans"
    brief = replace(assemble(vilnius), title="Guarantees for საქართველო (Georgia)")
    assert render_pdf(brief, tmp_path / "ka.pdf") == 1
    text = PdfReader(tmp_path / "ka.pdf").pages[0].extract_text()
    assert "საქართველო" in text


def test_no_system_font_tool_is_asked(
    vilnius: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh machine may have no fontconfig: the PDF must not call fc-match (svglib does, for a font
    family it has no file for) or any other program."""
    import subprocess

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the PDF brief ran a program: {args!r}")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    assert render_pdf(assemble(vilnius), tmp_path / "brief.pdf") == 1


def test_hostile_titles_reach_neither_plot_nor_pdf_as_markup(vilnius: Analysis, tmp_path: Path) -> None:
    """An option title with an escape sequence, ReportLab markup and a dollar sign (mathtext in
    matplotlib) is printed as plain text; nothing fails under filterwarnings=error."""
    brief = assemble(vilnius)
    hostile = "Aid of $5 bn <b>now</b> \x1b[31m & more"
    options = (replace(brief.options[0], title=hostile), *brief.options[1:])
    assert render_pdf(replace(brief, options=options), tmp_path / "hostile.pdf") == 1
    text = PdfReader(tmp_path / "hostile.pdf").pages[0].extract_text()
    assert "\x1b" not in text
    joined = " ".join(text.split())
    assert "Aid of $5 bn <b>now</b>" in joined  # ReportLab markup printed literally, the $ as a dollar


def test_the_tornado_is_on_the_page_with_each_factors_kind(
    vilnius: Analysis, pdf_text: tuple[PdfReader, str]
) -> None:
    """Issue 11: vilnius-2023's tornado in the one-page brief, each factor labelled with its kind."""
    assert vilnius.sensitivity is not None
    text = " ".join(pdf_text[1].split())  # the plot wraps long labels: compare without line breaks
    bars = vilnius.sensitivity.tornado(5)
    assert len(bars) == 5
    for bar in bars:
        assert bar.kind in {"fitted", "prior", "analyst"}
        assert f"{bar.factor} ({bar.kind})" in text, bar.factor
    assert len(pdf_text[0].pages) == 1


def test_a_page_without_deterrence_shows_who_weighs(tmp_path: Path) -> None:
    """Issue 17 item 5 (the page's space used) and issue 12 item 2 (weights in plain sight): a scenario
    with no deterrence question shows, where the deterrence plot would be, each bargainer's share of
    capability x salience. Expected shares recomputed here from the scenario file (Scholz et al. 2011,
    Table 1: capability shares and saliences of the EC car emission case)."""
    from pactlab.analysis import analyze
    from pactlab.scenario import load_scenario

    scenario = load_scenario("bdm1994-emissions")
    issue = scenario.issues[0]
    capability = {a.id: a.capability.value for a in scenario.actors if a.capability is not None}
    weight = {p.actor: capability[p.actor] * p.salience for p in issue.positions}
    total = sum(weight.values())
    expected = sorted(((a, w / total) for a, w in weight.items()), key=lambda r: -r[1])

    analysis = analyze(scenario, draws=200, rng=0, db=f"sqlite:///{tmp_path / 'l.db'}", roadmap=False)
    brief = assemble(analysis)
    shares = dict(brief.issues[0].shares)
    assert shares.keys() == weight.keys()
    for actor, share in expected:
        assert shares[actor] == pytest.approx(share, abs=1e-12)
    path = tmp_path / "brief.pdf"
    assert render_pdf(brief, path) == 1
    text = " ".join(PdfReader(path).pages[0].extract_text().split())
    assert "Who weighs on each issue" in text
    top, top_share = expected[0]
    assert f"{top} {100 * top_share:.0f}%" in text
    from pactlab.brief.render import render_html

    html = render_html(brief)
    assert "Who weighs on each issue" in html
    assert f"<td>{top}</td><td>{100 * top_share:.0f}%</td>" in html
    if len(expected) > 8:  # the smallest shares are summed in one row
        assert f"<td>{len(expected) - 8} others</td>" in html

"""The one-page PDF brief, laid out with ReportLab's platypus (pure Python, no system library).

Why ReportLab and not WeasyPrint (issues 17 and 19): WeasyPrint needs Pango, HarfBuzz and fonts from
the operating system (a fresh machine without them failed the test suite) and is the slower of the two.
Measured in one process on the shared 2-core machine (load 10, CPU seconds, vilnius-2023): WeasyPrint
0.43 s to import and 0.65-0.97 s to render the old brief; ReportLab with svglib 0.10 s to import and
0.41-0.56 s to lay out the new, fuller brief with vector plots (WeasyPrint took 1.5 s on the new brief's
HTML). ReportLab is pure Python, embeds the DejaVu fonts that matplotlib ships in ``mpl-data/fonts/ttf``
(:mod:`.fonts`), draws the plots as vectors through svglib from the same SVG the HTML brief shows, and
needs no system library. The HTML brief (Jinja2, autoescaped) stays for the browser.

One page, always: the content sits in a :class:`~reportlab.platypus.KeepInFrame` that shrinks it as a
whole when it would run over (an extreme scenario with dozens of options), so the brief never spills
onto a second page; :func:`render_pdf` returns the page count, which the command line checks.
"""

from __future__ import annotations

import io
from contextvars import ContextVar
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from pactlab.brief import plots
from pactlab.brief.data import WEIGHT_ROWS, BriefData, OptionRow, percent, plain

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

__all__ = ["FONT", "fit_scale", "render_pdf"]

FONT = "DejaVuSans"
_FAMILY: ContextVar[str] = ContextVar("family", default=FONT)
_MM = 72 / 25.4
_PAGE_W, _PAGE_H = 210 * _MM, 297 * _MM
_MARGIN = 7 * _MM
_WIDTH = _PAGE_W - 2 * _MARGIN
_HALF = _WIDTH / 2 - 2 * _MM
_GREY = "#555555"


def _fonts() -> str:
    """The font family of the brief being built (set by :func:`_build`, see :mod:`.fonts`)."""
    return _FAMILY.get()


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=_fonts(), fontSize=6.6, leading=7.9, textColor="#111111")
    return {
        "body": base,
        "title": ParagraphStyle("title", base, fontSize=11.5, leading=13.5, fontName=f"{_fonts()}-Bold"),
        "sub": ParagraphStyle("sub", base, fontSize=6.4, leading=7.6, textColor=_GREY),
        "box": ParagraphStyle("box", base, fontSize=6.0, leading=7.1, textColor="#333333"),
        "head": ParagraphStyle(
            "head", base, fontSize=7.0, leading=8.3, leftIndent=7, bulletIndent=0, bulletFontName=_fonts()
        ),
        "cell": ParagraphStyle("cell", base, fontSize=6.0, leading=6.9),
        "num": ParagraphStyle("num", base, fontSize=6.0, leading=6.9, alignment=2),
        "h2": ParagraphStyle(
            "h2", base, fontSize=7.5, leading=9.0, fontName=f"{_fonts()}-Bold", spaceBefore=1
        ),
        "small": ParagraphStyle("small", base, fontSize=5.8, leading=6.7),
        "foot": ParagraphStyle("foot", base, fontSize=5.0, leading=5.9, textColor="#333333"),
    }


def _p(text: str, style: Any, markup: str = "") -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(plain(markup + escape(text) if markup else escape(text)), style)


def _svg(svg: str, width: float) -> Any:
    """An inline matplotlib SVG as a vector drawing of ``width`` points."""
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg.encode("utf-8")))
    if drawing is None:  # pragma: no cover - matplotlib always writes a valid SVG
        raise ValueError("svglib could not read a plot")
    scale = width / drawing.width
    drawing.initialFontName = _fonts()  # the drawing's default state would name Helvetica, not embedded
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing


def _table(rows: list[list[Any]], widths: list[float], header: bool = True, zebra: bool = False) -> Any:
    from reportlab.platypus import Table, TableStyle

    table = Table(rows, colWidths=widths, repeatRows=0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), _fonts()),  # the default, Helvetica, is not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.6),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.6),
        ("TOPPADDING", (0, 0), (-1, -1), 0.9),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.9),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, "#cccccc"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), "#e8eef5"))
    if zebra:
        style += [("BACKGROUND", (0, r), (-1, r), "#f6f6f6") for r in range(2, len(rows), 2)]
    table.setStyle(TableStyle(style))
    return table


def _columns(left: list[Any], right: list[Any], split: float = 0.5) -> Any:
    from reportlab.platypus import Table, TableStyle

    gap = 4 * _MM
    widths = [(_WIDTH - gap) * split, gap, (_WIDTH - gap) * (1 - split)]
    table = Table([[left, [], right]], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), _fonts()),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _options(b: BriefData, s: dict[str, Any]) -> Any:
    head = [
        "Option",
        "Can it be adopted?",
        "Level → forecasts (comp./ med./ EUM/ exch.)",
        "P(deter)",
        "P(direct clash)",
        "S(5 years)",
        "Guarantors' record",
    ]
    rows: list[list[Any]] = [[_p(h, s["cell"], "") for h in head]]
    for o in b.rows:
        s5 = "n/a" if o.durability_s5 is None else o.durability_s5.text()
        rows.append(
            [
                _p("", s["cell"], f"<b>{escape(o.title)}</b>"),
                _p(_consensus(o), s["cell"]),
                _p(o.forecast, s["cell"]),
                _p(o.p_deterrence.text(), s["num"]),
                _p(o.p_direct_clash.text(1), s["num"]),
                _p(s5, s["num"]),
                _p(o.track_record, s["cell"]),
            ]
        )
    w = _WIDTH
    return _table(rows, [0.225 * w, 0.21 * w, 0.12 * w, 0.095 * w, 0.11 * w, 0.09 * w, 0.15 * w], zebra=True)


def _consensus(o: OptionRow) -> str:
    if o.option == "baseline":
        return "-"
    return o.consensus_note


def _pairwise(b: BriefData, s: dict[str, Any]) -> list[Any]:
    labels = [f"{i + 1}" for i in range(len(b.pairwise.labels))]
    rows: list[list[Any]] = [[_p("row beats column", s["small"])] + [_p(x, s["small"]) for x in labels]]
    for i, name in enumerate(b.pairwise.labels):
        cells = ["–" if v is None else percent(v) for v in b.pairwise.matrix[i]]
        rows.append([_p(f"{i + 1} {name}", s["small"])] + [_p(c, s["small"]) for c in cells])
    n = len(labels)
    first = 0.5 * (_HALF)
    rest = (_HALF - first) / max(n, 1)
    return [
        _p("Which option deters more, draw by draw", s["h2"]),
        _p("P(the row's option deters more than the column's) over the same draws.", s["small"]),
        _table(rows, [first] + [rest] * n),
        # which inputs are fitted, priors or the analyst's: the kinds the tornado's labels name
        *([_p(b.parameter_note, s["small"])] if b.parameter_note else []),
    ]


def _sensitivity(b: BriefData, s: dict[str, Any], figs: dict[str, str]) -> list[Any]:
    view = b.sensitivity
    out: list[Any] = [_p("What moves the answer", s["h2"])]
    if figs["tornado"]:
        out.append(_svg(figs["tornado"], _HALF))
        out.append(_p(view.flip_line, s["small"]))
        out.append(_p(view.source, s["small"]))
        return out
    out.append(_p(view.note, s["small"]))
    # without a tornado, the next best: the inputs this run's draws say matter for the leading option
    lead = next((o for o in b.options if o.title == view.leader), None)
    if lead is not None and lead.drivers:
        out.append(
            _p(
                f"Drivers of {lead.title} in this run (the inputs whose draws are most rank-correlated "
                f"with its outcome): {', '.join(lead.drivers)}.",
                s["small"],
            )
        )
    return out


def _weights(b: BriefData, s: dict[str, Any]) -> list[Any]:
    """Who drives each forecast: the largest shares of capability x salience, with their positions.

    Shown when the page has room, that is when the scenario asks no deterrence question.
    """
    issues = [i for i in b.issues if i.shares]
    if not issues:
        return []
    out: list[Any] = [
        _p("Who weighs on each issue", s["h2"]),
        _p(
            "Share of the deciding group's weight (capability x salience) and the stated position, in the "
            "issue's units; the weighted models follow the largest shares.",
            s["small"],
        ),
    ]
    for issue in issues:
        rows: list[list[Any]] = [
            [_p(escape(f"{issue.title} ({issue.measure})"), s["small"]), _p("share", s["small"]),
             _p("position", s["small"])]
        ]  # fmt: skip
        for actor, share in issue.shares[:WEIGHT_ROWS]:
            position = issue.positions.get(actor)
            shown = "-" if position is None else f"{position:g}"
            rows.append(
                [_p(escape(actor), s["small"]), _p(percent(share), s["small"]), _p(shown, s["small"])]
            )
        rest = issue.shares[WEIGHT_ROWS:]
        if rest:
            left = sum(share for _, share in rest)
            rows.append(
                [_p(f"{len(rest)} others", s["small"]), _p(percent(left), s["small"]), _p("", s["small"])]
            )
        out.append(_table(rows, [0.6 * _HALF, 0.2 * _HALF, 0.2 * _HALF], zebra=True))
    return out


def _roadmap(b: BriefData, s: dict[str, Any], figs: dict[str, str]) -> list[Any]:
    out: list[Any] = [_p("In what order to give guarantees (roadmap)", s["h2"])]
    if figs["gantt"]:
        out.append(_svg(figs["gantt"], _HALF))
    out.append(_p(b.roadmap_note, s["small"]))
    return out


def _ledger(b: BriefData, s: dict[str, Any], figs: dict[str, str]) -> list[Any]:
    """The ledger's part: what it read and the largest pledgers' fulfilment (plotted in the HTML)."""
    # each option's guarantors' fulfilment is in the table; the per-guarantor plot is the HTML's
    out: list[Any] = [_p("Are promises kept? (ledger)", s["h2"])]
    if figs["fulfilment"]:
        out.append(_p(_largest(b), s["small"]))
    out.append(_p(b.ledger_note, s["small"]))
    return out


def _largest(b: BriefData, top: int = 6) -> str:
    known = sorted((r for r in b.track_record if r.fulfilment is not None), key=lambda r: -r.pledged_eur)
    shown = ", ".join(f"{r.guarantor} {percent(r.fulfilment or 0.0)}" for r in known[:top])
    return f"Recorded fulfilment of the {min(top, len(known))} largest pledgers: {shown}."


def _backtest(b: BriefData, s: dict[str, Any]) -> list[Any]:
    out: list[Any] = [_p("How far to trust the negotiation forecasts (backtest)", s["h2"])]
    track = b.model_track
    if track.skills:
        head = ["model", "MAE (0-100) [95%]", "direction right", f"skill vs {track.skills[0].baseline} [95%]"]
        rows: list[list[Any]] = [[_p(h, s["small"]) for h in head]]
        for k in track.skills:
            rows.append(
                [
                    _p(k.model, s["small"]),
                    _p(_range(k.mae, k.mae_low, k.mae_high, "{:.1f}"), s["small"]),
                    _p(f"{k.direction_hits}/{k.n}", s["small"]),
                    _p(f"{_range(k.skill, k.skill_low, k.skill_high, '{:+.2f}')}: {k.verdict}", s["small"]),
                ]
            )
        out.append(_table(rows, [0.17 * _HALF, 0.27 * _HALF, 0.14 * _HALF, 0.42 * _HALF]))
    out.append(
        _p(track.note() + " Skill = 1 - MAE(model) / MAE(best naive baseline); above 0 beats it.", s["small"])
    )
    return out


def _range(value: float | None, low: float | None, high: float | None, fmt: str) -> str:
    if value is None:
        return "n/a"
    if low is None or high is None:
        return fmt.format(value)
    return f"{fmt.format(value)} [{fmt.format(low)}, {fmt.format(high)}]"


def _footer(b: BriefData, s: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import HRFlowable

    models = " ".join(
        f"<b>{escape(m.name)}</b> ({escape(m.source)}): {escape(m.assumptions)}" for m in b.models
    )
    sources = " ".join(f"[{escape(x.id)}]" for x in b.sources)
    return [
        HRFlowable(width="100%", thickness=0.4, color="#999999", spaceBefore=2, spaceAfter=1),
        _p(
            "",
            s["foot"],
            "<b>Reading the numbers.</b> "
            + escape(
                "P(deterrence): the challenger does not attack; P(direct clash): the crisis escalates to "
                "a direct clash between guarantors and challenger; S(5 years): a settlement still holds "
                "after five years. Each is the median over the Monte Carlo draws of every uncertain input, "
                "with the 90% interval (5th-95th percentile) in brackets; the means are in results.json."
            ),
        ),
        _p("", s["foot"], "<b>Analyst estimates.</b> " + escape("; ".join(b.estimates)) + "."),
        _p("", s["foot"], "<b>Models.</b> " + models),
        _p(
            "",
            s["foot"],
            "<b>Sources</b> (ids; full citations with their dates in brief.html and results.json): "
            + sources,
        ),
        _p(
            "",
            s["foot"],
            "<b>Provenance.</b> "
            + escape(
                f"scenario digest {b.digest}; seed {b.seed}; {b.draws} draws; pactlab {b.version}; generated "
                f"{b.generated_at}; every number above is in results.json."
            ),
        ),
    ]


def _story(b: BriefData, grow: float = 1.0) -> tuple[list[Flowable], list[Flowable]]:
    """The page's flowables, and those whose height grows with ``grow`` (the plots' rows)."""
    from reportlab.platypus import Spacer

    s = _styles()
    d = b.disclosure
    sub = (
        f"Scenario {b.scenario_id} · information cut-off {b.as_of} · generated {b.generated_at} · "
        f"pactlab {b.version} · seed {b.seed} · {b.draws:,} Monte Carlo draws"
    )
    story: list[Any] = [_p(b.title, s["title"]), _p(sub, s["sub"])]
    box = [x for x in (d.cutoff + " Data read: " + "; ".join(d.data) + ".", d.vintages, d.retrospective) if x]
    story += [_p(x, s["box"]) for x in box]
    story.append(Spacer(1, 2))
    story += [_p(line, s["head"], "<bullet>•</bullet>") for line in b.headline]
    story += [Spacer(1, 2), _options(b, s), Spacer(1, 3)] if b.rows else [Spacer(1, 3)]
    figs = b.figures if grow == 1.0 else plots.figures(b, grow)
    issues = [_svg(figs["issues"], _HALF)] if figs["issues"] else []
    if figs["risk"]:
        plots_row = _columns(issues, [_svg(figs["risk"], _HALF)])
        story += [plots_row, _columns(_pairwise(b, s), _sensitivity(b, s, figs))]
    else:
        plots_row = _columns(
            issues,
            [_p("Does it deter?", s["h2"]), _p(f"Deterrence {b.risk_note}.", s["small"]), *_weights(b, s)],
        )
        story.append(plots_row)
    lower = _columns(_roadmap(b, s, figs), _ledger(b, s, figs) + _backtest(b, s))
    story.append(lower)
    if b.warnings:
        story.append(_p("", s["small"], "<b>Warnings.</b> " + escape(" ".join(b.warnings))))
    story += _footer(b, s)
    return story, [plots_row, *([lower] if figs["gantt"] else [])]


def _height(flowables: list[Any]) -> float:
    total = 0.0
    for f in flowables:
        total += f.wrap(_WIDTH, _PAGE_H)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _texts(value: Any) -> list[str]:
    """Every string in the brief (for the fonts' coverage)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_texts(k), *_texts(v))]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    return []


def _build(brief: BriefData, target: Any) -> tuple[int, float]:
    from pactlab.brief.fonts import register

    token = _FAMILY.set(register(_texts(asdict(brief))))
    try:
        return _layout(brief, target)
    finally:
        _FAMILY.reset(token)


def _layout(brief: BriefData, target: Any) -> tuple[int, float]:
    from reportlab.platypus import BaseDocTemplate, Frame, KeepInFrame, PageTemplate

    frame = Frame(
        _MARGIN,
        _MARGIN,
        _WIDTH,
        _PAGE_H - 2 * _MARGIN,
        id="page",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc = BaseDocTemplate(
        target,
        pagesize=(_PAGE_W, _PAGE_H),
        pageTemplates=[PageTemplate(id="brief", frames=[frame])],
        title=f"pactlab brief: {brief.title}",
        author="pactlab",
        subject=f"{brief.scenario_id}, seed {brief.seed}",
        creator=f"pactlab {brief.version}",
        initialFontName=_fonts(),  # the canvas would start in Helvetica, a font the PDF does not embed
        initialFontSize=6.6,
        invariant=1,  # no creation date or random id in the file: the same brief, the same bytes
    )
    available = _PAGE_H - 2 * _MARGIN - 1  # a point of slack for rounding
    story, growing = _story(brief)
    spare = available - _height(story)
    if spare > 0.05 * available:  # use the page: let the plots grow into the space left (at most 2.5x)
        grow = min(2.5, 1.0 + 0.9 * spare / max(_height(growing), 1.0))
        story, growing = _story(brief, grow)
    content = KeepInFrame(_WIDTH, available, story, mode="shrink")
    doc.build([content])
    return int(doc.page), float(getattr(content, "_scale", 1.0))


def render_pdf(brief: BriefData, path: Path) -> int:
    """Write the brief as a one-page A4 PDF at ``path``; return its number of pages (1)."""
    return _build(brief, str(path))[0]


def fit_scale(brief: BriefData) -> float:
    """How much the page's content must shrink to fit one page (1.0: not at all; 0.9: to 90%)."""
    return _build(brief, io.BytesIO())[1]

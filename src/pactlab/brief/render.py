"""Render a BriefData: terminal summary (rich), one-page HTML, and PDF (WeasyPrint)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
from rich.console import Console
from rich.table import Table

from pactlab.brief.data import BriefData, OptionRow
from pactlab.brief.plots import fulfilment_plot, issues_plot, risk_plot

__all__ = ["consensus_text", "render_html", "render_pdf", "render_terminal"]


def consensus_text(row: OptionRow) -> str:
    """How the brief states an option's consensus status."""
    if not row.needs_consensus:
        return "not needed (willing guarantors)"
    if row.consensus is None:
        return "unknown"
    return "yes" if row.consensus else "no"


def _environment() -> jinja2.Environment:
    templates = resources.files("pactlab.brief") / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["consensus_text"] = consensus_text
    return env


def render_html(brief: BriefData) -> str:
    """The one-page brief as self-contained HTML (inline SVG plots)."""
    plots = {
        "issues": issues_plot(brief.issues),
        "risk": risk_plot(brief.options, brief.baseline),
        "fulfilment": fulfilment_plot(brief.track_record) if brief.track_record else "",
    }
    rows = [*brief.options, *([brief.baseline] if brief.baseline is not None else [])]
    return _environment().get_template("brief.html.j2").render(b=brief, rows=rows, plots=plots)


def render_pdf(html: str, path: Path, *, zooms: tuple[float, ...] = (1.0, 0.94, 0.88, 0.82)) -> int:
    """Write the HTML brief as a PDF; return its number of pages.

    The brief is one A4 page: when the content (long option titles, a full ledger) runs over, the page
    is rendered again at the next smaller zoom; the number of pages at the last zoom is returned.
    """
    import logging

    from weasyprint import CSS, HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    source = HTML(string=html)
    for zoom in zooms:
        rules = (
            f"body {{ font-size: {7 * zoom:.2f}pt }}",
            f"ul.headline {{ font-size: {7.6 * zoom:.2f}pt }}",
            f".plot svg {{ max-height: {56 * zoom:.1f}mm }}",
            f".plot.wide svg {{ max-height: {42 * zoom:.1f}mm }}",
            f"footer {{ font-size: {5.2 * zoom:.2f}pt }}",
        )
        shrink = CSS(string=" ".join(rules))
        document = source.render(stylesheets=[shrink])
        if len(document.pages) == 1:
            break
    document.write_pdf(path)
    return len(document.pages)


def render_terminal(brief: BriefData, console: Console) -> None:
    """The five-minute summary on the terminal."""
    console.print(f"[bold]{brief.title}[/bold] ({brief.scenario_id}, as of {brief.as_of})")
    for line in brief.headline:
        console.print(f"  • {line}")
    table = Table(
        "option",
        "consensus",
        "veto",
        "level → forecasts",
        "P(deter)",
        "P(clash)",
        "S(5y)",
        "track record",
        title="Options",
    )
    rows = [*brief.options, *([brief.baseline] if brief.baseline is not None else [])]
    for o in rows:
        s5 = "n/a" if o.durability_s5 is None else f"{100 * o.durability_s5:.0f}%"
        consensus = "n/a" if not o.needs_consensus else consensus_text(o)
        table.add_row(
            o.option,
            consensus,
            ", ".join(o.veto_players) or "none",
            o.forecast,
            o.p_deterrence.text(),
            o.p_direct_clash.text(1),
            s5,
            o.track_record,
        )
    console.print(table)
    console.print(f"[dim]seed {brief.seed} · digest {brief.digest[:16]}… · {brief.ledger_note}[/dim]")

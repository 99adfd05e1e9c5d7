"""Render a BriefData: the terminal summary (rich), the HTML brief (Jinja2, autoescaped) and the PDF.

The PDF is laid out by :mod:`pactlab.brief.pdf` (ReportLab); the HTML is the same content for a browser,
with the full source citations. Both take their plots from :mod:`pactlab.brief.plots`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pactlab.brief.data import WEIGHT_ROWS, BriefData, OptionRow, percent

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["consensus_text", "render_html", "render_pdf", "render_terminal"]


def consensus_text(row: OptionRow) -> str:
    """How the brief states whether an option can be adopted (with the reason where it is not known)."""
    return "-" if row.option == "baseline" else row.consensus_note


def render_html(brief: BriefData) -> str:
    """The brief as self-contained HTML (inline SVG plots; nothing fetched from elsewhere)."""
    import jinja2

    templates = resources.files("pactlab.brief") / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals.update(consensus_text=consensus_text, percent=percent, weight_rows=WEIGHT_ROWS)
    return env.get_template("brief.html.j2").render(b=brief, rows=brief.rows, plots=brief.figures)


def render_pdf(brief: BriefData, path: Path) -> int:
    """Write the one-page PDF brief; return its number of pages (see :mod:`pactlab.brief.pdf`)."""
    from pactlab.brief.pdf import render_pdf as render

    return render(brief, path)


def render_terminal(brief: BriefData, console: Console) -> None:
    """The five-minute summary on the terminal."""
    from rich.table import Table

    console.print(f"[bold]{brief.title}[/bold] ({brief.scenario_id}, information cut-off {brief.as_of})")
    for line in brief.headline:
        console.print(f"  • {line}")
    table = Table(
        "option",
        "can it be adopted?",
        "level → forecasts",
        "P(deter)",
        "P(clash)",
        "S(5y)",
        "track record",
        title="Options: median [90% interval]",
    )
    for o in brief.rows:
        s5 = "n/a" if o.durability_s5 is None else o.durability_s5.text()
        table.add_row(
            o.option,
            consensus_text(o),
            o.forecast,
            o.p_deterrence.text(),
            o.p_direct_clash.text(1),
            s5,
            o.track_record,
        )
    console.print(table)
    for line in brief.warnings:
        console.print(f"[yellow]{line}[/yellow]")
    view = brief.sensitivity
    if view.flip_line:
        console.print(f"What would flip the ranking: {view.flip_line}")
        console.print(f"[dim]{view.source}[/dim]")
    elif view.note:
        console.print(f"[dim]{view.note}[/dim]")
    for line in brief.model_track.lines:
        console.print(f"[dim]track record: {line}[/dim]")
    console.print(f"[dim]{brief.ledger_note}[/dim]")
    console.print(f"[dim]seed {brief.seed} · digest {brief.digest[:16]}…[/dim]")

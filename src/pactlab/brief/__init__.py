"""The one-page brief: assemble an Analysis into BriefData and render it (terminal, HTML, PDF)."""

from pactlab.brief.data import BriefData, Estimate, IssueView, ModelNote, OptionRow, TrackRecord
from pactlab.brief.render import render_html, render_pdf, render_terminal

__all__ = [
    "BriefData",
    "Estimate",
    "IssueView",
    "ModelNote",
    "OptionRow",
    "TrackRecord",
    "render_html",
    "render_pdf",
    "render_terminal",
]

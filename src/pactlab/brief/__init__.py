"""The one-page brief: assemble an Analysis into BriefData and render it (terminal, HTML, PDF).

Names are imported on first use (PEP 562), so that ``import pactlab.brief.track`` or ``.roadmap`` from
:mod:`pactlab.analysis` does not load matplotlib, Jinja2 or ReportLab.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactlab.brief.assemble import assemble
    from pactlab.brief.data import BriefData, Estimate, IssueView, ModelNote, OptionRow, TrackRecord
    from pactlab.brief.render import render_html, render_pdf, render_terminal

__all__ = [
    "BriefData",
    "Estimate",
    "IssueView",
    "ModelNote",
    "OptionRow",
    "TrackRecord",
    "assemble",
    "render_html",
    "render_pdf",
    "render_terminal",
]

_HOME = {
    "assemble": "assemble",
    "render_html": "render",
    "render_pdf": "render",
    "render_terminal": "render",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'pactlab.brief' has no attribute {name!r}")
    return getattr(import_module(f"pactlab.brief.{_HOME.get(name, 'data')}"), name)

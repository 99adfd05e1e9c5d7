"""The brief as PDF bytes, made by the brief's own renderer (ReportLab, :mod:`pactlab.brief.pdf`).

The PDF is laid out from the brief's data (:class:`~pactlab.brief.BriefData`), never from HTML: there is
no stylesheet, link or image reference for the renderer to follow. Every text from a scenario goes into
ReportLab's paragraphs escaped (``xml.sax.saxutils.escape`` in :mod:`pactlab.brief.pdf`), so an
``<img src=...>`` written in a scenario's title is text on the page, not a file ReportLab opens; the
plots are SVG drawn by matplotlib from numbers. ``tests/web/test_security.py`` renders a scenario whose
texts name a local file and a URL and checks that ReportLab opens neither.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pactlab.brief import BriefData

__all__ = ["brief_pdf"]


def brief_pdf(brief: BriefData) -> bytes:
    """The one-page PDF of ``brief`` (the brief's ``render_pdf``, through a temporary file)."""
    from pactlab.brief import render_pdf

    with tempfile.TemporaryDirectory(prefix="pactlab-web-") as tmp:
        path = Path(tmp) / "brief.pdf"
        render_pdf(brief, path)
        return path.read_bytes()

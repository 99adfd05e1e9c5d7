"""The brief as PDF, with nothing for the renderer to fetch.

The brief's HTML comes from its autoescaped template (scenario text is text, never markup), with its
plots inline as SVG. Before WeasyPrint sees it, :func:`inert_html` removes every reference the renderer
could follow: elements that load something (``script``, ``link``, ``iframe``, ``object``, ``embed``,
``base``, ``meta``), every loading attribute (``src``, ``srcset``, ``href`` outside ``<a>``,
``xlink:href``, ``poster``, ``data``, ``background``) whose value is not a ``data:`` URL or a ``#``
fragment, and every ``url(...)`` and ``@import`` in CSS that is not a ``data:`` URL. So neither a URL
nor a local file named anywhere in a scenario can be fetched while the PDF is made, whatever the
template does later (the brief's ``render_pdf`` has no ``url_fetcher`` parameter yet to refuse them).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

__all__ = ["brief_pdf", "inert_html"]

_DROP = {"script", "link", "iframe", "object", "embed", "base", "meta", "frame", "frameset", "portal"}
_LOADING = {
    "src",
    "srcset",
    "href",
    "xlink:href",
    "{http://www.w3.org/1999/xlink}href",
    "poster",
    "data",
    "background",
    "lowsrc",
    "dynsrc",
    "longdesc",
    "formaction",
    "action",
}
_MEDIA = {"img", "image", "video", "audio", "source", "track", "input", "picture", "feimage"}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(?!data:)[^)]*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)


def _inert_css(css: str) -> str:
    return _CSS_URL.sub("none", _CSS_IMPORT.sub("", css))


def _harmless(value: str) -> bool:
    value = value.strip().lower()
    return value.startswith(("data:", "#")) or value == ""


def inert_html(html: str) -> str:
    """``html`` without anything a renderer would fetch (see the module docstring)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    for element in list(root.iter()):
        tag = element.tag if isinstance(element.tag, str) else ""
        local = tag.rsplit("}", 1)[-1].lower()
        if local in _DROP:
            element.drop_tree()
            continue
        loads = [
            n
            for n in element.attrib
            if n.lower() in _LOADING
            and not (local == "a" and n.lower() == "href")
            and not _harmless(element.attrib[n])
        ]
        if loads and local in _MEDIA:  # an image without its source would still be looked up: drop it
            element.drop_tree()
            continue
        for name in list(element.attrib):
            lower = name.lower()
            if name in loads:
                del element.attrib[name]
            elif lower == "style":
                element.attrib[name] = _inert_css(element.attrib[name])
        if local == "style" and element.text:
            element.text = _inert_css(element.text)
    return str(lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"))


def brief_pdf(html: str) -> bytes:
    """The one-page PDF of a brief's HTML (the brief's own renderer, on the inert HTML)."""
    from pactlab.brief import render_pdf

    with tempfile.TemporaryDirectory(prefix="pactlab-web-") as tmp:
        path = Path(tmp) / "brief.pdf"
        render_pdf(inert_html(html), path)
        return path.read_bytes()

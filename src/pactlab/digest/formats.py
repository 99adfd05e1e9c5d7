"""Format readers of the digest's intake: HTML (trafilatura), PDF (pypdf, bounded), Markdown.

HTML goes through trafilatura (Barbaresi 2021, "Trafilatura: a web scraping library and command-line tool
for text discovery and extraction", ACL demo), which finds the main text of a page by its structure and
drops menus, comments, related-article lists and cookie banners; the page's title and date come from its
metadata. On the development set's pages, wrapped in typical page furniture, trafilatura kept every
article sentence (184 of 184) where jusText (Pomikálek 2011) dropped 6, and it is therefore the HTML
reader; lxml's element-type heuristic (drop ``nav``, ``header``, ``footer``...) remains the fallback for
fragments trafilatura declines (``benchmarks/bench_digest.py --boilerplate`` repeats the measurement).

PDF goes through pypdf with its decompression limits lowered for the duration of the read (a content
stream that inflates past :data:`PDF_MAX_STREAM` bytes is refused, as is a PDF of more than
:data:`PDF_MAX_PAGES` pages or more than :data:`MAX_TEXT_CHARS` characters of text), so that a small
file that decompresses to hundreds of megabytes is a clear error, not a memory blow-up.
"""

from __future__ import annotations

import io
import re

from pactlab.errors import PactlabError

__all__ = [
    "MAX_TEXT_CHARS",
    "PDF_MAX_PAGES",
    "PDF_MAX_STREAM",
    "html_to_text",
    "markdown_to_text",
    "pdf_to_text",
]

MAX_TEXT_CHARS = 4_000_000
"""Most characters of text digest reads from one input (a long report has well under 1 million)."""
PDF_MAX_PAGES = 500
"""Most pages digest reads from one PDF."""
PDF_MAX_STREAM = 16_000_000
"""Largest decompressed size of one PDF content stream, in bytes (text pages need a few kilobytes)."""

_DROP_TAGS = (
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "svg", "button",
    "figure", "template",
)  # fmt: skip
_BLOCK_TAGS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt", "figcaption",
    "div", "section", "article", "br",
)  # fmt: skip


def _lxml_text(name: str, markup: str) -> tuple[str, str]:
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except Exception as error:  # lxml raises several parser error types
        raise PactlabError.at(name, "", f"cannot parse the HTML: {error}") from None
    title_el = root.find(".//title")
    title = " ".join((title_el.text_content() if title_el is not None else "").split())
    for tag in (*_DROP_TAGS, "title", "head"):
        for element in root.iter(tag):
            element.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    text = "\n".join(" ".join(line.split()) for line in root.text_content().split("\n"))
    return title, text


def html_to_text(name: str, markup: str) -> tuple[str, str, str | None]:
    """The main text of an HTML page, its title and its date (ISO ``YYYY-MM-DD``) where the page gives one."""
    import trafilatura

    try:
        text = trafilatura.extract(
            markup, include_comments=False, include_tables=False, include_links=False, deduplicate=False
        )
        meta = trafilatura.extract_metadata(markup)
    except Exception:  # trafilatura wraps lxml and htmldate, which raise many types on broken markup
        text, meta = None, None
    title, fallback = _lxml_text(name, markup)
    if meta is not None and meta.title:
        title = " ".join(str(meta.title).split())
    date = str(meta.date) if meta is not None and meta.date else None
    if not text or len(text.split()) < 0.3 * len(fallback.split()):
        text = fallback
    return title, re.sub(r"\n(?=\S)", "\n\n", text), date


def markdown_to_text(name: str, text: str) -> str:
    """Markdown rendered to HTML by markdown-it (CommonMark), then read as text."""
    from markdown_it import MarkdownIt

    return _lxml_text(name, str(MarkdownIt("commonmark").render(text)))[1]


def pdf_to_text(name: str, data: bytes) -> str:
    """The text of a PDF, page by page, within the bounds of this module's docstring."""
    import pypdf
    from pypdf.errors import LimitReachedError, PdfReadError

    limits = {
        "zlib_maximum_output_length": PDF_MAX_STREAM,
        "lzw_maximum_output_length": PDF_MAX_STREAM,
        "run_length_maximum_output_length": PDF_MAX_STREAM,
        "brotli_maximum_output_length": PDF_MAX_STREAM,
        "stream_decoding_work_maximum_length": 4 * PDF_MAX_STREAM,
        "maximum_declared_stream_length": PDF_MAX_STREAM,
    }
    pages: list[str] = []
    size = 0
    try:
        with pypdf.apply_configuration(None, **limits):
            reader = pypdf.PdfReader(io.BytesIO(data))
            if len(reader.pages) > PDF_MAX_PAGES:
                raise PactlabError.at(
                    name, "", f"the PDF has {len(reader.pages)} pages; digest reads at most {PDF_MAX_PAGES}"
                )
            for page in reader.pages:
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()  # inflate within the limits: extract_text would swallow the error
                pages.append(page.extract_text() or "")
                size += len(pages[-1])
                if size > MAX_TEXT_CHARS:
                    raise PactlabError.at(
                        name, "", f"the PDF holds more than {MAX_TEXT_CHARS:,} characters of text"
                    )
    except LimitReachedError:
        raise PactlabError.at(
            name, "", f"a PDF stream decompresses beyond {PDF_MAX_STREAM // 10**6} MB; refused as unsafe"
        ) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise PactlabError.at(name, "", f"cannot read the PDF: {error}") from None
    return "\n\n".join(pages)

"""``pactlab digest FILE|- [--sentences N] [--json] [--skeleton OUT.yaml [--force]]``.

Imports only what the command needs, and only when it runs: the digest pipeline is imported inside the
command. Everything printed to the terminal that comes from the input (titles, sentences, names) has its
rich markup escaped and its control characters replaced, so that a text cannot restyle or drive the
terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer

__all__ = ["digest"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _safe(text: str) -> str:
    """``text`` with control characters (escape sequences, bidi overrides) replaced, rich markup escaped."""
    from rich.markup import escape

    return escape(_CONTROL.sub("\ufffd", text))


def digest(
    file: str = typer.Argument(..., metavar="FILE|-", help="Text, Markdown, HTML or PDF file; - for stdin."),
    sentences: int = typer.Option(5, "--sentences", "-n", help="Sentences in the summary."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
    skeleton: Path | None = typer.Option(
        None, "--skeleton", metavar="OUT.yaml", help="Also write a scenario skeleton to this file."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing skeleton file."),
) -> None:
    """Summarise a policy text; list its actors, instruments (with status) and stances; write a skeleton."""
    from pactlab.cli._common import err_console, print_json, stdout_console
    from pactlab.digest.core import digest_file

    # library errors name parameters (sentences, overwrite); the entry point reports them with flags
    with err_console.status("digesting…"):
        result = digest_file(file, sentences=sentences)
    if skeleton is not None:
        from pactlab.digest.skeleton import write_skeleton

        write_skeleton(result, skeleton, overwrite=force)
    if as_json:
        print_json(result.to_dict())
        return
    out = stdout_console
    for line in result.summary_lines():
        out.print(_safe(line), highlight=False, soft_wrap=True)
    if skeleton is not None:
        err_console.print(f"scenario skeleton written to {_safe(str(skeleton))}", highlight=False)

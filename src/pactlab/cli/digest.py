"""``pactlab digest FILE|- [--sentences N] [--json] [--skeleton OUT.yaml]``."""

from __future__ import annotations

from pathlib import Path

import typer

from pactlab.cli._common import err_console, print_json, stdout_console

__all__ = ["digest"]


def digest(
    file: str = typer.Argument(..., metavar="FILE|-", help="Text, Markdown, HTML or PDF file; - for stdin."),
    sentences: int = typer.Option(5, "--sentences", "-n", help="Sentences in the summary."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON only."),
    skeleton: Path | None = typer.Option(
        None, "--skeleton", metavar="OUT.yaml", help="Also write a scenario skeleton to this file."
    ),
) -> None:
    """Summarise a policy text; list its actors, instruments and stances; write a scenario skeleton."""
    from pactlab.digest import digest_file
    from pactlab.digest.skeleton import write_skeleton

    with err_console.status("digesting…"):
        result = digest_file(file, sentences=sentences)
    if skeleton is not None:
        write_skeleton(result, skeleton)
    if as_json:
        print_json(result.to_dict())
        return
    out = stdout_console
    out.print(f"[bold]{result.title or result.source}[/bold]")
    out.print("\n[bold]Summary[/bold]")
    for sentence in result.summary:
        out.print(f"  • {sentence.text}", highlight=False)
    out.print("\n[bold]Actors[/bold]")
    for actor in result.actors:
        out.print(f"  {actor.id:6s} {actor.name} ({len(actor.mentions)} mentions)", highlight=False)
    out.print("\n[bold]Instruments[/bold]")
    for found in result.instruments:
        out.print(
            f"  {found.id:30s} score {found.score:.2f}  {len(found.evidence)} sentence(s)", highlight=False
        )
    out.print("\n[bold]Stances[/bold]")
    for stance in result.stances:
        out.print(f"  {stance.actor:6s} {stance.stance:12s} {stance.instrument}", highlight=False)
    if skeleton is not None:
        err_console.print(f"scenario skeleton written to {skeleton}")

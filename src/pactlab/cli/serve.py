"""``pactlab serve``: the web pages and the REST API; ``pactlab serve token create NAME``: a write token.

Thin: parses options, builds :class:`pactlab.web.Settings`, runs uvicorn (one server process; the runs
execute in ``--workers`` worker processes, or on a Dask scheduler with ``--scheduler``).
"""

from __future__ import annotations

import typer

from pactlab.errors import PactlabError, ParameterError

__all__ = ["app"]

app = typer.Typer(
    help="Web pages and REST API under /api/v1 (OpenAPI at /openapi.json).",
    invoke_without_command=True,
    no_args_is_help=False,
)
token_app = typer.Typer(help="Bearer tokens for writes (uploads, imports, runs).", no_args_is_help=True)
app.add_typer(token_app, name="token")

DB = typer.Option(
    None,
    "--db",
    help="Database URL or SQLite path (default: PACTLAB_DB, then the user's data "
    "directory: the ledger's database).",
)


@app.callback()
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    db: str | None = DB,
    workers: int = typer.Option(2, "--workers", min=1, max=64, help="Worker processes that execute runs."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="A Dask scheduler address: runs execute there instead of the local pool."
    ),
    secure_cookies: bool = typer.Option(False, "--secure-cookies", help="Session cookie only over HTTPS."),
) -> None:
    """Start the web application (Ctrl-C stops it; runs still executing are marked failed, never done)."""
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from pactlab.web import Settings, create_app
    from pactlab.web.store import open_store

    open_store(db).close()  # a bad --db fails here, as one line, before the server starts
    settings = Settings(db_url=db, workers=workers, scheduler=scheduler, secure_cookies=secure_cookies)
    from pactlab.cli._common import err_console

    err_console.print(
        f"pactlab web on http://{host}:{port}/  (API docs /api/docs; Ctrl-C stops)", markup=False
    )
    uvicorn.run(
        create_app(settings), host=host, port=port, log_level="info", proxy_headers=False, server_header=False
    )


@token_app.command("create")
def create(
    name: str = typer.Argument(..., help="A name for the token (who or what uses it)."),
    db: str | None = DB,
) -> None:
    """Create a token and print it once (only its SHA-256 is stored: keep it safe)."""
    from pactlab.web.auth import create_token
    from pactlab.web.store import open_store

    store = open_store(db)
    try:
        token = create_token(store, name)
    except ParameterError as error:
        raise PactlabError.at("pactlab serve token create", "NAME", error.detail) from None
    finally:
        store.close()
    typer.echo(token)

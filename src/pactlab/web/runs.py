"""Submitting a run and describing it: shared by the API and the pages."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pactlab._version import __version__
from pactlab.errors import PactlabError
from pactlab.web.jobs import Job, JobManager
from pactlab.web.kinds import KINDS, RunRequest
from pactlab.web.problems import pactlab_problem
from pactlab.web.sources import resolve
from pactlab.web.store import Store, aware
from pactlab.web.tables import Run

__all__ = ["cache_key", "run_view", "submit_run"]


def _ledger_state(store: Store) -> list[list[Any]]:
    """The ledger's current import batches (id, digest): an analysis reads the ledger, so its cached
    result is valid only for the ledger it read."""
    from pactlab.ledger.queries import list_batches

    with store.reading() as session:
        return [[b.id, b.digest] for b in list_batches(session) if b.superseded_by is None]


def cache_key(kind: str, digest: str, parameters: dict[str, Any], seed: int, data: Any = None) -> str:
    """SHA-256 of what determines a result: scenario digest, kind, parameters, seed, version, data."""
    canonical = json.dumps(
        {
            "kind": kind,
            "scenario": digest,
            "parameters": parameters,
            "seed": seed,
            "version": __version__,
            "data": data,
        },
        sort_keys=True,
        separators=(",", ":"),
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def submit_run(
    store: Store, jobs: JobManager, kind_name: str, request: RunRequest, who: str
) -> tuple[Run, str]:
    """Check and record a run (or find the stored one); ``(run, "new" | "pending" | "cached")``."""
    kind = KINDS[kind_name]
    parameters = request.model_dump()
    ref, seed = parameters.pop("scenario"), parameters.pop("seed")
    scenario, source = resolve(store, ref)
    try:
        kind.check(scenario, parameters)
    except PactlabError as error:
        raise pactlab_problem(error) from None
    data = _ledger_state(store) if kind_name == "analyze" else None
    key = cache_key(kind_name, scenario.digest, parameters, seed, data)
    run, how = store.submit(
        {
            "kind": kind_name,
            "scenario_ref": ref,
            "scenario_digest": scenario.digest,
            "parameters": json.dumps(parameters, sort_keys=True, allow_nan=False),
            "seed": seed,
            "version": __version__,
            "cache_key": key,
            "created_by": who,
        }
    )
    if how == "new":
        jobs.dispatch(Job(run.id, kind_name, source, parameters, seed, store.url))
    return run, how


def _when(value: Any) -> str | None:
    moment = aware(value)
    return None if moment is None else moment.isoformat()


def run_view(run: Run, how: str | None = None) -> dict[str, Any]:
    """A run as the API shows it (``how``: new, pending or cached, on submission)."""
    base = f"/api/v1/runs/{run.id}"
    links = {"self": base, "page": f"/runs/{run.id}"}
    if run.state == "done":
        links |= {"result": f"{base}/result", "csv": f"{base}/result.csv"}
        if run.kind == "analyze":
            links |= {"brief_html": f"{base}/brief.html", "brief_pdf": f"{base}/brief.pdf"}
    return {
        "id": run.id,
        "kind": run.kind,
        "state": run.state,
        "progress": round(float(run.progress), 4),
        "message": run.message,
        "scenario": {"ref": run.scenario_ref, "digest": run.scenario_digest},
        "parameters": json.loads(run.parameters),
        "seed": run.seed,
        "version": run.version,
        "created_by": run.created_by,
        "created_at": _when(run.created_at),
        "started_at": _when(run.started_at),
        "finished_at": _when(run.finished_at),
        "cached": how == "cached",
        "error": None if run.error is None else json.loads(run.error),
        "links": links,
    }

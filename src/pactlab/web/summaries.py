"""Short descriptions shared by the API and the pages: scenario entries and the models' registry."""

from __future__ import annotations

import importlib
import threading
from typing import Any

from pactlab.results import ModelInfo
from pactlab.web.sources import catalog_ids, catalog_scenario
from pactlab.web.tables import StoredScenario

__all__ = ["catalog_entries", "models", "scenario_entry", "upload_entry"]

# Every engine keeps its registry of ModelInfo in a module of this list (those not installed are skipped).
REGISTRIES = (
    ("negotiate", "pactlab.negotiate.registry"),
    ("deter", "pactlab.deter.registry"),
    ("plan", "pactlab.plan.registry"),
    ("sensitivity", "pactlab.sensitivity.registry"),
    ("digest", "pactlab.digest.registry"),
)
_lock = threading.Lock()
_entries: list[dict[str, Any]] | None = None


def scenario_entry(scenario: Any, ref: str, origin: str) -> dict[str, Any]:
    meta = scenario.metadata
    return {
        "ref": ref,
        "id": meta.id,
        "title": meta.title,
        "as_of": None if meta.as_of is None else meta.as_of.isoformat(),
        "origin": origin,
        "digest": scenario.digest,
        "links": {"self": f"/api/v1/scenarios/{ref}", "page": f"/scenarios/{ref}"},
    }


def catalog_entries() -> list[dict[str, Any]]:
    """The built-in scenarios (parsed once per process)."""
    global _entries
    with _lock:
        if _entries is None:
            _entries = [scenario_entry(catalog_scenario(ref), ref, "catalog") for ref in catalog_ids()]
        return list(_entries)


def upload_entry(row: StoredScenario) -> dict[str, Any]:
    return {
        "ref": row.ref,
        "id": row.scenario_id,
        "title": row.title,
        "as_of": None,
        "origin": "upload",
        "digest": row.digest,
        "links": {"self": f"/api/v1/scenarios/{row.ref}", "page": f"/scenarios/{row.ref}"},
    }


def models() -> list[dict[str, Any]]:
    """Every registered model: engine, name, title, published source, reference test, assumptions."""
    out = []
    for engine, module_name in REGISTRIES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for value in vars(module).values():
            if not isinstance(value, dict):
                continue
            for info in value.values():
                if isinstance(info, ModelInfo):
                    out.append(
                        {
                            "engine": engine,
                            "name": info.name,
                            "title": info.title,
                            "source": info.source,
                            "reference_test": info.reference_test,
                            "stochastic": info.stochastic,
                            "assumptions": list(info.assumptions),
                        }
                    )
    unique = {(m["engine"], m["name"]): m for m in out}
    return list(unique.values())

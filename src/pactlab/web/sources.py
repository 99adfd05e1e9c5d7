"""Where a run's scenario comes from: the built-in catalog, or a file a user uploaded.

Uploads are read by the command line's own readers (:func:`pactlab.scenario.read_scenario`, with its
size limit, strict decoding, bounded YAML and JSON, located errors) and checked by
:func:`pactlab.checks.check_scenario`, exactly as ``pactlab scenarios validate`` does: the bytes go to a
private temporary file under a cleaned name, and the errors name that name.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactlab.web.problems import ProblemError
from pactlab.web.store import Store

__all__ = ["Source", "catalog_scenario", "clean_name", "load_source", "parse_upload", "resolve"]

_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".txt", ".tsv")
_lock = threading.Lock()
_catalog: dict[str, Any] = {}


@dataclass(frozen=True)
class Source:
    """A scenario a worker can load again: a catalog id, or an upload's name and bytes."""

    ref: str
    file_name: str | None = None
    content: bytes | None = None


def clean_name(name: str | None) -> str:
    """A safe file name for an upload (no folders, no odd characters), keeping a known suffix."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name or "").name).strip("._") or "upload"
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in _SUFFIXES:
        stem, suffix = base, "yaml"
    return f"{stem[:80] or 'upload'}.{suffix.lower()}"


def parse_upload(name: str, data: bytes, *, check: bool = True) -> Any:
    """The scenario in ``data`` (the CLI's readers and checks), or a :class:`ScenarioError`."""
    from pactlab.checks import check_scenario
    from pactlab.scenario import read_scenario

    with tempfile.TemporaryDirectory(prefix="pactlab-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        scenario = read_scenario(path, display=name)
    if check:
        check_scenario(scenario)
    return scenario


def catalog_scenario(ref: str) -> Any:
    """A built-in scenario, parsed once per process (scenarios are immutable)."""
    from pactlab.scenario import load_scenario

    with _lock:
        found = _catalog.get(ref)
    if found is None:
        found = load_scenario(ref)
        with _lock:
            _catalog[ref] = found
    return found


def catalog_ids() -> list[str]:
    from pactlab.scenario import catalog

    return catalog.ids()


def resolve(store: Store, ref: str) -> tuple[Any, Source]:
    """The scenario named ``ref`` (a catalog id or an upload's ``u-`` ref), or a 404 problem."""
    if ref in catalog_ids():
        return catalog_scenario(ref), Source(ref)
    stored = store.scenario(ref) if ref.startswith("u-") and len(ref) <= 32 else None
    if stored is None:
        raise ProblemError(
            404,
            f"no scenario {ref!r}: neither a catalog id nor an uploaded scenario",
            kind="unknown-scenario",
        )
    source = Source(ref, stored.file_name, stored.content)
    return load_source(source), source


def load_source(source: Source) -> Any:
    """Load a scenario in a worker (the catalog from package data, an upload from its bytes)."""
    if source.content is None:
        return catalog_scenario(source.ref)
    return parse_upload(source.file_name or "upload.yaml", source.content, check=False)

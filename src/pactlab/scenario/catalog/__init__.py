"""The catalog of built-in scenarios, shipped as package data; each file cites its sources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["ids", "path"]


def _files() -> dict[str, Path]:
    root = resources.files(__name__)
    found = {}
    for entry in root.iterdir():
        if entry.name.endswith((".yaml", ".yml")):
            found[entry.name.rsplit(".", 1)[0]] = Path(str(entry))
    return dict(sorted(found.items()))


def ids() -> list[str]:
    """The ids of the built-in scenarios, sorted."""
    return list(_files())


def path(scenario_id: str) -> Path:
    """The file of a built-in scenario."""
    return _files()[scenario_id]

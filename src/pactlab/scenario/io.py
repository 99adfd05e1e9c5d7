"""Reading and writing scenarios: YAML, JSON, and the formats the field already uses.

Every reader either returns a valid :class:`~pactlab.scenario.schema.Scenario` or raises a
:class:`~pactlab.errors.ScenarioError` listing every problem at once, each located as
``file:line:field.path`` where the line is known. No other exception escapes a reader.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import yaml

from pactlab._files import decode_text, read_user_bytes
from pactlab.errors import ScenarioError
from pactlab.scenario import catalog, readers
from pactlab.scenario._json import load_json
from pactlab.scenario._yaml import load_yaml
from pactlab.scenario.schema import Scenario
from pactlab.scenario.validation import scenario_from_data

__all__ = [
    "MAX_FILE_BYTES",
    "dump_json",
    "dump_yaml",
    "load_scenario",
    "read_scenario",
    "scenario_from_data",
]

MAX_FILE_BYTES = 4 * 1024 * 1024
"""Scenario files larger than this are refused before reading (the largest catalog scenario is 67 KB)."""


def load_scenario(ref: str | Path) -> Scenario:
    """Load a scenario from a catalog id (``"vilnius-2023"``) or a file path.

    Examples
    --------
    >>> load_scenario("bdm1994-emissions").metadata.id
    'bdm1994-emissions'
    """
    text = str(ref)
    if isinstance(ref, str) and text in catalog.ids():
        return read_scenario(catalog.path(text), display=f"catalog:{text}")
    path = Path(ref)
    if os.path.lexists(path):
        return read_scenario(path)  # a directory, a FIFO or a device is refused there, by its kind
    known = catalog.ids()
    close = difflib.get_close_matches(text, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise ScenarioError.at(text, "", f"not a catalog id and no such file ({hint}catalog: {', '.join(known)})")


def read_scenario(path: str | Path, *, display: str | None = None) -> Scenario:
    """Read a scenario file, choosing the reader by extension and content."""
    path = Path(path)
    name = display or str(path)
    text = _read_text(path, name)
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        return _from_yaml(text, name)
    if suffix == ".json":
        return _from_json(text, name)
    if readers.looks_like_decide(text):
        return readers.read_decide_text(text, name)
    if readers.looks_like_bdm(text):
        return readers.read_bdm_text(text, name)
    if suffix in {".csv", ".txt", ".tsv"}:
        raise ScenarioError.at(
            name, "", "neither a decide #A/#P/#M/#D file nor a Bueno de Mesquita actor CSV"
        )
    return _from_yaml(text, name)  # YAML is a superset of JSON: the most forgiving reader last


def _read_text(path: Path, name: str) -> str:
    raw = read_user_bytes(path, limit=MAX_FILE_BYTES, what="scenario file", error=ScenarioError, display=name)
    if not raw.strip():
        raise ScenarioError.at(name, "", "file is empty")
    if b"\x00" in raw:
        raise ScenarioError.at(name, "", "file is binary, not a text scenario")
    return decode_text(raw, name=name, error=ScenarioError)


def _from_yaml(text: str, name: str) -> Scenario:
    data, lines = load_yaml(text, name)
    return scenario_from_data(data, name, lines)


def _from_json(text: str, name: str) -> Scenario:
    data, lines = load_json(text, name)
    return scenario_from_data(data, name, lines)


def dump_data(scenario: Scenario) -> dict[str, Any]:
    """Plain data of a scenario, omitting defaults, ready for YAML or JSON."""
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_defaults=True)
    data["metadata"] = scenario.metadata.model_dump(mode="json", exclude_defaults=True)
    return data


def dump_yaml(scenario: Scenario) -> str:
    """The scenario as YAML; reading it back gives an equal scenario."""
    return yaml.safe_dump(dump_data(scenario), sort_keys=False, allow_unicode=True, width=100)


def dump_json(scenario: Scenario, *, indent: int | None = 2) -> str:
    """The scenario as JSON; reading it back gives an equal scenario."""
    return json.dumps(dump_data(scenario), indent=indent, ensure_ascii=False)

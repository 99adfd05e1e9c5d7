"""Reading and writing scenarios: YAML, JSON, and the formats the field already uses.

Every reader either returns a valid :class:`~pactlab.scenario.schema.Scenario` or raises a
:class:`~pactlab.errors.ScenarioError` listing every problem at once, each located as
``file:line:field.path`` where the line is known. No other exception escapes a reader.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from pactlab.errors import Location, Problem, ScenarioError
from pactlab.scenario import catalog, readers
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

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Scenario files larger than this are refused (a scenario is a hand-written document)."""


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
    if path.is_file():
        return read_scenario(path)
    known = ", ".join(catalog.ids())
    raise ScenarioError.at(text, "", f"not a catalog id ({known}) and no such file")


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
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError.at(
                name,
                "",
                f"file is {size:,} bytes; scenarios are limited to {MAX_FILE_BYTES:,} bytes",
            )
        raw = path.read_bytes()
    except OSError as error:
        raise ScenarioError.at(name, "", f"cannot read file: {error.strerror or error}") from None
    if not raw.strip():
        raise ScenarioError.at(name, "", "file is empty")
    if b"\x00" in raw:
        raise ScenarioError.at(name, "", "file is binary, not a text scenario")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError.at(
            name, "", f"not UTF-8 text (byte {error.start}: {raw[error.start]:#04x})"
        ) from None


class _LineLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys (a silent overwrite loses an analyst's data)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _from_yaml(text: str, name: str) -> Scenario:
    try:
        loader = _LineLoader(text)
        try:
            root = loader.get_single_node()  # parsed once: the node tree gives both data and lines
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"YAML syntax: {error.problem or error.context}"
        raise ScenarioError(Problem(Location(name, "", line), message)) from None
    except yaml.YAMLError as error:
        raise ScenarioError.at(name, "", f"YAML syntax: {error}") from None
    lines = dict(_node_lines(root, ())) if root is not None else {}
    return scenario_from_data(data, name, lines)


def _from_json(text: str, name: str) -> Scenario:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(Problem(Location(name, "", error.lineno), f"JSON syntax: {error.msg}")) from None
    return scenario_from_data(data, name, {})


def _node_lines(node: yaml.Node, path: tuple[str | int, ...]) -> Iterator[tuple[Any, int]]:
    """Yield (field path, 1-based line) for every node of a composed YAML document."""
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield (*path, key.value), key.start_mark.line + 1
                yield from _node_lines(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_lines(item, (*path, index))


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

"""Reading a small hand-written YAML file into plain data and the line of each field path.

Case files and run logs are short documents an analyst writes or the harness records; this reader is
strict about them: bounded size, no duplicate keys (a silent overwrite loses data), no anchors or aliases
(nothing in these files needs them, and they are the way to make a small file expand in memory).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from pactlab.errors import Location, PactlabError, Problem

__all__ = ["MAX_BYTES", "Lines", "read_yaml"]

MAX_BYTES = 1024 * 1024
"""Case files and run logs larger than this are refused (they are a page or two of text)."""

Lines = dict[tuple[str | int, ...], int]


class _Loader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys."""


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _text(path: Path, name: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PactlabError.at(name, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as error:
        raise PactlabError.at(name, "", f"cannot read file: {error.strerror or error}") from None
    if b"\x00" in raw:
        raise PactlabError.at(name, "", "file is binary, not YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PactlabError.at(name, "", f"not UTF-8 text (byte {error.start})") from None


def _no_aliases(text: str, name: str) -> None:
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.AliasEvent) or anchor is not None:
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            raise PactlabError(Problem(Location(name, "", line), "YAML anchors and aliases are not allowed"))


def read_yaml(path: Path, name: str | None = None) -> tuple[Any, Lines]:
    """Plain data and the 1-based line of each field path, or one located error."""
    name = name or str(path)
    text = _text(path, name)
    try:
        _no_aliases(text, name)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise PactlabError(Problem(Location(name, "", line), f"YAML syntax: {error.problem}")) from None
    except yaml.YAMLError as error:
        raise PactlabError.at(name, "", f"YAML syntax: {error}") from None
    lines: Lines = dict(_node_lines(root, ())) if root is not None else {}
    return data, lines


def _node_lines(node: yaml.Node, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield (*path, key.value), key.start_mark.line + 1
                yield from _node_lines(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_lines(item, (*path, index))

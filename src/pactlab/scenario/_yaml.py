"""A bounded YAML reader: plain data and the line of every field path, or one located, plain-words error.

PyYAML's safe loader, with limits that keep a hostile file from exhausting time or memory:

* nesting depth at most :data:`MAX_DEPTH` (checked as the document is composed, before any recursion
  can run out of stack; an alias counts with the depth of what it repeats);
* at most :data:`MAX_VALUES` values (scalars, lists, mappings) in the document;
* aliases (``*name``) may repeat at most :data:`MAX_ALIAS_VALUES` values in all: a "billion laughs"
  file (each level repeating the one before nine times) or a merge-key (``<<``) variant is refused at
  the alias that crosses the limit, with its line, before anything is expanded; an alias inside the
  node it names (a recursive document) is refused too;
* numbers of more than :data:`MAX_NUMBER_CHARS` characters, YAML 1.1's silent octal (``012`` is 10)
  and base-60 (``1:30`` is 90) integers, impossible dates (``2025-02-30``), complex keys (a list or a
  mapping as a key), duplicate keys and tags outside the safe set are refused, each located.

The composed node graph is walked once for the lines, with the same bounds (iteratively).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from pactlab.errors import Location, Problem, ScenarioError

__all__ = ["MAX_ALIAS_VALUES", "MAX_DEPTH", "MAX_NUMBER_CHARS", "MAX_VALUES", "load_yaml"]

MAX_DEPTH = 50
"""Deepest nesting of lists and mappings accepted (a scenario needs about 6)."""
MAX_VALUES = 100_000
"""Most values (scalars, lists and mappings) in one document (the largest catalog scenario has ~3,000)."""
MAX_ALIAS_VALUES = 20_000
"""Most values that aliases may repeat, in all."""
MAX_NUMBER_CHARS = 100
"""Longest number accepted, in characters."""

Lines = dict[tuple[str | int, ...], int]


class _Refused(yaml.MarkedYAMLError):
    """A limit or rule of this reader, already in plain words."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(problem=message, problem_mark=mark)


def _base() -> Any:
    """libyaml's scanner and parser (about six times faster than PyYAML's) under PyYAML's composer (so that
    the limits below apply as the document is composed) and safe constructor; PyYAML's pure-Python safe
    loader where PyYAML was built without libyaml (same limits, slower)."""
    if not yaml.__with_libyaml__:  # pragma: no cover
        return yaml.SafeLoader
    from yaml import cyaml
    from yaml.composer import Composer
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class Fast(cyaml.CParser, Composer, SafeConstructor, Resolver):  # type: ignore[name-defined,misc]
        get_single_node = Composer.get_single_node
        get_node = Composer.get_node
        check_node = Composer.check_node

        def __init__(self, stream: str) -> None:
            cyaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    return Fast


_Base: Any = _base()


class _BoundedLoader(_Base):  # type: ignore[misc]  # the base is chosen at import
    """A safe loader that counts, measures and refuses while it composes (see the module notes)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._values = 0
        self._repeated = 0
        self._size: dict[int, int] = {}  # expanded value count of each finished node
        self._height: dict[int, int] = {}  # expanded nesting height of each finished node

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self._next_event()
            node = _compose(self, parent, index)
            if node is not None:
                self._alias(node, event)
            return node
        self._depth += 1
        self._values += 1
        if self._depth > MAX_DEPTH:
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep", self._next_event().start_mark)
        if self._values > MAX_VALUES:
            raise _Refused(f"more than {MAX_VALUES:,} values in one document", self._next_event().start_mark)
        node = _compose(self, parent, index)
        self._depth -= 1
        if node is None:
            return None
        children = _children(node)
        self._size[id(node)] = 1 + sum(self._size[id(c)] for c in children)
        self._height[id(node)] = 1 + max((self._height[id(c)] for c in children), default=0)
        return node

    def _next_event(self) -> yaml.Event:
        event: yaml.Event = self.peek_event()
        return event

    def _alias(self, node: yaml.Node, event: yaml.Event) -> None:
        anchor = getattr(event, "anchor", "")
        size = self._size.get(id(node))
        if size is None:
            raise _Refused(
                f"alias *{anchor} is used inside the node it names (a recursive document)",
                event.start_mark,
            )
        self._repeated += size
        if self._repeated > MAX_ALIAS_VALUES:
            raise _Refused(
                f"alias *{anchor} repeats {size:,} values; aliases may repeat at most "
                f"{MAX_ALIAS_VALUES:,} values in all (write the repeated part out, or use fewer aliases)",
                event.start_mark,
            )
        if self._depth + self._height[id(node)] > MAX_DEPTH:
            raise _Refused(
                f"alias *{anchor} nests the document more than {MAX_DEPTH} levels deep",
                event.start_mark,
            )


def _compose(loader: _BoundedLoader, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
    """PyYAML's own composition of one node (which calls back into the bounded ``compose_node``)."""
    node: yaml.Node | None = yaml.composer.Composer.compose_node(loader, parent, index)
    return node


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _construct_mapping(loader: _BoundedLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    """Mappings with plain keys only, each key once (a silent overwrite loses an analyst's data)."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            kind = "list" if isinstance(key_node, yaml.SequenceNode) else "mapping"
            raise _Refused(
                f"a key must be a plain name, not a {kind} (a YAML complex key)", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise _Refused(f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_OCTAL = re.compile(r"^[-+]?0[0-9_]+$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


def _check_number(node: yaml.ScalarNode) -> None:
    text = str(node.value)
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(
            f"a number of {len(text):,} characters is too long (at most {MAX_NUMBER_CHARS})",
            node.start_mark,
        )
    if _OCTAL.match(text):
        raise _Refused(
            f"{text} would read as an octal number in YAML; write it without the leading 0, or quote it",
            node.start_mark,
        )
    if _BASE60.match(text):
        raise _Refused(
            f"{text} would read as a base-60 number in YAML; quote it if it is a time or a label",
            node.start_mark,
        )


def _construct_int(loader: _BoundedLoader, node: yaml.ScalarNode) -> Any:
    _check_number(node)
    return loader.construct_yaml_int(node)


def _construct_float(loader: _BoundedLoader, node: yaml.ScalarNode) -> Any:
    _check_number(node)
    return loader.construct_yaml_float(node)


def _construct_timestamp(loader: _BoundedLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as error:
        raise _Refused(
            f"impossible date {node.value} ({error}); dates are written YYYY-MM-DD",
            node.start_mark,
        ) from None


_BoundedLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_BoundedLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def load_yaml(text: str, name: str) -> tuple[Any, Lines]:
    """Parse ``text`` into plain data and the 1-based line of each field path, or raise located errors."""
    loader: _BoundedLoader | None = None
    try:
        loader = _BoundedLoader(text)  # checks the characters at once
        root = loader.get_single_node()  # parsed once: the node tree gives both data and lines
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError(Problem(Location(name, "", line), explain(error, text))) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, max(error.position, 0)) + 1
        message = (
            f"YAML syntax: a control character (U+{error.character:04X}) that YAML does not allow in text"
        )
        raise ScenarioError(Problem(Location(name, "", line), message)) from None
    except yaml.YAMLError as error:
        raise ScenarioError.at(name, "", f"YAML syntax: {error}") from None
    except RecursionError:  # not expected below MAX_DEPTH; kept so that no traceback can escape
        raise ScenarioError.at(name, "", "document is nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    lines = dict(_node_lines(root)) if root is not None else {}
    return data, lines


def _node_lines(root: yaml.Node) -> Iterator[tuple[tuple[str | int, ...], int]]:
    """(field path, 1-based line) of every node, iteratively (the graph's size is bounded above).

    A mapping's entry is located at its key's line (where ``capabilty:`` is typed), not at the line
    where its value begins.
    """
    stack: list[tuple[yaml.Node, tuple[str | int, ...], bool]] = [(root, (), True)]
    while stack:
        node, path, own_line = stack.pop()
        if own_line:
            yield path, node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    yield (*path, key.value), key.start_mark.line + 1
                    stack.append((value, (*path, key.value), False))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index), True) for index, item in enumerate(node.value))


# PyYAML's and libyaml's wordings -> plain words (the line number is kept from the error's mark).
_PLAIN: tuple[tuple[str, str], ...] = (
    ("found a tab character", "a tab character: YAML indents with spaces only"),
    (
        "mapping values are not allowed",
        "a ':' where YAML does not expect one: check the indentation of this line, or put a value that "
        "contains ': ' in quotes",
    ),
    (
        "could not find expected ':'",
        "a line without 'key: value' where a key was expected: check the indentation or a missing ':'",
    ),
    ("expected <block end>", "the indentation of this line does not match the lines above it"),
    ("did not find expected key", "the indentation of this line does not match the lines above it"),
    ("<document start>", "text after the end of the document: check the indentation"),
    (
        "found unexpected end of stream",
        "the file ends inside a quoted value or a bracket that is never closed",
    ),
    (
        "found undefined alias",
        "an alias (*name) with no anchor (&name) before it: quote values that begin with *",
    ),
    ("found duplicate anchor", "the same anchor (&name) is defined twice"),
    ("',' or ']'", "a list in [ ] is not closed, or two items lack a ',' between them"),
    ("',' or '}'", "a mapping in { } is not closed, or two entries lack a ',' between them"),
    ("found unknown escape character", "an unknown \\ escape in a double-quoted value: use single quotes"),
    ("alphabetic or numeric character", "a value that begins with * or & must be put in quotes"),
    ("expected a single document", "the file holds more than one YAML document (---): a scenario is one"),
    ("could not determine a constructor for the tag", "a YAML tag (!name) that scenarios do not use"),
    ("found unhashable key", "a key must be a plain name, not a list or a mapping"),
)


def explain(error: yaml.MarkedYAMLError, text: str = "") -> str:
    """A YAML error in plain words, for an analyst (the parser's own text when no explanation fits)."""
    problem = str(error.problem or "").strip()
    if isinstance(error, _Refused):
        return problem
    context = str(error.context or "").strip()
    if "cannot start any token" in problem:
        return _bad_start(error, text)
    if "maximum nesting depth" in problem:  # libyaml's own bound (1,000), met while it looks ahead
        return f"nested more than {MAX_DEPTH} levels deep"
    for fragment, plain in _PLAIN:
        if fragment in problem or fragment in context:
            quoted = re.search(r"'([^']*)'", problem) if "tag" in fragment else None
            return f"YAML syntax: {plain}" + (f" ({quoted.group(1)})" if quoted else "")
    return f"YAML syntax: {problem or context}"


def _bad_start(error: yaml.MarkedYAMLError, text: str) -> str:
    """'found character ... that cannot start any token': name the character (libyaml does not)."""
    mark = error.problem_mark
    lines = text.splitlines()
    char = ""
    if mark is not None and 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        char = lines[mark.line][mark.column]
    if char == "\t":
        return "YAML syntax: a tab character: YAML indents with spaces only"
    shown = f"{char!r}" if char else "this character"
    return f"YAML syntax: a value cannot begin with {shown} in YAML: put the value in quotes"

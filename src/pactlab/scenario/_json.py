"""A bounded JSON reader: plain data and the line of every field path, or one located error.

Python's :func:`json.loads` gives neither the line of a value nor any bound on depth (``[[[[...`` a
thousand deep raises ``RecursionError``) or on the length of a number (4,300 digits raise a bare
``ValueError``). So the text is first scanned once, iteratively, by a small tokenizer that records the
line of every field path, and refuses, each with its line: nesting deeper than
:data:`~pactlab.scenario._yaml.MAX_DEPTH`, more than :data:`~pactlab.scenario._yaml.MAX_VALUES` values,
numbers longer than :data:`~pactlab.scenario._yaml.MAX_NUMBER_CHARS` characters, ``NaN`` and
``Infinity`` (not JSON, though Python accepts them) and duplicate keys (which JSON parsers resolve
silently, each differently). :func:`json.loads` then builds the data; its syntax errors carry their line
and column. The scanner stops recording at the first token it does not know, leaving the syntax error
to :func:`json.loads`.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pactlab.errors import Location, Problem, ScenarioError
from pactlab.scenario._yaml import MAX_DEPTH, MAX_NUMBER_CHARS, MAX_VALUES

__all__ = ["load_json"]

Lines = dict[tuple[str | int, ...], int]

_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n]+)
    |(?P<str>"[^"\\\n]*(?:\\.[^"\\\n]*)*")
    |(?P<num>-?[0-9][0-9.eE+\-]*)
    |(?P<punct>[{}\[\]:,])
    |(?P<word>-?[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)


class _Frame:
    """An open object (``key`` set while its value is scanned) or array (``index`` of the next item)."""

    __slots__ = ("index", "is_object", "key", "keys", "path")

    def __init__(self, path: tuple[str | int, ...], is_object: bool) -> None:
        self.path = path
        self.is_object = is_object
        self.key: str | None = None
        self.keys: set[str] = set()
        self.index = 0


def _refuse(name: str, line: int, message: str) -> ScenarioError:
    return ScenarioError(Problem(Location(name, "", line), message))


def _scan(text: str, name: str) -> Lines:
    """The line of every field path; raises on the limits in the module notes."""
    lines: Lines = {}
    stack: list[_Frame] = []
    line, values, pos = 1, 0, 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            break  # not JSON: json.loads reports it
        pos = match.end()
        kind, token = match.lastgroup, match.group()
        if kind == "ws":
            line += token.count("\n")
            continue
        top = stack[-1] if stack else None
        if kind == "punct":
            if token in "{[":
                values += 1
                path = _value_path(top, lines, line)
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(name, line, f"nested more than {MAX_DEPTH} levels deep")
                if values > MAX_VALUES:
                    raise _refuse(name, line, f"more than {MAX_VALUES:,} values in one document")
                stack.append(_Frame(path, token == "{"))
            elif token in "}]" and stack:
                stack.pop()
            elif token == "," and top is not None:
                top.key = None
                top.index += 1
            continue
        if top is not None and top.is_object and top.key is None and kind == "str":
            top.key = _key(token)
            if top.key in top.keys:
                raise _refuse(name, line, f"duplicate key {top.key!r}")
            top.keys.add(top.key)
            lines[(*top.path, top.key)] = line
            continue
        values += 1
        _value_path(top, lines, line)
        if len(stack) >= MAX_DEPTH:  # a value inside the deepest container: counted as YAML counts it
            raise _refuse(name, line, f"nested more than {MAX_DEPTH} levels deep")
        if kind == "num" and len(token) > MAX_NUMBER_CHARS:
            raise _refuse(
                name, line, f"a number of {len(token):,} characters is too long (at most {MAX_NUMBER_CHARS})"
            )
        if kind == "word" and token.lstrip("-") in ("NaN", "Infinity"):
            raise _refuse(name, line, f"{token} is not a JSON number (use a finite number, or null)")
        if values > MAX_VALUES:
            raise _refuse(name, line, f"more than {MAX_VALUES:,} values in one document")
    return lines


def _key(token: str) -> str:
    try:
        return str(json.loads(token))
    except ValueError:
        return token[1:-1]


def _value_path(top: _Frame | None, lines: Lines, line: int) -> tuple[str | int, ...]:
    if top is None:
        path: tuple[str | int, ...] = ()
    elif top.is_object:
        path = (*top.path, top.key if top.key is not None else "")
    else:
        path = (*top.path, top.index)
    lines.setdefault(path, line)
    return path


def load_json(text: str, name: str) -> tuple[Any, Lines]:
    """Parse ``text`` into plain data and the 1-based line of each field path, or raise located errors."""
    lines = _scan(text, name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"JSON syntax: {error.msg} (column {error.colno})"
        raise ScenarioError(Problem(Location(name, "", error.lineno), message)) from None
    except (ValueError, RecursionError) as error:  # not expected after the scan; no traceback either way
        raise ScenarioError.at(name, "", f"JSON: {error}") from None
    return data, lines

"""The project's own error types.

Every error a user can cause by bad input is a :class:`PactlabError`. The command line turns each into
one line per problem, ``<file>:<location>: <message>``, and exit status 2, with no traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Location", "PactlabError", "ParameterError", "Problem", "ScenarioError", "escape_controls"]

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional overrides and
# isolates (which reorder a terminal line: "Trojan Source", CVE-2021-42574), and lone surrogates (the
# undecodable bytes of a file name, which no terminal encoding can print). Zero-width joiners stay.
_CONTROLS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape_controls(text: str) -> str:
    """``text`` with every control character written as an escape, so it stays on one display line.

    A file name or a value from a file can hold a newline (which would forge a second error line), an
    escape sequence (which would drive the terminal) or a bidirectional override (which would reorder
    the line). Each is shown as its Python escape instead.

    Examples
    --------
    >>> escape_controls("evil\\nx.yaml:1: forged")
    'evil\\\\nx.yaml:1: forged'
    >>> escape_controls("title \\x1b[2J")
    'title \\\\x1b[2J'
    """
    return _CONTROLS.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file, a field path inside it, and a line where known."""

    file: str
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = escape_controls(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.path:
            where += f":{escape_controls(self.path)}"
        return where


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem."""

    location: Location
    message: str

    def __str__(self) -> str:
        """One display line: control characters in the file name, path and message are escaped."""
        return f"{self.location}: {escape_controls(self.message)}"


class PactlabError(Exception):
    """Base class of every error pactlab raises on purpose.

    Carries one or more located problems; ``str(error)`` is one line per problem.
    """

    def __init__(self, problems: str | Problem | Iterable[Problem], *, file: str = "") -> None:
        if isinstance(problems, str):
            items: Sequence[Problem] = (Problem(Location(file or "pactlab"), problems),)
        elif isinstance(problems, Problem):
            items = (problems,)
        else:
            items = tuple(problems)
        if not items:
            items = (Problem(Location(file or "pactlab"), "unknown error"),)
        self.problems: tuple[Problem, ...] = tuple(items)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, file: str, path: str, message: str, line: int | None = None) -> PactlabError:
        """Build an error with a single located problem."""
        return cls(Problem(Location(file, path, line), message))

    def lines(self) -> list[str]:
        """One display line per problem."""
        return [str(p) for p in self.problems]


class ScenarioError(PactlabError):
    """A scenario file (or any input file) is malformed; every problem is located."""


class ParameterError(PactlabError):
    """A library function was called with a bad argument; the message names the parameter.

    Library errors speak of parameters (``draws``, ``rng``), never of command-line flags; the command
    line maps :attr:`parameter` to its flag (``--draws``, ``--seed``) when it reports the error.

    Examples
    --------
    >>> error = ParameterError("draws", "must be at least 100, not 2")
    >>> str(error), error.parameter
    ('draws: must be at least 100, not 2', 'draws')
    """

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.detail = message
        super().__init__(Problem(Location(parameter), message))

"""The project's own error types.

Every error a user can cause by bad input is a :class:`PactlabError`. The command line turns each into
one line per problem, ``<file>:<location>: <message>``, and exit status 2, with no traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Location", "PactlabError", "ParameterError", "Problem", "ScenarioError"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file, a field path inside it, and a line where known."""

    file: str
    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.path:
            where += f":{self.path}"
        return where


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


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

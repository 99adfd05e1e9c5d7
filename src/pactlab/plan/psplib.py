"""Readers for the PSPLIB instance formats and solution tables.

PSPLIB (Kolisch & Sprecher 1997, "PSPLIB - A project scheduling problem library", EJOR
96(1):205-216)
publishes single-mode instances (``.sm``: j30, j60, j90, j120) and multi-mode ones (``.mm``: j10 ...
j30, with non-renewable resources), and tables of optimal (``j30opt.sm``) and best-known
(``j60hrs.sm`` ...) makespans. Both instance formats share one layout of ``*``-ruled sections; the
multi-mode one lists a job's further modes on continuation lines.

Every malformed file raises :class:`~pactlab.plan.project.PlanError` located at ``file:line``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from pactlab._files import read_user_text
from pactlab.errors import Location, Problem
from pactlab.plan.project import Mode, PlanError, Project, find_cycle

__all__ = ["MAX_PSPLIB_BYTES", "parse_psplib", "read_best_known", "read_psplib"]

_INT = re.compile(r"-?\d+")
_MAX_DIGITS = 9  # every PSPLIB value (jobs, durations, uses, capacities, horizons) is far below 10**9

MAX_PSPLIB_BYTES = 4 * 1024 * 1024
"""PSPLIB files larger than this are refused before reading (a j120 instance is about 12 KB)."""


def read_psplib(path: str | Path) -> Project:
    """Read a PSPLIB ``.sm`` or ``.mm`` file into a :class:`Project`.

    Examples
    --------
    >>> p = parse_psplib(_EXAMPLE, name="tiny")
    >>> p.n_jobs, p.renewable_capacity, p.modes[1][0].duration
    (4, (2,), 3)
    """
    path = Path(path)
    text = read_user_text(
        path, limit=MAX_PSPLIB_BYTES, what="PSPLIB file", error=PlanError, encoding="latin-1"
    )
    return parse_psplib(text, name=path.stem, file=os.fspath(path))


def _fail(file: str, line: int, section: str, message: str) -> PlanError:
    return PlanError(Problem(Location(file, section, line), message))


def _header_int(lines: list[str], key: str, file: str) -> tuple[int, int]:
    for no, line in enumerate(lines, 1):
        if line.strip().lower().startswith(key):
            found = _INT.findall(line.split(":", 1)[-1])
            if not found:
                raise _fail(file, no, key, f"expected a number after {key!r}")
            if len(found[0].lstrip("-")) > _MAX_DIGITS:
                raise _fail(file, no, key, f"the number after {key!r} has more than {_MAX_DIGITS} digits")
            return int(found[0]), no
    raise _fail(file, 1, key, f"missing the {key!r} line")


def _section(lines: list[str], title: str, file: str) -> Iterator[tuple[int, list[int]]]:
    """Yield (line number, integers) of the data rows of a section, after its column headers."""
    start = next((i for i, line in enumerate(lines) if line.strip().upper().startswith(title)), None)
    if start is None:
        raise _fail(file, 1, title, f"missing the {title} section")
    for i in range(start + 1, len(lines)):
        text = lines[i].strip()
        if text.startswith("*"):
            return
        if not text or text.startswith("-") or not text[0].isdigit():
            continue
        tokens = text.split()
        if not all(_INT.fullmatch(t) and len(t.lstrip("-")) <= _MAX_DIGITS for t in tokens):
            shown = text if len(text) <= 80 else text[:77] + "..."
            raise _fail(
                file, i + 1, title, f"expected integers of at most {_MAX_DIGITS} digits, got {shown!r}"
            )
        yield i + 1, [int(t) for t in tokens]


def parse_psplib(text: str, *, name: str = "instance", file: str = "<psplib>") -> Project:
    """Parse the text of a PSPLIB ``.sm`` / ``.mm`` file (see :func:`read_psplib`)."""
    lines = text.splitlines()
    n_jobs, jobs_line = _header_int(lines, "jobs (incl. supersource/sink )", file)
    horizon, _ = _header_int(lines, "horizon", file)
    n_ren, _ = _header_int(lines, "- renewable", file)
    n_non, _ = _header_int(lines, "- nonrenewable", file)
    if n_jobs < 2:
        raise _fail(file, jobs_line, "jobs", f"a project needs at least 2 jobs, got {n_jobs}")
    if n_jobs > len(lines) or min(n_ren, n_non) < 0 or n_ren + n_non > len(lines):
        raise _fail(
            file,
            jobs_line,
            "jobs",
            f"declares {n_jobs} jobs and {n_ren} + {n_non} resources, more than "
            f"a file of {len(lines)} lines can list",
        )
    n_modes, successors = _precedence(lines, n_jobs, file)
    modes = _requests(lines, n_jobs, n_modes, n_ren + n_non, n_ren, file)
    capacity = _availabilities(lines, n_ren + n_non, file)
    cycle = find_cycle(n_jobs, successors)
    if cycle:
        chain = " -> ".join(str(j + 1) for j in cycle)
        raise _fail(file, 1, "PRECEDENCE RELATIONS", f"precedence cycle: jobs {chain}")
    return Project(
        name=name,
        modes=modes,
        successors=successors,
        renewable_capacity=tuple(capacity[:n_ren]),
        nonrenewable_capacity=tuple(capacity[n_ren:]),
        horizon=horizon,
    )


def _precedence(lines: list[str], n_jobs: int, file: str) -> tuple[list[int], tuple[tuple[int, ...], ...]]:
    title = "PRECEDENCE RELATIONS"
    n_modes = [0] * n_jobs
    succ: list[tuple[int, ...] | None] = [None] * n_jobs
    for no, row in _section(lines, title, file):
        if len(row) < 3 or len(row) != 3 + row[2]:
            raise _fail(file, no, title, "expected: job, #modes, #successors, then that many successors")
        job, modes, _, *rest = row
        if not 1 <= job <= n_jobs or succ[job - 1] is not None:
            raise _fail(file, no, title, f"job {job} is out of range 1..{n_jobs} or listed twice")
        if modes < 1:
            raise _fail(file, no, title, f"job {job} has {modes} modes")
        bad = [s for s in rest if not 1 <= s <= n_jobs]
        if bad:
            raise _fail(file, no, title, f"job {job}: successor {bad[0]} is out of range 1..{n_jobs}")
        n_modes[job - 1] = modes
        succ[job - 1] = tuple(s - 1 for s in rest)
    missing = [j + 1 for j, s in enumerate(succ) if s is None]
    if missing:
        raise _fail(file, 1, title, f"job {missing[0]} has no precedence row")
    return n_modes, tuple(s or () for s in succ)


def _requests(
    lines: list[str], n_jobs: int, n_modes: list[int], n_res: int, n_ren: int, file: str
) -> tuple[tuple[Mode, ...], ...]:
    title = "REQUESTS/DURATIONS"
    modes: list[list[Mode]] = [[] for _ in range(n_jobs)]
    job = 0
    for no, row in _section(lines, title, file):
        if len(row) == n_res + 3:
            job, mode, dur, *use = row
        elif len(row) == n_res + 2 and job:
            mode, dur, *use = row
        else:
            raise _fail(file, no, title, f"expected job, mode, duration and {n_res} resource uses")
        if not 1 <= job <= n_jobs or mode != len(modes[job - 1]) + 1:
            raise _fail(file, no, title, f"job {job} mode {mode} is out of order")
        if dur < 0 or min(use, default=0) < 0:
            raise _fail(file, no, title, f"job {job} mode {mode}: negative duration or use")
        modes[job - 1].append(Mode(dur, tuple(use[:n_ren]), tuple(use[n_ren:])))
    for j, (got, want) in enumerate(zip(modes, n_modes, strict=True)):
        if len(got) != want:
            raise _fail(file, 1, title, f"job {j + 1} declares {want} modes but lists {len(got)}")
    return tuple(tuple(m) for m in modes)


def _availabilities(lines: list[str], n_res: int, file: str) -> list[int]:
    title = "RESOURCEAVAILABILITIES"
    rows = list(_section(lines, title, file))
    if len(rows) != 1 or len(rows[0][1]) != n_res:
        line = rows[0][0] if rows else 1
        raise _fail(file, line, title, f"expected one row of {n_res} capacities")
    return rows[0][1]


def read_best_known(path: str | Path) -> dict[str, int]:
    """Read a PSPLIB solution table (``j30opt.sm``, ``j60hrs.sm`` ...) into ``{"j301_1": 43, ...}``.

    The set name comes from the file name (``j30opt.sm`` -> ``j30``); rows are
    ``parameter instance makespan ...``.
    """
    path = Path(path)
    prefix = re.match(r"(j\d+)", path.name)
    if prefix is None:
        raise PlanError.at(str(path), "", "cannot tell the instance set from the file name")
    table: dict[str, int] = {}
    text = read_user_text(
        path, limit=MAX_PSPLIB_BYTES, what="PSPLIB solution table", error=PlanError, encoding="latin-1"
    )
    for line in text.splitlines():
        tokens = line.split()
        if len(tokens) >= 3 and all(t.isdigit() for t in tokens[:3]):
            table[f"{prefix.group(1)}{tokens[0]}_{tokens[1]}"] = int(tokens[2])
    if not table:
        raise PlanError.at(str(path), "", "no solution rows found")
    return table


_EXAMPLE = """\
jobs (incl. supersource/sink ):  4
horizon                       :  5
  - renewable                 :  1   R
  - nonrenewable              :  0   N
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     2       1
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    2
************************************************************************
"""

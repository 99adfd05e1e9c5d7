"""Fuzzing the files a user hands to ``pactlab scenarios validate`` (issue 18 item 6, the file half).

Random files go through the command line in-process: random bytes, random text edits of a valid
scenario, structured mutations of a valid scenario written as YAML and as JSON, random decide and Bueno
de Mesquita CSV rows with hostile numbers, and the bombs of issue 18 kept small (alias and merge-key
bombs of random width and depth, deep nesting, long numbers). For every file:

* the exit status is 0 (valid) or 2 (refused), nothing is printed on stdout, and there is no traceback;
* on 0, one line ``FILE: valid (...)``; on 2, one or more lines, each ``FILE[:line][:field]: message``
  on one display line (no raw control character);
* the run ends (a 30 s watchdog turns a hang into a failure, not a hung suite), and the process's peak
  resident memory never grows by :data:`GROWTH_BYTES` over what it was when fuzzing began (the kernel's
  high-water mark, ``ru_maxrss``: any example that ever used more shows, at no cost per example).

The bombs also check the limit itself against an independent count of what an alias repeats.

Reproducible in CI: a fixed seed (:data:`SEED`), no example database, and a fixed number of examples per
test (:data:`EXAMPLES`; ``PACTLAB_FUZZ_EXAMPLES=2000 pytest tests/fuzz`` runs more by hand).
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from _support.cli import Run, run_cli
from _support.minimal import minimal

SEED = 18
EXAMPLES = int(os.environ.get("PACTLAB_FUZZ_EXAMPLES", "100"))
GROWTH_BYTES = 200 * 1024 * 1024
HANG_SECONDS = 30
ALIAS_LIMIT = 20_000
DEPTH_LIMIT = 50

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the hang watchdog uses SIGALRM")


@contextmanager
def _watchdog(seconds: int) -> Iterator[None]:
    def expired(signum: int, frame: Any) -> None:
        raise TimeoutError(f"validation did not end within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _peak_rss() -> int:
    """The process's peak resident memory so far, in bytes (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


_BASELINE: list[int] = []


def validate(path: Path) -> Run:
    """Run ``pactlab scenarios validate PATH`` and check every promise of the module notes."""
    if not _BASELINE:
        _BASELINE.append(_peak_rss())
    with _watchdog(HANG_SECONDS):
        result = run_cli("scenarios", "validate", str(path))
    growth = _peak_rss() - _BASELINE[0]
    assert growth < GROWTH_BYTES, f"peak memory grew by {growth:,} bytes while fuzzing"
    assert result.code in (0, 2), result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no message"
    assert result.stderr.endswith("\n")
    for line in lines:
        assert line.startswith(f"{path}:"), line
        assert not CONTROL.search(line), line
        assert ": " in line[len(str(path)) :], line
    if result.code == 0:
        assert len(lines) == 1
        assert lines[0].startswith(f"{path}: valid (")
    return result


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content)
    return path


# --- random bytes and random edits of a valid file --------------------------------------------------


@FUZZ
@seed(SEED)
@given(content=st.binary(max_size=3000), suffix=st.sampled_from([".yaml", ".json", ".csv", ".txt", ""]))
def test_random_bytes(tmp_path: Path, content: bytes, suffix: str) -> None:
    validate(_write(tmp_path, f"f{suffix}", content))


VALID_YAML = yaml.safe_dump(minimal(), sort_keys=False)
VALID_JSON = json.dumps(minimal(), indent=2)

edits = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "replace"]),
        st.floats(0, 1),
        st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,\t\n ?<\\x0123456789")), max_size=4),
    ),
    min_size=1,
    max_size=6,
)


def _edit(text: str, operations: list[tuple[str, float, str]]) -> str:
    for operation, where, piece in operations:
        at = int(where * len(text))
        if operation == "insert":
            text = text[:at] + piece + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + len(piece) + 1 :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    return text


@FUZZ
@seed(SEED)
@given(operations=edits, as_json=st.booleans())
def test_text_edits_of_a_valid_scenario(
    tmp_path: Path, operations: list[tuple[str, float, str]], as_json: bool
) -> None:
    text = _edit(VALID_JSON if as_json else VALID_YAML, operations)
    validate(_write(tmp_path, "f.json" if as_json else "f.yaml", text))


# --- structured mutations ------------------------------------------------------------------------------

hostile_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["2025-02-30", "July 2023", "no", "yes", "\x1b[2J", "a\nb", "\u202eevil", "usа", "USA", "[/]", "1,5"]
    ),
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(hostile_text, inner, max_size=4)),
    max_leaves=12,
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every field path of a (JSON-like) document."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*path, index))
    return found


ALL_PATHS = _paths(minimal())


@FUZZ
@seed(SEED)
@given(
    changes=st.lists(st.tuples(st.sampled_from(ALL_PATHS), values), min_size=1, max_size=4),
    as_json=st.booleans(),
)
def test_structured_mutations(
    tmp_path: Path, changes: list[tuple[tuple[Any, ...], Any]], as_json: bool
) -> None:
    data = minimal()
    for path, value in changes:
        target: Any = data
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced the container
    if as_json:
        text = json.dumps(data, indent=1, allow_nan=True)
    else:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    validate(_write(tmp_path, "f.json" if as_json else "f.yaml", text))


# --- CSV formats with hostile numbers ---------------------------------------------------------------

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(
        ["1,5", "1.234,56", "1 000", "12'000", "1_000", "0x10", "nan", "-inf", "1e999", "", " 5 "]
    ),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.text(max_size=6),
)


@FUZZ
@seed(SEED)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["#A", "#P", "#M", "#D", "#O", "#/", "'#D'"]), st.lists(numbers, max_size=6)
        ),
        max_size=30,
    ),
    delimiter=st.sampled_from([";", "\t", ","]),
)
def test_decide_files(tmp_path: Path, rows: list[tuple[str, list[str]]], delimiter: str) -> None:
    text = "#A;a;A\n#A;b;B\n#P;x;X\n#D;a;x;1;1;1\n".replace(";", delimiter)
    text += "\n".join(delimiter.join([tag, "a", "x", *cells]) for tag, cells in rows)
    validate(_write(tmp_path, "f.csv", text))


@FUZZ
@seed(SEED)
@given(rows=st.lists(st.tuples(st.text(max_size=6), numbers, numbers, numbers), max_size=20))
def test_bdm_files(tmp_path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    text = "Actor,Capability,Position,Salience\n" + "\n".join(
        ",".join(json.dumps(c) for c in r) for r in rows
    )
    validate(_write(tmp_path, "f.csv", text))


# --- the bombs, kept small ---------------------------------------------------------------------------


def _alias_bomb(width: int, levels: int, merge: bool) -> tuple[str, bool, int]:
    """A bomb of ``levels`` levels, each repeating the one before ``width`` times, and whether its aliases
    repeat more than the limit, counted here independently: a list level is 1 + width x the level
    below; a merge level is its mapping, the '<<' key, the list of aliases and one more entry (4 + width
    x the level below). Returns the text, whether it crosses the limit, and the line where it does."""
    base = 1 + 2 * width if merge else 1 + width
    keys = ", ".join(f"k{i}: {i}" for i in range(width))
    lines = [f"l0: &l0 {{{keys}}}" if merge else f"l0: &l0 [{', '.join(['x'] * width)}]"]
    size, repeated, crossing = base, 0, 0
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(
            f"l{level}: &l{level} {{<<: [{aliases}], z: 1}}" if merge else f"l{level}: &l{level} [{aliases}]"
        )
        for _ in range(width):
            repeated += size
            if repeated > ALIAS_LIMIT and not crossing:
                crossing = level + 2  # 'bogus:' is line 1, l0 line 2
        size = 4 + width * size if merge else 1 + width * size
    return "bogus:\n" + "".join(f"  {line}\n" for line in lines), bool(crossing), crossing


@FUZZ
@seed(SEED)
@given(width=st.integers(2, 9), levels=st.integers(1, 9), merge=st.booleans())
def test_alias_bombs(tmp_path: Path, width: int, levels: int, merge: bool) -> None:
    text, crosses, line = _alias_bomb(width, levels, merge)
    result = validate(_write(tmp_path, "bomb.yaml", text))
    assert result.code == 2
    refused = "aliases may repeat at most 20,000 values in all" in result.stderr
    assert refused == crosses
    if crosses:
        assert result.stderr.startswith(f"{tmp_path / 'bomb.yaml'}:{line}: alias *l")


@FUZZ
@seed(SEED)
@given(depth=st.integers(1, 400), form=st.sampled_from(["flow", "block", "json"]))
def test_deep_nesting(tmp_path: Path, depth: int, form: str) -> None:
    if form == "json":
        path = _write(
            tmp_path, "deep.json", '{"metadata": {"description": ' + "[" * depth + "]" * depth + "}}"
        )
    elif form == "flow":
        path = _write(tmp_path, "deep.yaml", "metadata:\n  description: " + "[" * depth + "]" * depth + "\n")
    else:
        text = (
            "metadata:\n"
            + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth))
            + "  " * (depth + 1)
            + "v: 1\n"
        )
        path = _write(tmp_path, "deep.yaml", text)
    result = validate(path)
    assert result.code == 2
    # levels counted as the reader counts them, every value one level below its container: the root (1),
    # metadata's mapping (2), then the `depth` lists (3 .. depth + 2; the innermost is empty); in the
    # block form metadata's mapping holds k0 (3) whose mapping holds k1 ... and the last 'v: 1' is at
    # depth + 3
    levels = depth + 3 if form == "block" else depth + 2
    assert ("nested more than 50 levels deep" in result.stderr) == (levels > DEPTH_LIMIT)


@FUZZ
@seed(SEED)
@given(digits=st.integers(1, 6000), as_json=st.booleans())
def test_long_numbers(tmp_path: Path, digits: int, as_json: bool) -> None:
    data = minimal()
    data["actors"][0]["capability"]["value"] = 123456789
    text = json.dumps(data, indent=1) if as_json else yaml.safe_dump(data, sort_keys=False)
    path = _write(tmp_path, "n.json" if as_json else "n.yaml", text.replace("123456789", "9" * digits))
    result = validate(path)
    assert ("characters is too long (at most 100)" in result.stderr) == (digits > 100)
    assert result.code == (2 if digits > 100 else 0)

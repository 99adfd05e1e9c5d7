"""Fuzzing every reader: arbitrary input gives a Scenario or a ScenarioError, nothing else."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _support.minimal import minimal
from pactlab.errors import ScenarioError
from pactlab.scenario import read_scenario

SUFFIXES = [".yaml", ".json", ".csv", ".txt", ""]

decide_rows = st.lists(
    st.tuples(
        st.sampled_from(["#A", "#P", "#M", "#D", "#O", "#/", "'#A'", "x"]),
        st.lists(st.one_of(st.text(max_size=8), st.floats().map(str), st.integers().map(str)), max_size=6),
    ),
    max_size=25,
)


def _read(tmp: Path, name: str, content: bytes) -> None:
    path = tmp / name
    path.write_bytes(content)
    lines: list[str] = []
    try:
        read_scenario(path)
    except ScenarioError as error:
        lines = error.lines()
        assert lines
    assert all(line.startswith(str(path)) for line in lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(tmp_path: Path, content: bytes, suffix: str) -> None:
    _read(tmp_path, f"f{suffix}", content)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.text(max_size=400), suffix=st.sampled_from(SUFFIXES))
def test_random_text(tmp_path: Path, content: str, suffix: str) -> None:
    _read(tmp_path, f"f{suffix}", content.encode())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=decide_rows, delimiter=st.sampled_from([";", "\t", ","]))
def test_random_decide_files(tmp_path: Path, rows: list[tuple[str, list[str]]], delimiter: str) -> None:
    text = "#A;a;A\n#D;a;p;1;1;1\n".replace(";", delimiter)
    text += "\n".join(delimiter.join([tag, *cells]) for tag, cells in rows)
    _read(tmp_path, "f.csv", text.encode())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.text(max_size=6), min_size=0, max_size=5), max_size=10))
def test_random_bdm_files(tmp_path: Path, rows: list[list[str]]) -> None:
    text = "Actor,Capability,Position,Salience\n" + "\n".join(",".join(r) for r in rows)
    _read(tmp_path, "f.csv", text.encode())


def _mutations() -> st.SearchStrategy[object]:
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=8,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    section=st.sampled_from(
        ["metadata", "actors", "issues", "instruments", "options", "milestones", "deterrence"]
    ),
    value=_mutations(),
)
def test_structured_mutations(tmp_path: Path, section: str, value: object) -> None:
    data = minimal()
    data[section] = value
    _read(tmp_path, "f.yaml", yaml.safe_dump(data).encode())

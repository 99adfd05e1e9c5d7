"""Broken scenario files: each gives exit 2 and one located line per problem, never a traceback.

Each case writes a broken file, runs ``pactlab scenarios validate`` in-process, and checks the exit status,
that every stderr line starts with the file's name, and that the expected place (field path or line) and
message appear.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from _support.cli import run_cli, run_process
from _support.minimal import minimal


def _yaml(mutate: Callable[[dict[str, Any]], None]) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        data = minimal()
        mutate(data)
        path = folder / "case.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False))
        return path

    return write


def _text(text: str | bytes, name: str = "case.yaml") -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
        return path

    return write


def _large(folder: Path) -> Path:
    path = folder / "large.yaml"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    return path


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _cycle(data: dict[str, Any]) -> None:
    data["milestones"][0]["depends_on"] = ["m2"]


def _dup_actor(data: dict[str, Any]) -> None:
    data["actors"].append(dict(data["actors"][0]))


def _typo(data: dict[str, Any]) -> None:
    data["actors"][0]["capabilty"] = data["actors"][0].pop("capability")


def _no_source(data: dict[str, Any]) -> None:
    del data["issues"][0]["positions"][0]["source"]


CASES: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    # name: (writer, expected location fragment, expected message fragment)
    "yaml-syntax": (_text("metadata:\n  id: [unclosed\nactors: []\n"), ":3", "YAML syntax"),
    "yaml-tab-indent": (_text("metadata:\n\tid: x\n"), ":2", "YAML syntax"),
    "empty-file": (_text(""), "", "file is empty"),
    "blank-file": (_text("\n\n   \n"), "", "file is empty"),
    "binary-garbage": (_text(bytes(range(256)) * 4), "", "binary"),
    "latin-1": (_text("metadata:\n  title: Caf\xe9\n".encode("latin-1")), "", "not UTF-8"),
    "very-large": (_large, "", "limited to"),
    "top-level-list": (_text("- a\n- b\n"), ":1", "mapping of sections"),
    "json-syntax": (_text('{"metadata": ', "case.json"), ":1", "JSON syntax"),
    "missing-metadata": (_yaml(lambda d: d.pop("metadata")), "metadata", "required field is missing"),
    "salience-type": (
        _yaml(_set(("issues", 0, "positions", 0, "salience"), "high")),
        "issues[0].positions[0].salience",
        "number",
    ),
    "salience-range": (
        _yaml(_set(("issues", 0, "positions", 1, "salience"), 1.5)),
        "issues[0].positions[1].salience",
        "less than or equal to 1",
    ),
    "negative-capability": (
        _yaml(_set(("actors", 1, "capability", "value"), -3)),
        "actors[1].capability.value",
        "greater than or equal to 0",
    ),
    "position-out-of-scale": (
        _yaml(_set(("issues", 0, "positions", 2, "position"), 11)),
        "issues[0].positions[2].position",
        "outside the scale",
    ),
    "status-quo-out-of-scale": (
        _yaml(_set(("issues", 0, "status_quo"), -1)),
        "issues[0].status_quo",
        "outside the scale",
    ),
    "unknown-actor": (
        _yaml(_set(("issues", 0, "positions", 0, "actor"), "zz")),
        "issues[0].positions[0].actor",
        "unknown actor 'zz'",
    ),
    "unknown-instrument": (
        _yaml(_set(("options", 0, "instruments"), ["nope"])),
        "options[0].instruments[0]",
        "unknown instrument 'nope'",
    ),
    "unknown-adoption-issue": (
        _yaml(_set(("options", 0, "adoption", "issue"), "q")),
        "options[0].adoption.issue",
        "unknown issue 'q'",
    ),
    "unknown-instrument-kind": (
        _yaml(_set(("instruments", 0, "kind"), "nukes")),
        "instruments[0].kind",
        "Input should be",
    ),
    "duplicate-ids": (_yaml(_dup_actor), "actors[3].id", "duplicate id 'a'"),
    "milestone-cycle": (_yaml(_cycle), "milestones[0].depends_on", "dependency cycle"),
    "unknown-dependency": (
        _yaml(_set(("milestones", 1, "depends_on"), ["m9"])),
        "milestones[1].depends_on[0]",
        "unknown milestone 'm9'",
    ),
    "issue-without-actors": (
        _yaml(_set(("issues", 1, "positions"), [])),
        "issues[1].positions",
        "at least one actor",
    ),
    "unknown-field": (_yaml(_typo), "actors[0].capabilty", "unknown field"),
    "duplicate-yaml-key": (_text("metadata:\n  id: a\n  id: b\n"), ":3", "duplicate key"),
    "bad-date": (_yaml(_set(("metadata", "as_of"), "July 2023")), "metadata.as_of", "date"),
    "inverted-scale": (
        _yaml(_set(("issues", 0, "scale"), {"lower": 5, "upper": 1})),
        "issues[0].scale",
        "must be greater than lower",
    ),
    "no-source-or-rationale": (_yaml(_no_source), "issues[0].positions[0]", "source or a rationale"),
    "bad-prior": (
        _yaml(_set(("deterrence", "parameters", 0, "prior"), {"distribution": "beta"})),
        "deterrence.parameters[0].prior",
        "beta prior needs",
    ),
    "unknown-challenger": (
        _yaml(_set(("deterrence", "challenger"), "mars")),
        "deterrence.challenger",
        "unknown actor 'mars'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_file(case: str, tmp_path: Path) -> None:
    write, where, what = CASES[case]
    path = write(tmp_path)
    result = run_cli("scenarios", "validate", str(path))
    assert result.code == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines, "no message"
    assert all(line.startswith(f"{path}") for line in lines), lines
    assert any(where in line and what in line for line in lines), lines


def test_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20


def test_yaml_line_numbers_point_at_the_field(tmp_path: Path) -> None:
    data = minimal()
    data["issues"][0]["positions"][2]["position"] = 99
    path = tmp_path / "lines.yaml"
    text = yaml.safe_dump(data, sort_keys=False)
    path.write_text(text)
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if "position: 99" in line)
    result = run_cli("scenarios", "validate", str(path))
    assert f"{path}:{expected_line}:issues[0].positions[2].position:" in result.stderr


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    data = minimal()
    data["issues"][0]["positions"][0]["actor"] = "zz"
    data["options"][0]["instruments"] = ["nope"]
    data["milestones"][0]["depends_on"] = ["m2"]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(data))
    result = run_cli("scenarios", "validate", str(path))
    assert result.code == 2
    assert len(result.stderr.strip().splitlines()) == 3


def test_installed_entry_point_prints_no_traceback(tmp_path: Path) -> None:
    """The same through a real process, for the binary case (stdout stays empty)."""
    path = tmp_path / "garbage.bin"
    path.write_bytes(b"\x00\xff" * 1000)
    result = run_process("scenarios", "validate", str(path))
    assert result.code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr

"""Every hostile scenario or PSPLIB input quoted in issues 17 and 18, with its one expected error line.

Each case runs the command line in-process and checks the exit status (2), that nothing went to stdout,
that there is no traceback, and the whole of stderr: one located line per problem, exactly as expected.
Where a number in a message is computed (how many values an alias repeats), the test's docstring does
the arithmetic from the file, independently of the code.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from _support.cli import Run, run_cli
from _support.minimal import minimal

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
LIMITS = "aliases may repeat at most 20,000 values in all (write the repeated part out, or use fewer aliases)"


def _guarded(*args: str) -> Run:
    """run_cli in a thread with a watchdog: a hang is a failure, never a hung suite."""
    out: list[Run] = []
    worker = threading.Thread(target=lambda: out.append(run_cli(*args)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert out, f"pactlab {' '.join(args)} did not end within 60 s"
    return out[0]


def _refused(*args: str) -> list[str]:
    result = _guarded(*args)
    assert result.code == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr.splitlines()


def _validate(path: Path) -> list[str]:
    return _refused("scenarios", "validate", str(path))


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _yaml_with(folder: Path, mutate: Callable[[dict], None], name: str = "case.yaml") -> Path:  # type: ignore[type-arg]
    data = minimal()
    mutate(data)
    return _write(folder, name, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def _line(path: Path, fragment: str) -> int:
    return next(no for no, text in enumerate(path.read_text().splitlines(), 1) if fragment in text)


# --- unbounded reads (issue 18: /dev/zero grew to 22.6 GB, a FIFO blocked forever) -----------------


@posix_only
@pytest.mark.parametrize("command", [("scenarios", "validate"), ("plan", "--psplib")])
def test_dev_zero(command: tuple[str, str]) -> None:
    assert _refused(*command, "/dev/zero") == ["/dev/zero: is a character device, not a regular file"]


@posix_only
@pytest.mark.parametrize("command", [("scenarios", "validate"), ("plan", "--psplib")])
def test_fifo(tmp_path: Path, command: tuple[str, str]) -> None:
    fifo = tmp_path / "fifo.sm"
    os.mkfifo(fifo)
    assert _refused(*command, str(fifo)) == [f"{fifo}: is a named pipe (FIFO), not a regular file"]


@pytest.mark.parametrize(
    ("command", "what"), [(("scenarios", "validate"), "scenario file"), (("plan", "--psplib"), "PSPLIB file")]
)
def test_sparse_gigabyte(tmp_path: Path, command: tuple[str, str], what: str) -> None:
    path = tmp_path / "sparse.yaml"
    with path.open("wb") as handle:
        handle.truncate(1 << 30)
    assert _refused(*command, str(path)) == [
        f"{path}: {what} is 1.0 GiB (1,073,741,824 bytes); {what}s are limited to 4.0 MiB (4,194,304 bytes)"
    ]


def test_psplib_directory_says_directory(tmp_path: Path) -> None:
    """Issue 17: ``plan --psplib DIR`` said "No such file"."""
    assert _refused("plan", "--psplib", str(tmp_path)) == [f"{tmp_path}: is a directory, not a regular file"]


# --- YAML alias bombs (issue 18: past 90 s at 1.3-2.2 GB) -----------------------------------------------


def test_billion_laughs(tmp_path: Path) -> None:
    """Nine levels, each a list of nine aliases of the one before. Values (nodes) per level: a = 1 + 9 =
    10, b = 1 + 9*10 = 91, c = 820, d = 7,381. Repeated so far: b 90, c 819 (909), d 9*820 (8,289); the
    first *d on line 5 brings it to 15,670, the second to 23,051 > 20,000: refused at line 5, *d."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{c}: &{c} [{','.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    assert len(text.encode()) == 342  # the classic 9 x 9 file (issue 18 quotes a 355-byte variant)
    path = _write(tmp_path, "lol.yaml", text)
    assert _validate(path) == [f"{path}:5: alias *d repeats 7,381 values; {LIMITS}"]


def test_six_alias_levels_under_an_unknown_key(tmp_path: Path) -> None:
    """The same sizes one level later (a0 = 10 ... a3 = 7,381), under 'bogus' at lines 6-12: the second
    *a3 on line 10 (a4) crosses 20,000. Refused before the unknown key is even looked at."""
    levels = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]'] + [
        f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 7)
    ]
    text = "metadata:\n  id: x\n  title: t\nactors: [{id: a, name: A}]\nbogus:\n" + "".join(
        f"  {level}\n" for level in levels
    )
    path = _write(tmp_path, "alias6.yaml", text)
    assert _validate(path) == [f"{path}:10: alias *a3 repeats 7,381 values; {LIMITS}"]


def test_merge_key_bomb(tmp_path: Path) -> None:
    """``<<: [*m, *m, ...]`` nine times per level. m0 = 1 + 9 keys + 9 values = 19; m1 = mapping 1 +
    '<<' 1 + list (1 + 9*19 = 172) + z1 and its value 2 = 176 (repeats 171); m2 = 1 + 1 + (1 + 9*176) + 2
    = 1,589 (repeats 1,584: 1,755); m3 = 1 + 1 + (1 + 9*1,589) + 2 = 14,306 (repeats 14,301: 16,056);
    the first *m3 on line 6 brings it to 30,362 > 20,000."""
    levels = ["m0: &m0 {k0: 1, k1: 2, k2: 3, k3: 4, k4: 5, k5: 6, k6: 7, k7: 8, k8: 9}"] + [
        f"m{i}: &m{i} {{<<: [{','.join([f'*m{i - 1}'] * 9)}], z{i}: 1}}" for i in range(1, 9)
    ]
    text = "bogus:\n" + "".join(f"  {level}\n" for level in levels)
    path = _write(tmp_path, "merge.yaml", text + "metadata: {id: x, title: t}\nactors: [{id: a, name: A}]\n")
    assert _validate(path) == [f"{path}:6: alias *m3 repeats 14,306 values; {LIMITS}"]


def test_recursive_alias(tmp_path: Path) -> None:
    path = _write(tmp_path, "rec.yaml", "metadata: &a {id: x, title: t, more: *a}\n")
    assert _validate(path) == [f"{path}:1: alias *a is used inside the node it names (a recursive document)"]


# --- nesting, numbers, keys, dates (issue 18: RecursionError, ValueError, tracebacks) ----------------


def test_yaml_nested_500_deep(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.yaml", "metadata:\n  description: " + "[" * 500 + "]" * 500 + "\n")
    assert _validate(path) == [f"{path}:2: nested more than 50 levels deep"]


def test_yaml_a_million_brackets(tmp_path: Path) -> None:
    """2 MB of '[' then ']': libyaml's look-ahead meets its own depth bound first; same plain message."""
    path = _write(tmp_path, "br.yaml", "a: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n")
    assert _validate(path) == [f"{path}:1: nested more than 50 levels deep"]


def test_yaml_block_nested_500_deep(tmp_path: Path) -> None:
    """Key k{i} on line i + 1: the mapping holding k49 (line 50) is the 50th level, k49 the 51st."""
    text = "".join("  " * i + f"k{i}:\n" for i in range(500)) + "  " * 500 + "v: 1\n"
    path = _write(tmp_path, "deep2.yaml", text)
    assert _validate(path) == [f"{path}:50: nested more than 50 levels deep"]


def test_json_nested_1000_deep(tmp_path: Path) -> None:
    path = _write(tmp_path, "deep.json", '{"metadata": ' + "[" * 1000 + "]" * 1000 + "}")
    assert _validate(path) == [f"{path}:1: nested more than 50 levels deep"]


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_integer_of_4400_digits(tmp_path: Path, suffix: str) -> None:
    """Python refuses to convert more than 4,300 digits (a ValueError and a traceback before)."""
    data = minimal()
    data["actors"][0]["capability"]["value"] = 123456789
    text = json.dumps(data, indent=1) if suffix == ".json" else yaml.safe_dump(data, sort_keys=False)
    path = _write(tmp_path, f"bigint{suffix}", text.replace("123456789", "9" * 4400))
    line = _line(path, "9999999999")
    assert _validate(path) == [f"{path}:{line}: a number of 4,400 characters is too long (at most 100)"]


def test_complex_yaml_key(tmp_path: Path) -> None:
    path = _write(tmp_path, "key.yaml", "metadata:\n  ? [a, b]\n  : x\n")
    assert _validate(path) == [f"{path}:2: a key must be a plain name, not a list (a YAML complex key)"]


def test_impossible_date_yaml(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "d.yaml",
        "metadata:\n  id: x\n  title: t\n  as_of: 2025-02-30\nactors: [{id: a, name: A}]\n",
    )
    assert _validate(path) == [
        f"{path}:4: impossible date 2025-02-30 (day is out of range for month); dates are written YYYY-MM-DD"
    ]


def test_impossible_date_json(tmp_path: Path) -> None:
    text = (
        '{"metadata": {"id": "x", "title": "t",\n "as_of": "2025-02-30"},\n'
        ' "actors": [{"id": "a", "name": "A"}]}'
    )
    path = _write(tmp_path, "d.json", text)
    assert _validate(path) == [
        f"{path}:2:metadata.as_of: impossible date '2025-02-30' (day value is outside expected range); dates "
        "are written YYYY-MM-DD"
    ]


def test_wrong_date_format_names_the_format(tmp_path: Path) -> None:
    """Issue 17: a wrong date format did not name YYYY-MM-DD."""
    path = _yaml_with(tmp_path, lambda d: d["metadata"].update(as_of="10 July 2023"))
    line = _line(path, "as_of:")
    assert _validate(path) == [
        f"{path}:{line}:metadata.as_of: not a date: '10 July 2023'; dates are written YYYY-MM-DD, "
        "e.g. 2023-07-10"
    ]


# --- ids, names, typos (issues 17 and 18) --------------------------------------------------------------


def test_ids_differing_only_by_case(tmp_path: Path) -> None:
    path = _yaml_with(tmp_path, lambda d: d["actors"][1].update(id="A", name="Another"))
    line = _line(path, "id: A")
    assert _validate(path)[0] == (
        f"{path}:{line}:actors[1].id: actor id 'A' looks the same as 'a' (actors[0].id) but differs by case "
        "or by a look-alike letter: use one spelling"
    )


def test_ids_differing_by_a_cyrillic_homoglyph(tmp_path: Path) -> None:
    """'аrms' begins with U+0430 CYRILLIC SMALL LETTER A; the option still names the Latin 'arms'."""
    path = _yaml_with(tmp_path, lambda d: d["instruments"][1].update(id="\u0430rms"))
    line = _line(path, "id: \u0430rms")
    assert _validate(path) == [
        f"{path}:{line}:instruments[1].id: instrument id '\u0430rms' looks the same as 'arms' "
        "(instruments[0].id) but differs by case or by a look-alike letter (U+0430 CYRILLIC SMALL LETTER A): "
        "use one spelling"
    ]


def test_file_name_with_a_newline_cannot_forge_a_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "evil\nforged.yaml:1:metadata.id: fake", "metadata: [unclosed\n")
    lines = _validate(path)
    assert len(lines) == 1
    assert lines[0].startswith(str(path).replace("\n", "\\n") + ":")


def test_unknown_field_suggests_the_closest(tmp_path: Path) -> None:
    """Issue 17: typos got no "did you mean"."""
    path = _yaml_with(tmp_path, lambda d: d["actors"][0].update(capabilty=d["actors"][0].pop("capability")))
    line = _line(path, "capabilty:")
    assert _validate(path) == [
        f"{path}:{line}:actors[0].capabilty: unknown field; did you mean 'capability'?"
    ]


def test_unknown_actor_suggests_and_lists_the_known(tmp_path: Path) -> None:
    """Issue 17: an unknown actor id did not list the known ones."""
    path = _yaml_with(tmp_path, lambda d: d["options"][0].update(guarantors=["a", "bb"]))
    line = _line(path, "- bb")
    assert _validate(path) == [
        f"{path}:{line}:options[0].guarantors[1]: unknown actor 'bb'; did you mean 'b'? (known: a, b, c)"
    ]


def test_unknown_catalog_id_suggests_the_closest() -> None:
    from pactlab.scenario import catalog

    assert _refused("scenarios", "validate", "vilnius-2032") == [
        "vilnius-2032: not a catalog id and no such file (did you mean 'vilnius-2023'? catalog: "
        + ", ".join(catalog.ids())
        + ")"
    ]


# --- syntax errors in plain words, JSON lines, strict CSV numbers -------------------------------------


def test_yaml_syntax_error_in_plain_words(tmp_path: Path) -> None:
    """Issue 17: YAML syntax errors were raw PyYAML text ("mapping values are not allowed here")."""
    path = _write(tmp_path, "s.yaml", "metadata:\n  id: x\n  title: Path: membership\n")
    assert _validate(path) == [
        f"{path}:3: YAML syntax: a ':' where YAML does not expect one: check the indentation of this "
        "line, or put a value that contains ': ' in quotes"
    ]


def test_yaml_tab_indent_in_plain_words(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.yaml", "metadata:\n\tid: x\n")
    assert _validate(path) == [f"{path}:2: YAML syntax: a tab character: YAML indents with spaces only"]


def test_json_validation_errors_carry_lines(tmp_path: Path) -> None:
    """Issue 18: JSON errors carried no line number."""
    data = minimal()
    data["issues"][0]["positions"][1]["salience"] = 1.5
    path = _write(tmp_path, "s.json", json.dumps(data, indent=2))
    line = _line(path, '"salience": 1.5')
    assert _validate(path) == [
        f"{path}:{line}:issues[0].positions[1].salience: Input should be less than or equal to 1"
    ]


def test_json_syntax_error_carries_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.json", '{"metadata": {"id": "x",\n  "title": "t" "as_of": 1}}')
    assert _validate(path) == [f"{path}:2: JSON syntax: Expecting ',' delimiter (column 16)"]


DECIDE = "#A;a;Alpha\n#A;b;Beta\n#P;x;Issue X\n#D;a;x;10;0.5;1\n#D;b;x;{};0.5;1\n"


@pytest.mark.parametrize("cell", ["1,5", "1.234,56", "1 000", "12'000"])
def test_decide_numbers_are_strict(tmp_path: Path, cell: str) -> None:
    """Issue 18: "1,5" was stored as 15.0 and "1.234,56" as 1.23456 (in the ledger; the decide reader
    read "1,5" as 1.5). No separator is guessed: the cell is refused at its row."""
    path = _write(tmp_path, "d.csv", DECIDE.format(cell))
    assert _validate(path) == [
        f"{path}:5:#D.position: {cell!r} is not a number: write decimals with a dot and no thousands "
        "separators (1.5, 1234.56); comma decimals and digit groups are not guessed"
    ]


@pytest.mark.parametrize(
    ("cell", "why"), [("nan", "is not a finite number"), ("1e999", "is too large a number")]
)
def test_decide_non_finite_numbers(tmp_path: Path, cell: str, why: str) -> None:
    path = _write(tmp_path, "d.csv", DECIDE.format(cell))
    assert _validate(path) == [f"{path}:5:#D.position: {cell!r} {why}"]


def test_bdm_numbers_are_strict(tmp_path: Path) -> None:
    text = 'Actor,Capability,Position,Salience\nA,0.5,4,0.8\nB,"1.234,56",7,0.4\n'
    path = _write(tmp_path, "b.csv", text)
    assert _validate(path) == [
        f"{path}:3:capability: '1.234,56' is not a number: write decimals with a dot and no thousands "
        "separators (1.5, 1234.56); comma decimals and digit groups are not guessed"
    ]


# --- plan's options (issue 18) ---------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "shown"), [("inf", "inf"), ("nan", "nan"), ("-1", "-1.0")])
def test_plan_risk_budget_must_be_finite(value: str, shown: str) -> None:
    assert _refused("plan", "vilnius-2023", "--risk-budget", value) == [
        f"pactlab plan: --risk-budget: must be a finite number >= 0, not {shown}"
    ]


def test_plan_gantt_format_is_checked_before_solving(tmp_path: Path) -> None:
    out = tmp_path / "g.xyz"
    assert _refused("plan", "vilnius-2023", "--gantt", str(out), "--time-limit", "600") == [
        "pactlab plan: --gantt: unknown image format ('.xyz'); the chart is written as .png, .svg, .pdf"
    ]
    assert not out.exists()

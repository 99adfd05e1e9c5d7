"""Documentation that runs (issue 16 items 1 and 8): every Python block of docs/notebook.md, in order and
in one namespace, in a temporary folder, with its shown outputs checked (doctest); and the doctest
examples of every module of ``src/pactlab``."""

from __future__ import annotations

import doctest
import importlib
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "pactlab"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
_SKIP_MODULES = {"pactlab.ledger.migrations.env"}  # run by Alembic inside a migration, never imported


def python_blocks(path: Path) -> list[tuple[int, str]]:
    """The fenced ``python`` blocks of a Markdown file, with the line each starts on."""
    text = path.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in _BLOCK.finditer(text)]


def run_blocks(path: Path) -> list[str]:
    """Run the blocks in one namespace; a block with ``>>>`` prompts is a doctest whose outputs are
    compared, any other block is executed. Returns the failures, located (file:line)."""
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    failures: list[str] = []
    for line, code in python_blocks(path):
        where = f"{path.name}:{line}"
        if ">>>" not in code:
            exec(compile(code, where, "exec"), namespace)
            continue
        test = doctest.DocTestParser().get_doctest(code, namespace, where, str(path), line - 1)
        report: list[str] = []
        runner = doctest.DocTestRunner(optionflags=FLAGS)
        runner.run(test, out=report.append, clear_globs=False)
        namespace.update(test.globs)  # a DocTest runs in a copy of the namespace: keep what it defined
        failures.extend(report)
    return failures


def test_notebook_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = ROOT / "docs" / "notebook.md"
    assert len(python_blocks(doc)) >= 10  # the walk-through has not lost its cells
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PACTLAB_DB", raising=False)
    failures = run_blocks(doc)
    assert not failures, "".join(failures)


def test_readme_python_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = ROOT / "README.md"
    assert python_blocks(doc)
    monkeypatch.chdir(tmp_path)
    assert not run_blocks(doc)


def test_the_runner_sees_a_wrong_output(tmp_path: Path) -> None:
    """The check above can fail: a block whose shown output is wrong is reported with its line."""
    doc = tmp_path / "wrong.md"
    doc.write_text("text\n\n```python\n>>> x = 1\n```\n\n```python\n>>> x + 1\n3\n```\n", encoding="utf-8")
    failures = run_blocks(doc)
    assert len(failures) == 1
    assert "wrong.md:8" in failures[0]


def _modules_with_examples() -> list[str]:
    names = []
    for path in sorted(SRC.rglob("*.py")):
        name = ".".join(path.relative_to(SRC.parent).with_suffix("").parts).removesuffix(".__init__")
        if name not in _SKIP_MODULES and ">>> " in path.read_text(encoding="utf-8"):
            names.append(name)
    return names


@pytest.mark.parametrize("name", _modules_with_examples())
def test_module_doctests(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder(exclude_empty=True).find(module, module.__name__)
    examples = sum(len(t.examples) for t in tests)
    assert examples > 0, f"{name} shows '>>> ' but doctest finds no example in it"
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    for test in tests:
        runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)

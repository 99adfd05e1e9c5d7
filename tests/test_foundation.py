"""The shared foundations every engine builds on: provenance, seeding, locating problems, usage errors."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from _support.cli import run_cli
from pactlab._rng import DEFAULT_SEED, fresh, make_rng, seed_of, spawn
from pactlab.errors import PactlabError, ParameterError
from pactlab.results import Provenance, Result, jsonable
from pactlab.scenario import load_scenario

SCENARIO_PACKAGE = Path(__file__).resolve().parents[1] / "src" / "pactlab" / "scenario"


def test_provenance_round_trip_keeps_every_field() -> None:
    prov = Provenance(
        "eum",
        {"rounds": 10, "q": (1.0, 0.5)},
        7,
        "ab" * 32,
        variant="scholz-code",
        timestamp="2026-01-01T00:00:00+00:00",
        data={"calibration": "2026.1"},
    )
    back = Provenance.from_dict(prov.to_dict())
    assert back == prov
    assert back.variant == "scholz-code"
    assert back.data == {"calibration": "2026.1"}


def test_provenance_reads_outputs_written_before_variant_existed() -> None:
    old = {"model": "compromise", "parameters": {}, "seed": None, "scenario_digest": "x", "version": "0.1.0"}
    prov = Provenance.from_dict(old)
    assert prov.variant is None
    assert prov.timestamp is None
    assert prov.version == "0.1.0"


def test_jsonable_never_passes_nan() -> None:
    assert jsonable([np.float64("nan"), 1.5]) == [None, 1.5]


def test_seed_zero_is_the_default_and_a_seed_like_any_other() -> None:
    assert DEFAULT_SEED == 0
    assert make_rng(0).random() == make_rng(DEFAULT_SEED).random()
    assert seed_of(0) == 0


def test_fresh_entropy_is_recorded_and_repeatable() -> None:
    seed = fresh(None)
    assert isinstance(seed, int)
    assert make_rng(seed).random() == make_rng(seed).random()


@pytest.mark.parametrize("bad", [-1, True, 1.5, "3"])
def test_bad_seeds_name_the_parameter(bad: object) -> None:
    with pytest.raises(ParameterError) as info:
        make_rng(bad)  # type: ignore[arg-type]
    assert info.value.parameter == "rng"
    assert str(info.value).startswith("rng: ")
    with pytest.raises(ParameterError):
        spawn(bad, 2)  # type: ignore[arg-type]


def test_parameter_error_is_a_pactlab_error() -> None:
    assert issubclass(ParameterError, PactlabError)


def test_a_scenario_locates_its_own_field_paths() -> None:
    scenario = load_scenario("bdm1994-emissions")
    where = scenario.locate("issues[0].positions[1].salience")
    assert where.file == "catalog:bdm1994-emissions"
    assert where.path == "issues[0].positions[1].salience"
    lines = (SCENARIO_PACKAGE / "catalog" / "bdm1994-emissions.yaml").read_text().splitlines()
    assert where.line is not None
    assert "salience" in lines[where.line - 1]


def test_a_scenario_built_in_code_is_located_by_its_id() -> None:
    scenario = load_scenario("bdm1994-emissions")
    built = type(scenario).model_validate(scenario.model_dump())
    assert built == scenario  # where it was read from is not part of its content
    assert str(built.locate("issues[0]")) == "bdm1994-emissions:issues[0]"


def _runtime_imports(path: Path) -> set[str]:
    """Modules of pactlab.scenario imported at run time (not under TYPE_CHECKING) by one file."""
    tree = ast.parse(path.read_text())
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded |= {id(n) for child in node.body for n in ast.walk(child)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pactlab.scenario"):
            if node.module == "pactlab.scenario":
                found |= {f"pactlab.scenario.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
    return found


def test_no_import_cycles_inside_the_scenario_package() -> None:
    graph = {
        f"pactlab.scenario.{p.stem}": _runtime_imports(p)
        for p in SCENARIO_PACKAGE.glob("*.py")
        if p.stem != "__init__"
    }
    from graphlib import TopologicalSorter

    TopologicalSorter(graph).prepare()  # raises CycleError on a cycle


def test_the_result_protocol_is_structural() -> None:
    class Dummy:
        provenance = Provenance("dummy")

        def to_dict(self) -> dict[str, object]:
            return {"provenance": self.provenance.to_dict()}

        @classmethod
        def from_dict(cls, data: object) -> Dummy:
            return cls()

        def to_frame(self) -> object:
            return None

        def summary(self) -> str:
            return "dummy"

        def _repr_html_(self) -> str:
            return "<p>dummy</p>"

    assert isinstance(Dummy(), Result)
    assert not isinstance(object(), Result)


@pytest.mark.parametrize(
    "args",
    [
        ("frobnicate",),
        ("negotiate", "vilnius-2023", "--bogus"),
        ("analyze", "--draws", "abc"),
        ("ledger", "import", "some-file.csv"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    run = run_cli(*args)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert run.stderr.startswith("pactlab")


@pytest.mark.parametrize("args", [(), ("ledger",), ("scenarios",), ("ledger", "add")])
def test_a_bare_group_prints_its_help_and_exits_0(args: tuple[str, ...]) -> None:
    run = run_cli(*args)
    assert run.code == 0
    assert "Usage" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr

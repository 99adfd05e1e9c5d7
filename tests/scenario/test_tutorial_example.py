"""The docs cannot rot: the tutorial's example file validates and is the file shown on the page, the error
messages the page pastes are the ones pactlab prints for the edits the page describes, and the field
reference (docs/scenario-format.md) lists exactly the schema's fields with their required marks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pactlab.cli import main
from pactlab.scenario import load_scenario
from pactlab.scenario.taxonomy import DecisionRule, InstrumentKind

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "tutorial.md"
EXAMPLE = Path(__file__).with_name("tutorial_example.yaml")


def _page() -> str:
    return TUTORIAL.read_text(encoding="utf-8")


def _console_lines(page: str, command: str) -> list[list[str]]:
    """Output lines of every ```console block on the page that runs ``command``."""
    blocks = re.findall(r"```console\n(.*?)```", page, flags=re.S)
    out = []
    for block in blocks:
        lines = block.splitlines()
        if lines and lines[0] == f"$ {command}":
            out.append([line for line in lines[1:] if not line.startswith("$") and line not in {"0", "2"}])
    return out


def _validate(
    folder: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[str]]:
    """Run ``pactlab scenarios validate NAME`` in ``folder`` (the page runs it next to the file)."""
    (folder / name).write_text(text, encoding="utf-8")
    status = main(["scenarios", "validate", name])
    captured = capsys.readouterr()
    return status, [line for line in (captured.err + captured.out).splitlines() if line.strip()]


def test_the_example_validates() -> None:
    scenario = load_scenario(EXAMPLE)
    assert scenario.id == "tutorial-ardenia"
    assert scenario.issue("accession").decision.rule is DecisionRule.UNANIMITY
    assert scenario.issue("monitoring").decision.rule is DecisionRule.COALITION_OF_THE_WILLING
    assert {x.kind for x in scenario.instruments} == {
        InstrumentKind.COLLECTIVE_DEFENCE_CLAUSE,
        InstrumentKind.MONITORING_MISSION,
        InstrumentKind.SANCTIONS,
    }
    assert {p.id for p in scenario.deterrence.parameters} == {"p_T_base", "p_S_base"}
    assert all(p.prior is not None for p in scenario.deterrence.parameters)


def test_the_page_shows_the_example_file_verbatim() -> None:
    page = _page()
    match = re.search(
        r"<!-- tutorial-example:begin -->\n```yaml\n(.*?)```\n<!-- tutorial-example:end -->", page, flags=re.S
    )
    assert match is not None, "the tutorial lost its marked example block"
    assert match.group(1) == EXAMPLE.read_text(encoding="utf-8")


def test_the_pasted_validation_outputs_are_real(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = _page()
    text = EXAMPLE.read_text(encoding="utf-8")
    shown_my = _console_lines(page, "pactlab scenarios validate my.yaml")
    shown_broken = _console_lines(page, "pactlab scenarios validate broken.yaml")
    assert len(shown_my) == 2
    assert len(shown_broken) == 2

    status, lines = _validate(tmp_path, "my.yaml", text, capsys)
    assert (status, lines) == (0, shown_my[0])

    title = '    title: "Ardenia\'s path to Pact membership (status quo: partnership, no commitment)"'
    assert title in text
    unquoted = text.replace(title, title.replace('"', ""))
    status, lines = _validate(tmp_path, "my.yaml", unquoted, capsys)
    assert (status, lines) == (2, shown_my[1])

    delmar = (
        '{actor: del, position: 25, salience: 0.6, rationale: "estimate: Delmar has said nothing beyond the '
        'communique and trades heavily with Borovia"}'
    )
    assert delmar in text
    broken = text.replace(delmar, "{actor: del, position: 125, salience: 0.6}")
    broken = broken.replace(
        "guarantors: [cor, del, est]\n    adoption", "guarantors: [cor, dell, est]\n    adoption"
    )
    bad_kind = broken.replace("kind: monitoring_mission", "kind: monitoring")
    status, lines = _validate(tmp_path, "broken.yaml", bad_kind, capsys)
    assert (status, lines) == (2, shown_broken[0])
    status, lines = _validate(tmp_path, "broken.yaml", broken, capsys)
    assert (status, lines) == (2, shown_broken[1])


def test_the_pasted_decide_outputs_are_real(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    page = _page()
    match = re.search(r"```text\n(#A;.*?)```", page, flags=re.S)
    assert match is not None
    csv_text = match.group(1)
    shown = _console_lines(page, "pactlab scenarios validate pact.csv")
    assert len(shown) == 2
    status, lines = _validate(tmp_path, "pact.csv", csv_text, capsys)
    assert (status, lines) == (0, shown[0])
    good = "#D;del;accession;25;0.6;25000"
    assert good in csv_text
    status, lines = _validate(
        tmp_path, "pact.csv", csv_text.replace(good, good.replace("0.6", "1.6")), capsys
    )
    assert (status, lines) == (2, shown[1])


def test_the_field_reference_lists_every_field_of_the_schema() -> None:
    """docs/scenario-format.md has one table per model with every field and its 'required' mark."""
    from pactlab.scenario import Scenario

    page = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### (\w+)\n(.*?)(?=^### |\Z)", page, flags=re.S | re.M))
    schema = Scenario.model_json_schema()
    models = {name: d for name, d in schema["$defs"].items() if "properties" in d}
    models["Scenario"] = schema
    assert set(sections) == set(models)
    for name, model in models.items():
        rows = dict(re.findall(r"^\| `(\w+)` \| (yes|no) \|", sections[name], flags=re.M))
        required = set(model.get("required", []))
        assert rows == {field: "yes" if field in required else "no" for field in model["properties"]}, name

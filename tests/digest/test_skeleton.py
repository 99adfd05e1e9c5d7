"""The scenario skeleton: invalid while positions are empty, valid once they are filled in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pactlab.cli import main
from pactlab.digest.skeleton import skeleton_data, write_skeleton
from pactlab.errors import PactlabError
from pactlab.scenario import read_scenario
from pactlab.scenario.io import scenario_from_data


def _fill(data: dict) -> dict:  # type: ignore[type-arg]
    for issue in data["issues"]:
        issue["status_quo"] = 10.0
        for k, position in enumerate(issue["positions"]):
            position["position"] = 20.0 + 7.0 * k
            position["salience"] = 0.5
    actors = [a["id"] for a in data["actors"]]
    data["deterrence"] = {"challenger": actors[0], "target": actors[1]}  # the analyst names them
    return data


def test_skeleton_validates_once_positions_are_filled(article_digest, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_skeleton(article_digest, tmp_path / "skel.yaml", as_of=dt.date(2024, 2, 1))
    with pytest.raises(PactlabError) as unfilled:
        read_scenario(path)
    assert any("positions[0].position" in line for line in unfilled.value.lines())
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenario = scenario_from_data(_fill(data), str(path))
    found = {i.id for i in article_digest.instruments}
    assert {i.id for i in scenario.issues} == found
    assert {i.kind.value for i in scenario.instruments} == found
    assert {a.id for a in scenario.actors} == {a.id for a in article_digest.actors}
    assert all(p.rationale for issue in scenario.issues for p in issue.positions)
    filled = tmp_path / "filled.yaml"
    filled.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert main(["scenarios", "validate", str(filled)]) == 0


def test_evidence_quoted_as_rationale(article_digest) -> None:  # type: ignore[no-untyped-def]
    data = skeleton_data(article_digest, as_of=dt.date(2024, 2, 1))
    issue = next(i for i in data["issues"] if i["id"] == "post_hostilities_guarantee")
    german = next(p for p in issue["positions"] if p["actor"] == "deu")
    assert german["position"] is None
    assert german["salience"] is None
    assert "German leadership has indicated support" in german["rationale"]


def test_cli_skeleton_and_no_actor_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "knee.txt"
    text.write_text(
        "Strengthening exercises for the muscles that support the knee help prevent "
        "injuries. Do each exercise two to three times a week.",
        encoding="utf-8",
    )
    out = tmp_path / "skel.yaml"
    assert main(["digest", str(text), "--skeleton", str(out)]) == 2
    assert "no actors" in capsys.readouterr().err
    assert not out.exists()


def test_as_of_is_the_articles_date_or_left_empty(tmp_path: Path) -> None:
    """The skeleton never stamps today's date: the article's own date if found, else empty with a note."""
    from pactlab.digest import digest_text
    from pactlab.digest.skeleton import skeleton_yaml

    dated = digest_text("KYIV, 12 July 2023 - NATO allies agreed to send air defence systems to Ukraine.")
    assert skeleton_data(dated)["metadata"]["as_of"] == "2023-07-12"
    undated = digest_text("NATO allies agreed to send air defence systems to Ukraine during the war.")
    assert undated.date is None
    assert skeleton_data(undated)["metadata"]["as_of"] is None
    assert "the text gives no date" in skeleton_yaml(undated)
    assert skeleton_data(undated, as_of=dt.date(2024, 2, 1))["metadata"]["as_of"] == "2024-02-01"


def test_skeleton_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "a.txt"
    text.write_text(
        "NATO allies agreed to send air defence systems to Ukraine during the war.", encoding="utf-8"
    )
    out = tmp_path / "skel.yaml"
    out.write_text("analyst's work\n", encoding="utf-8")
    assert main(["digest", str(text), "--skeleton", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"pactlab digest: --force: {out} exists and was not overwritten"
    assert out.read_text(encoding="utf-8") == "analyst's work\n"
    assert main(["digest", str(text), "--skeleton", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Scenario skeleton")


def test_options_only_for_offered_or_conditional_instruments() -> None:
    from pactlab.digest import digest_text

    d = digest_text(
        "Germany will not send Taurus cruise missiles to Ukraine. France will deliver air defence systems "
        "to Ukraine during the war."
    )
    data = skeleton_data(d)
    statuses = {i.id: i.status for i in d.instruments}
    assert statuses["long_range_strike"] == "refused"
    adopted = {o["instruments"][0] for o in data["options"]}
    assert "long_range_strike" not in adopted
    assert "air_defence" in adopted
    assert all(f"Status in the text: {statuses[i['id']]}" in i["rationale"] for i in data["instruments"])

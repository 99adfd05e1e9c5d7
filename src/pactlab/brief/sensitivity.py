"""Which sensitivity result the brief shows: one saved by ``pactlab sensitivity --json``, never a new run.

A global sensitivity analysis (:mod:`pactlab.sensitivity`) takes a minute (Morris screening) to an hour
(Sobol'), far more than ``pactlab analyze`` may take (issue 19: under 5 s of CPU). So the brief reads a
saved result: a file the user names (``pactlab analyze SCENARIO --sensitivity FILE``), or, for a catalog
scenario, the result shipped in ``pactlab/brief/data/sensitivity/<id>.json``. A result is used only for
the scenario it was computed on: its provenance's scenario digest must equal the scenario's digest
(a shipped result for an edited scenario is ignored, and the brief says so; a named file for another
scenario is refused). The brief says which result it read (method, design size, draws, seed).

The shipped files (one per catalog scenario with a deterrence question) are written by
``pactlab sensitivity ID --method morris --n 8 --draws 2000 --seed 0 --json >
src/pactlab/brief/data/sensitivity/ID.json``; ``tests/brief/test_sensitivity.py`` checks that each is
fresh (its digest is the catalog file's) and that vilnius-2023's equals a rerun.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from pactlab.errors import PactlabError, ParameterError

if TYPE_CHECKING:
    from pactlab.scenario import Scenario
    from pactlab.sensitivity import SensitivityResult

__all__ = [
    "SHIPPED_SETTINGS",
    "check_sensitivity",
    "describe",
    "not_run_note",
    "read_sensitivity",
    "shipped_path",
    "shipped_sensitivity",
]

SHIPPED_SETTINGS = {"method": "morris", "n": 8, "draws": 2000, "seed": 0}
"""How the shipped results were computed: the cheap Morris screening that docs/sensitivity.md
recommends for the brief (about a minute on two cores per scenario)."""

MAX_BYTES = 64 << 20
"""A larger file is refused before it is read (bounded memory); a saved result is about 0.5 MB."""


def shipped_path(scenario_id: str) -> Path:
    """Where the shipped result for catalog scenario ``scenario_id`` lives (it may not exist)."""
    return Path(str(resources.files("pactlab.brief") / "data" / "sensitivity" / f"{scenario_id}.json"))


def read_sensitivity(path: str | Path) -> SensitivityResult:
    """A result saved by ``pactlab sensitivity SCENARIO --json``.

    Raises
    ------
    PactlabError
        One line located at ``path``: missing, too large, not JSON, or not a sensitivity result.
    """
    from pactlab.sensitivity import SensitivityResult

    where = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise PactlabError.at(where, "", f"is {size:,} bytes; a saved sensitivity result is far smaller")
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise PactlabError.at(where, "", f"cannot read it: {error.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PactlabError.at(
            where, "", f"is not JSON ({error}); save it with pactlab sensitivity --json"
        ) from None
    try:
        if not isinstance(data, dict) or data.get("provenance", {}).get("model") != "sensitivity":
            raise ValueError("its provenance does not name the sensitivity model")
        return SensitivityResult.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise PactlabError.at(
            where, "", f"is not a result of pactlab sensitivity --json ({type(error).__name__}: {error})"
        ) from None


def check_sensitivity(result: SensitivityResult, scenario: Scenario) -> None:
    """Refuse a result computed on another scenario (or another version of this one).

    Raises
    ------
    ParameterError
        Naming ``sensitivity``: the digests differ.
    """
    theirs = result.provenance.scenario_digest
    if theirs != scenario.digest:
        raise ParameterError(
            "sensitivity",
            f"was computed on scenario {result.scenario!r} with digest {(theirs or 'none')[:12]}, not on "
            f"{scenario.metadata.id!r} (digest {scenario.digest[:12]}): run pactlab sensitivity on this "
            "scenario again",
        )


def shipped_sensitivity(scenario: Scenario) -> tuple[SensitivityResult | None, str]:
    """The shipped result for ``scenario`` when its digest matches, and where it came from; otherwise
    ``None`` and why (no shipped result, or one for an earlier version of the scenario)."""
    path = shipped_path(scenario.metadata.id)
    if not path.is_file():
        return None, not_run_note(scenario)
    result = read_sensitivity(path)
    if result.provenance.scenario_digest != scenario.digest:
        return None, (
            f"the result shipped for {scenario.metadata.id} was computed on another version of the scenario "
            f"(digest {str(result.provenance.scenario_digest)[:12]}, not {scenario.digest[:12]}). "
            + not_run_note(scenario)
        )
    return result, f"shipped with pactlab for this scenario (brief/data/sensitivity/{path.name})"


def not_run_note(scenario: Scenario) -> str:
    """One line: sensitivity was not run, and the commands that run it and show it in the brief."""
    origin = scenario.origin
    ref = (
        scenario.metadata.id
        if not origin or origin == "scenario" or origin.startswith("catalog:")
        else origin
    )
    return (
        f"Sensitivity not run for this brief: pactlab sensitivity {ref} --method morris --json > sens.json, "
        f"then pactlab analyze {ref} --sensitivity sens.json."
    )


def describe(result: SensitivityResult, origin: str) -> str:
    """Which result the brief read: method, design size, draws, seed, and where it came from."""
    design = (
        f"Morris screening, {result.n} trajectories"
        if result.method == "morris"
        else f"Sobol' (Saltelli), {result.n} base samples"
    )
    return f"{design}, {result.draws:,} draws, seed {result.provenance.seed}; {origin}"

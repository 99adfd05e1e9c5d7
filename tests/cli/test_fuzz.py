"""Fuzzing the command line (issue 18 item 6, command-line half).

Hypothesis draws command lines for every command (random options and values: negative, huge, NaN, inf,
empty, unicode, control characters; paths that are folders, missing, empty, binary, alias-heavy or
deeply nested, with a newline or an escape sequence in their name) and runs each in-process through
``pactlab.cli.main`` within a time and memory bound (``_support.fuzzing.run_bounded``). Every run must
end with exit 0 or 2, no traceback, no raw control character on stdout or stderr, a message with every
exit 2, and only JSON under ``--json``.

Seed :data:`FUZZ_SEED`, :data:`EXAMPLES` examples per command. By hand: ``PACTLAB_FUZZ_EXAMPLES`` for a
deeper run, ``PACTLAB_FUZZ_SEED`` for another seed. Inputs that still fail in commands other helpers own
(FIFOs, ``/dev/zero``, markup and escape sequences in digested text) are kept out of the pools and pinned
as strict xfails in ``test_regressions.py``, naming the owner.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from _support.fuzzing import (
    CATALOG,
    FLOATS,
    HOSTILE,
    SEEDS,
    SMALL,
    TIME_LIMITS,
    Files,
    Surface,
    apply_env,
    check,
    command_lines,
    env_for,
    run_bounded,
    words,
)

FUZZ_SEED = int(os.environ.get("PACTLAB_FUZZ_SEED", "20260518"))  # CI: the default
EXAMPLES = int(os.environ.get("PACTLAB_FUZZ_EXAMPLES", "20"))

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the harness bounds each example itself (SIGALRM, RLIMIT_AS)
    database=None,  # the same examples on every machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ROOT: Path | None = None


@pytest.fixture(scope="module", autouse=True)
def playground(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Files]:
    """Hostile files in a throwaway folder, which is also the working folder (nothing lands elsewhere)."""
    root = tmp_path_factory.mktemp("fuzz")
    files = Files.make(root)
    restore = apply_env(env_for(root))
    cwd = Path.cwd()
    os.chdir(root)
    try:
        yield files
    finally:
        os.chdir(cwd)
        restore()


def _surfaces(files: Files) -> dict[str, Surface]:
    scenario = st.one_of(st.sampled_from(CATALOG), files.strategy(), words(HOSTILE))
    # invalid scenarios only: a valid one runs the whole analysis (test_analyze_output.py runs those)
    hostile_scenario = st.one_of(files.strategy(exclude=("hostile-title",)), words(HOSTILE))
    path = files.strategy()
    text = words(HOSTILE)
    json_flag = {"--json": None}
    return {
        "bare": Surface(
            (),
            (words(("scenarios", "ledger", "frobnicate", "--debug", "-h", "--help")),),
            {"--version": None, "--debug": None},
        ),
        "scenarios list": Surface(("scenarios", "list"), (), json_flag),
        "scenarios show": Surface(("scenarios", "show"), (scenario,), json_flag),
        "scenarios validate": Surface(("scenarios", "validate"), (scenario,)),
        "scenarios schema": Surface(("scenarios", "schema"), (text,)),
        "negotiate": Surface(
            ("negotiate",),
            (scenario,),
            {
                "--model": words(("compromise", "median", "nbs", "eum", "exchange", "unanimity", "all")),
                "--issue": words(("membership-path", "emission-standards")),
                "--rounds": st.sampled_from(SMALL),
                "--seed": st.sampled_from(SEEDS),
                **json_flag,
            },
        ),
        "deter": Surface(
            ("deter",),
            (scenario,),
            {
                "--option": text,
                "--draws": st.sampled_from((*SMALL[:5], "100", "abc", "nan", "")),
                "--seed": st.sampled_from(SEEDS),
                "--profile": words(("revisionist-challenger",)),
                **json_flag,
            },
        ),
        "plan": Surface(
            ("plan",),
            (scenario,),
            {
                "--horizon": st.sampled_from(SMALL),
                # inf and 1e308 are pinned in test_regressions.py (owner: plan)
                "--risk-budget": st.sampled_from(tuple(v for v in FLOATS if v not in {"inf", "1e308"})),
                "--pareto": st.sampled_from(SMALL),
                "--time-limit": st.sampled_from(TIME_LIMITS),
                "--psplib": path,
                "--gantt": st.sampled_from(("g.png", "g.svg", "", "folder")),
                **json_flag,
            },
            always=("--time-limit", "0.2"),
        ),
        "digest": Surface(
            ("digest",),
            # digested text with markup or escape sequences is pinned in test_regressions.py (owner: digest)
            (files.strategy(exclude=("article-esc", "article-markup")),),
            {
                "--sentences": st.sampled_from(SMALL),
                "--skeleton": st.sampled_from(("s.yaml", "folder", "")),
                **json_flag,
            },
        ),
        "analyze": Surface(
            ("analyze",),
            (hostile_scenario,),
            {
                "-o": st.sampled_from(("", "out", "folder", "empty.csv", "/dev/null")),
                "--draws": st.sampled_from(SMALL),
                "--seed": st.sampled_from(SEEDS),
                "--force": None,
                "--db": st.sampled_from(("sqlite:///x.db", "", "empty.csv", "folder")),
                "--sensitivity": st.one_of(path, text),
            },
            min_positionals=1,  # the default scenario runs the whole analysis: see test_analyze_output.py
        ),
        "backtest": Surface(
            ("backtest",),
            # corpus cases have committed run logs; --no-record keeps the fuzzer from writing new ones
            (st.one_of(words(("madrid-2022", "aukus-2021", "budapest-1994", "nothing")), path),),
            {
                "--models": words(("compromise", "median", "all", "nbs,median", "bogus")),
                "--seed": st.sampled_from(SEEDS),
                "--bootstrap": st.sampled_from(SMALL),
                "--rounds": st.sampled_from(SMALL),
                "--plot": st.sampled_from(("p.png", "p.svg", "p.xyz", "folder", "")),
                **json_flag,
            },
            always=("--no-record",),
        ),
        # calibrate and validate read the conflict record: a valid run fits for seconds, so every example
        # names a data folder that is missing, a file or hostile (the fit itself is tested in tests/deter)
        "calibrate": Surface(
            ("calibrate",),
            (),
            {
                "--bootstrap": st.sampled_from(SMALL),
                "--seed": st.sampled_from(SEEDS),
                "--output": st.sampled_from(("c.json", "folder", "", "/dev/null")),
                **json_flag,
            },
            always=("--data", "no-such-folder"),
        ),
        "validate deter": Surface(
            ("validate", "deter"),
            (),
            {
                "--plot": st.sampled_from(("r.png", "r.svg", "r.xyz", "folder", "")),
                "--draws": st.sampled_from(SMALL),
                "--seed": st.sampled_from(SEEDS),
                **json_flag,
            },
            always=("--data", "empty.csv"),
        ),
        # invalid scenarios only: a valid one runs a whole sensitivity analysis (tests/sensitivity runs those)
        "sensitivity": Surface(
            ("sensitivity",),
            (hostile_scenario,),
            {
                "--method": words(("sobol", "morris", "fast")),
                "--n": st.sampled_from(SMALL),
                "--scheduler": words(("tcp://", "nowhere", "tcp://256.0.0.1:x")),
                "--engine": words(("serial", "process", "dask", "gpu")),
                "--workers": st.sampled_from(SMALL),
                "--seed": st.sampled_from(SEEDS),
                "--draws": st.sampled_from(SMALL),
                "--input": text,
                "--range": words(("p_T_base=0.1:0.9", "x", "p=2:1", "=:")),
                **json_flag,
            },
        ),
        "ledger import": Surface(
            ("ledger", "import"),
            (path,),
            {"--format": words(("kiel", "kiel-activities", "sipri", "pun", "csv")), **json_flag},
        ),
        "ledger report": Surface(
            ("ledger", "report"),
            (),
            {"--by": words(("guarantor", "instrument", "month")), "--source": text, **json_flag},
        ),
        "ledger export": Surface(("ledger", "export"), (), {"-o": st.sampled_from(("e.csv", "folder", ""))}),
        "ledger add": Surface(
            ("ledger", "add"),
            (st.sampled_from(("pledge", "delivery", "benchmark", "nothing")),),
            {
                "--guarantor": words(("usa", "deu", "xyz")),
                "--date": words(("2023-07-10", "2025-02-30")),
                "--value": st.sampled_from(FLOATS),
                "--currency": words(("EUR", "USD", "XYZ")),
                "--pledge": st.sampled_from(SMALL),
                "--criterion": text,
                "--status": words(("met", "not_met")),
                "--stage": words(("announced", "committed", "allocated")),
            },
        ),
        "data check": Surface(
            ("data", "check"),
            (),
            {
                "--path": st.one_of(path, st.sampled_from(("", "folder", "/dev/null", "no-such-folder"))),
                **json_flag,
            },
        ),
        # 'pactlab serve' itself starts a server and is tested in tests/web (a live server per session)
        "serve token create": Surface(
            ("serve", "token", "create"),
            (st.one_of(text, words(("analyst", "a.b@c-d", "x" * 101))),),
            {
                "--db": st.one_of(
                    path, st.sampled_from(("", "sqlite:///t.db", "sqlite:///folder", "mysql://x"))
                )
            },
        ),
        "ledger db": Surface(
            ("ledger", "report"),
            (),
            {"--db": st.one_of(path, st.sampled_from(("", "sqlite://", "sqlite:///folder", "mysql://x")))},
        ),
    }


SURFACES = [
    "bare",
    "scenarios list",
    "scenarios show",
    "scenarios validate",
    "scenarios schema",
    "negotiate",
    "deter",
    "plan",
    "digest",
    "analyze",
    "backtest",
    "calibrate",
    "validate deter",
    "sensitivity",
    "ledger import",
    "ledger report",
    "ledger export",
    "ledger add",
    "ledger db",
    "data check",
    "serve token create",
]


@pytest.mark.parametrize("name", SURFACES)
def test_fuzz_command_lines(name: str, playground: Files) -> None:
    surface = _surfaces(playground)[name]

    @FUZZ
    @seed(FUZZ_SEED)
    @given(argv=command_lines(surface))
    def one(argv: list[str]) -> None:
        check(argv, run_bounded(argv))

    one()


def test_surfaces_cover_every_command() -> None:
    """Every command of the lazy table is fuzzed (a new command needs a surface here)."""
    from pactlab.cli import COMMANDS

    fuzzed = {name.split()[0] for name in SURFACES}
    assert set(COMMANDS) <= fuzzed

"""The ledger, the roadmap optimiser and the digest: one everyday operation each.

The full hand-run benchmarks stay in benchmarks/bench_ledger.py (SQLite and PostgreSQL, SIPRI and
Kiel, every report), bench_plan.py (PSPLIB j30/j60/j120/mm against published optima) and
bench_digest.py (every labelled text, boilerplate removal compared).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from typing import Any

from ._common import DATA, ROOT, slow

KIEL = DATA / "ukraine" / "kiel-r28" / "bilateral_activities.csv"
ARTICLE = ROOT.parent / "shared" / "docs" / "source-article.txt"


@slow
class LedgerImport:
    """Import the Kiel R28 per-activity rows (5,565 rows) into a fresh SQLite ledger."""

    timer = time.process_time

    def setup(self) -> None:
        from pactlab.ledger import open_ledger

        self.tmp = tempfile.TemporaryDirectory()
        self.n = 0
        self.open = open_ledger

    def teardown(self) -> None:
        self.tmp.cleanup()

    def time_import_kiel_sqlite(self) -> None:
        self.n += 1
        with self.open(f"sqlite:///{self.tmp.name}/l{self.n}.sqlite3") as ledger:
            ledger.import_file(KIEL, "kiel-activities")


class LedgerReport:
    """``ledger_report`` by guarantor, as of the Vilnius summit, on the imported Kiel rows."""

    timer = time.process_time

    def setup(self) -> None:
        from pactlab.ledger import ledger_report, open_ledger

        self.tmp = tempfile.TemporaryDirectory()
        self.ledger: Any = open_ledger(f"sqlite:///{self.tmp.name}/l.sqlite3")
        self.ledger.import_file(KIEL, "kiel-activities")
        self.report = ledger_report

    def teardown(self) -> None:
        self.ledger.close()
        self.tmp.cleanup()

    def time_report_by_guarantor_as_of(self) -> None:
        self.report(self.ledger, "guarantor", as_of=dt.date(2023, 7, 10))


@slow
class Plan:
    """The vilnius-2023 roadmap: build the problem and solve it with CP-SAT (one worker, seed 0: the
    same plan every run; CP-SAT proves it optimal, so the time is not the time limit)."""

    timer = time.process_time

    def setup(self) -> None:
        from pactlab.plan import roadmap_problem, solve_roadmap
        from pactlab.scenario import load_scenario

        self.scenario: Any = load_scenario("vilnius-2023")
        self.problem, self.solve = roadmap_problem, solve_roadmap

    def time_roadmap_vilnius_2023(self) -> None:
        self.solve(self.problem(self.scenario), workers=1, seed=0)


class PlanPsplib:
    """PSPLIB j301_1 ... j301_10 (../shared/data/scheduling/psplib), CP-SAT with one worker, seed 0;
    each is proved optimal in milliseconds (bench_plan.py j30 checks all 480 against j30opt.sm)."""

    timer = time.process_time

    def setup(self) -> None:
        from pactlab.plan import read_psplib, solve_cpsat

        folder = DATA / "scheduling" / "psplib" / "sm" / "j30"
        self.projects = [read_psplib(folder / f"j301_{i}.sm") for i in range(1, 11)]
        self.solve = solve_cpsat

    def time_cpsat_j301_1_to_10(self) -> None:
        for project in self.projects:
            self.solve(project, time_limit=10.0, workers=1, seed=0)


class Digest:
    """Digest the source article (after a warm-up digest: imports, gazetteer, compiled patterns)."""

    timer = time.process_time

    def setup(self) -> None:
        from pactlab.digest import digest_text

        self.text = Path(ARTICLE).read_text(encoding="utf-8")
        self.digest = digest_text
        self.digest("NATO will send long-range missiles to Ukraine.")

    def time_digest_source_article(self) -> None:
        self.digest(self.text, name="source-article")

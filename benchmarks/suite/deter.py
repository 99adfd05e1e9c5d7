"""The deterrence Monte Carlo (issue 19 item 3): time and peak memory in the number of draws.

The 10^7-draw figure and the whole command under ``/usr/bin/time -v`` are hand-run
(``benchmarks/bench_deter.py --scaling``); here 10^5 and 10^6 draws of ``assess_scenario`` on
vilnius-2023, enough to see time linear and memory flat in draws.
"""

from __future__ import annotations

import time
from typing import Any

from ._common import slow


def _option() -> Any:
    """The option of ``benchmarks/bench_deter.py``: an Article-5-like clause and a monitoring mission."""
    from pactlab.deter.mapping import InstrumentSpec, OptionSpec

    art5 = InstrumentSpec(
        "art5",
        "collective_defence_clause",
        "treaty",
        capability=0.6,
        escalation_signal=0.3,
        guarantors=("a", "b", "c"),
    )
    mon = InstrumentSpec(
        "mon", "monitoring_mission", "political_declaration", verifiability=0.7, guarantors=("a",)
    )
    return OptionSpec("bench", "benchmark option", (art5, mon), ("a", "b", "c"))


@slow
class DeterDraws:
    params = (100_000, 1_000_000)
    param_names = ("draws",)
    timer = time.process_time

    def setup(self, draws: int) -> None:
        from pactlab.deter import assess_scenario
        from pactlab.scenario import load_scenario

        self.scenario: Any = load_scenario("vilnius-2023")
        self.assess = assess_scenario
        self.assess(self.scenario, draws=1_000)  # imports and the calibration load

    def time_assess(self, draws: int) -> None:
        self.assess(self.scenario, draws=draws, rng=0)

    def peakmem_assess(self, draws: int) -> None:
        self.assess(self.scenario, draws=draws, rng=0)


class DeterSolver:
    """The closed-form logit-QRE solver on 10^6 mapped draws (``bench_deter.py`` part 1)."""

    number = 1
    repeat = (3, 10, 20.0)
    timer = time.process_time

    def setup(self) -> None:
        import numpy as np

        from pactlab.deter.mapping import draw_parameters, game_parameters, resolve_parameters
        from pactlab.deter.montecarlo import solve_escalation

        params = resolve_parameters()
        self.gp = game_parameters(_option(), draw_parameters(params, 1_000_000, np.random.default_rng(0)))
        self.solve = solve_escalation

    def time_solve_escalation_1e6(self) -> None:
        self.solve(self.gp)

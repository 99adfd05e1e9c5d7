"""The EUM ensemble (issue 19 item 3) and the EUM itself (issue 3 targets), as in bench_negotiate.py."""

from __future__ import annotations

import time
from typing import Any

from ._common import slow


@slow
class EumEnsemble:
    """10,000 perturbed draws of vilnius-2023, 10 rounds, streamed (target < 10 s wall on 2 cores);
    CPU of this process, all its threads; memory flat in draws (1,000 against 10,000)."""

    params = (1_000, 10_000)
    param_names = ("draws",)
    timer = time.process_time

    def setup(self, draws: int) -> None:
        from pactlab.negotiate import eum_ensemble
        from pactlab.scenario import load_scenario

        self.arrays: Any = load_scenario("vilnius-2023").to_arrays()
        self.run = eum_ensemble
        self.run(self.arrays, draws=16, rounds=10, rng=2023)

    def time_eum_ensemble(self, draws: int) -> None:
        self.run(self.arrays, draws=draws, rounds=10, rng=2023)

    def peakmem_eum_ensemble(self, draws: int) -> None:
        self.run(self.arrays, draws=draws, rounds=10, rng=2023)


class Eum:
    """The EUM on the EC car emission case, 10 rounds (target < 5 ms)."""

    timer = time.process_time

    def setup(self) -> None:
        from pactlab.negotiate import eum
        from pactlab.scenario import load_scenario

        self.arrays: Any = load_scenario("bdm1994-emissions").to_arrays()
        self.eum = eum

    def time_eum_emission_10_rounds(self) -> None:
        self.eum(self.arrays, 0, rounds=10)

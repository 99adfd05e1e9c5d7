"""The exchange model (issue 19 item 1): scaling in actors x issues, and the cop21 decide file.

The scaling inputs are those of ``benchmarks/bench_exchange.py --part scaling`` (which also counts the
candidates and fits the exponent; run it by hand for the table in benchmarks/README.md). 200x100 at 10
rounds is skipped here (asv's convention: ``setup`` raises ``NotImplementedError``).
"""

from __future__ import annotations

import time
from typing import Any, Literal

from ._common import COP21, random_arrays, slow

SIZES = ("10x5", "20x10", "40x20", "70x35", "100x50", "200x100")


def _warm_up() -> None:
    """numba's import, the registries and the kernel's cache load are start-up, not model time."""
    from pactlab.negotiate import exchange_rounds

    exchange_rounds(random_arrays(6, 3), rounds=1, engine="compiled")


@slow
class ExchangeScaling:
    """``exchange_rounds(engine="compiled")`` on random n x m scenarios (seed 2024), 1 and 10 rounds.

    The compiled engine, as the scaling table: the default ``auto`` interprets until the process's work
    would repay numba's start-up, so its timings would depend on what the process ran before.
    """

    params = (SIZES, (1, 10))
    param_names = ("actors_x_issues", "rounds")
    timer = time.process_time

    def setup(self, size: str, rounds: int) -> None:
        from pactlab.negotiate import exchange_rounds

        if size == "200x100" and rounds == 10:
            # about 15 CPU-minutes per sample: hand-run only (bench_exchange.py --part scaling)
            raise NotImplementedError("200x100, 10 rounds: run benchmarks/bench_exchange.py by hand")
        n, m = (int(v) for v in size.split("x"))
        self.arrays = random_arrays(n, m)
        self.run = exchange_rounds
        _warm_up()

    def time_exchange(self, size: str, rounds: int) -> None:
        self.run(self.arrays, rounds=rounds, engine="compiled")

    def peakmem_exchange(self, size: str, rounds: int) -> None:
        self.run(self.arrays, rounds=rounds, engine="compiled")


@slow
class ExchangeCop21:
    """cop21.csv (../shared/data/negotiation/decide), 10 rounds, by engine; the peer comparison is
    ``benchmarks/bench_exchange.py --part cop21`` (the peer needs its own Python 3.13 venv)."""

    # not "auto": it interprets until the process's work would repay numba's start-up, so its time
    # changes between the samples of one run (bench_exchange.py --part cop21 reports it apart)
    params = ("python", "compiled")
    param_names = ("engine",)
    timer = time.process_time

    def setup(self, engine: Literal["python", "compiled"]) -> None:
        from pactlab.negotiate import exchange_rounds
        from pactlab.scenario import read_scenario

        self.arrays: Any = read_scenario(COP21).to_arrays()
        self.run = exchange_rounds
        self.run(self.arrays, rounds=1, engine=engine)

    def time_cop21_10_rounds(self, engine: Literal["python", "compiled"]) -> None:
        self.run(self.arrays, rounds=10, engine=engine)

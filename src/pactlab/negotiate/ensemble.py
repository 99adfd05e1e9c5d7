"""Ensembles: the EUM over many perturbed draws of a scenario's positions and saliences, vectorised.

Each draw perturbs every present cell: position + N(0, sd_position) (0-100 scale, clipped to [0, 100]),
salience + N(0, sd_salience) (clipped to [0.01, 1]). All draws come from one generator built from
``rng``, before any work is split, so the same seed gives the same numbers whatever ``workers`` is.
Work is split into chunks of draws run on a thread pool (NumPy releases the GIL in its kernels). The
ensemble computes in float32 by default (``dtype``), halving memory traffic; single runs use float64.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab._rng import RNGLike, make_rng, seed_of
from pactlab.errors import PactlabError
from pactlab.negotiate._common import cells
from pactlab.negotiate.eum import Variant, eum_batch
from pactlab.results import Provenance
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["EnsembleResult", "eum_ensemble"]

F = NDArray[np.float64]


@dataclass(frozen=True)
class EnsembleResult:
    """Final EUM median and mean per draw and issue, in each issue's units: arrays (draws, issues)."""

    issue_ids: tuple[str, ...]
    median: F
    mean: F
    provenance: Provenance

    def summary(self) -> dict[str, Any]:
        """Per issue: mean, 5% and 95% quantiles of the forecast (median) over the draws."""
        q05, q95 = np.quantile(self.median, [0.05, 0.95], axis=0)
        return {
            i: {"mean": float(m), "q05": float(a), "q95": float(b)}
            for i, m, a, b in zip(self.issue_ids, self.median.mean(0), q05, q95, strict=True)
        }


def eum_ensemble(
    arrays: ScenarioArrays,
    *,
    draws: int = 1000,
    rounds: int = 10,
    sd_position: float = 5.0,
    sd_salience: float = 0.05,
    q: float = 1.0,
    variant: Variant = "equations",
    rng: RNGLike = None,
    workers: int = 1,
    chunk: int = 500,
    dtype: type = np.float32,
) -> EnsembleResult:
    """Run :func:`pactlab.negotiate.eum.eum_batch` over ``draws`` perturbed copies of every issue."""
    if draws < 1 or workers < 1 or chunk < 1:
        raise PactlabError.at(arrays.scenario_id, "draws", "draws, workers and chunk must be >= 1")
    gen = make_rng(rng)
    issues = [cells(arrays, d) for d in range(arrays.n_issues)]
    inputs = []
    for cell in issues:  # all random numbers drawn here, in one fixed order
        x = np.clip(cell.x + gen.normal(0.0, sd_position, (draws, cell.x.size)), 0.0, 100.0)
        s = np.clip(cell.s + gen.normal(0.0, sd_salience, (draws, cell.s.size)), 0.01, 1.0)
        inputs.append((x, s, np.broadcast_to(cell.c, x.shape)))
    jobs = [(d, lo) for d in range(len(issues)) for lo in range(0, draws, chunk)]

    def run(job: tuple[int, int]) -> tuple[int, int, F, F]:
        d, lo = job
        x, s, c = (a[lo : lo + chunk] for a in inputs[d])
        tr = eum_batch(x, c, s, q=q, max_rounds=rounds, variant=variant, dtype=dtype)
        return d, lo, tr.median[:, -1], tr.mean[:, -1]

    med, mean = np.empty((draws, len(issues))), np.empty((draws, len(issues)))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for d, lo, m1, m2 in pool.map(run, jobs):
            med[lo : lo + len(m1), d], mean[lo : lo + len(m2), d] = m1, m2
    for d in range(len(issues)):
        med[:, d], mean[:, d] = arrays.to_units(med[:, d], d), arrays.to_units(mean[:, d], d)
    params = {
        "draws": draws,
        "rounds": rounds,
        "sd_position": sd_position,
        "sd_salience": sd_salience,
        "q": q,
        "variant": variant,
        "dtype": np.dtype(dtype).name,
    }
    prov = Provenance("eum-ensemble", params, seed_of(rng), arrays.digest)
    return EnsembleResult(arrays.issue_ids, med, mean, prov)

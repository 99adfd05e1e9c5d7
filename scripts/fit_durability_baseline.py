"""Fit the baseline survival of peace after post-1945 inter-state wars; write it as package data.

Data (not shipped; read from ../shared/data/conflict/peacesciencer, the peacesciencer R package
data): ``cow_war_inter.rda`` (COW inter-state wars 4.0, dyad-years) and ``cow_mid_ddydisps.rda``
(COW MID 5.0, directed dyad-years, 1816-2014).

Sample: every pair of states on opposite sides of an inter-state war that began in 1945 or later
(119 dyads). Clock: from the last year the pair was at war. Event: the first MID onset between the
pair in a later year (``any``), or the first such MID reaching hostility level 4 or 5, use of force
(``force``). Censoring: 2014, the end of MID 5.0. Time is in whole years (the data are yearly).

Model: a piecewise-exponential hazard with breaks at 1, 3, 5 and 10 years, fitted by maximum
likelihood treating a year-``t`` onset as an event in the interval (t - 1, t] (interval censoring),
so that S(t) at whole years is comparable with the Kaplan-Meier estimate. The script prints the
Kaplan-Meier figures and the fitted S(1), S(5), S(10) and writes
``src/pactlab/deter/data/durability_baseline.json``.

Uncertainty: :data:`BOOTSTRAP` nonparametric bootstrap replicates (war dyads drawn with replacement,
seed 0), each refitted; their rates ship in the same file, and the Monte Carlo takes one replicate
per draw (pactlab.deter.durability), so the baseline's sampling uncertainty (119 dyads, 78 events)
reaches every reported S(t). The file also records the replicates' 95% percentile intervals.

Usage: python scripts/fit_durability_baseline.py [DATA_DIR]
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pyreadr
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parents[1]
BREAKS = (0.0, 1.0, 3.0, 5.0, 10.0, np.inf)
DATA_END = 2014
BOOTSTRAP = 1000


def durations(data: Path, force: bool, start: int = 1945) -> tuple[np.ndarray, np.ndarray]:
    """(years from war end to the first new MID or censoring, event indicator) per war dyad."""
    war = pyreadr.read_r(str(data / "cow_war_inter.rda"))["cow_war_inter"]
    mid = pyreadr.read_r(str(data / "cow_mid_ddydisps.rda"))["cow_mid_ddydisps"]
    war = war[war["sidea1"] != war["sidea2"]].copy()
    for df in (war, mid):
        df["lo"] = np.minimum(df["ccode1"], df["ccode2"])
        df["hi"] = np.maximum(df["ccode1"], df["ccode2"])
    spells = war.groupby(["warnum", "lo", "hi"])["year"].agg(["min", "max"]).reset_index()
    spells = spells[spells["min"] >= start]
    onsets = mid[mid["cowmidonset"] == 1]
    if force:
        onsets = onsets[onsets["hostlev"] >= 4]
    by_pair = {k: np.sort(v.unique()) for k, v in onsets.groupby(["lo", "hi"])["year"]}
    times, events = [], []
    for row in spells.itertuples(index=False):
        years = by_pair.get((row.lo, row.hi), np.array([]))
        later = years[years > row.max]
        times.append(later.min() - row.max if later.size else DATA_END - row.max)
        events.append(1 if later.size else 0)
    return np.asarray(times, dtype=float), np.asarray(events, dtype=int)


def kaplan_meier(times: np.ndarray, events: np.ndarray, at: float) -> float:
    """Kaplan-Meier survival at ``at`` (product over event times <= at)."""
    s = 1.0
    for u in np.unique(times[events == 1]):
        if u > at:
            break
        s *= 1.0 - ((times == u) & (events == 1)).sum() / (times >= u).sum()
    return float(s)


def cumulative_hazard(t: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """H(t) of a piecewise-exponential hazard with :data:`BREAKS`."""
    t = np.asarray(t, dtype=float)
    h = np.zeros_like(t)
    for j, rate in enumerate(rates):
        lo, hi = BREAKS[j], BREAKS[j + 1]
        h += rate * np.clip(np.minimum(t, hi) - lo, 0.0, None)
    return h


def fit(
    times: np.ndarray, events: np.ndarray, tol: float = 1e-10, start: np.ndarray | None = None
) -> np.ndarray:
    """Interval-censored MLE of the piecewise rates (log-parameterised)."""

    def nll(log_rates: np.ndarray) -> float:
        rates = np.exp(log_rates)
        s_hi = np.exp(-cumulative_hazard(times, rates))
        s_lo = np.exp(-cumulative_hazard(times - 1.0, rates))
        ll = np.where(events == 1, np.log(np.clip(s_lo - s_hi, 1e-300, None)), np.log(s_hi))
        return -float(ll.sum())

    x0 = np.full(len(BREAKS) - 1, np.log(0.1)) if start is None else np.log(start)
    res = minimize(
        nll,
        x0,
        method="Nelder-Mead",
        options={"xatol": tol, "fatol": tol * 1e-2, "maxiter": 20_000, "maxfev": 20_000},
    )
    return np.exp(res.x)


def bootstrap(times: np.ndarray, events: np.ndarray, rates: np.ndarray, reps: int = BOOTSTRAP) -> np.ndarray:
    """Rates refitted on ``reps`` resamples of the dyads (seed 0), each started at the full-sample
    ``rates`` and polished to the full fit's tolerance: shape (reps, pieces)."""
    rng = np.random.default_rng(0)
    out = []
    for _ in range(reps):
        pick = rng.integers(0, times.size, times.size)
        first = fit(times[pick], events[pick], tol=1e-8, start=np.clip(rates, 1e-6, None))
        out.append(fit(times[pick], events[pick], tol=1e-8, start=np.clip(first, 1e-6, None)))
    return np.asarray(out)


def main(argv: list[str]) -> int:
    data = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data" / "conflict" / "peacesciencer"
    out: dict[str, object] = {
        "model": "piecewise-exponential hazard of renewed conflict after post-1945 inter-state wars",
        "breaks_years": [b for b in BREAKS if np.isfinite(b)],
        "fitted_on": date.today().isoformat(),
        "script": "scripts/fit_durability_baseline.py",
        "data": "COW inter-state wars 4.0 (cow_war_inter.rda) and COW MID 5.0 directed dyad-years "
        "(cow_mid_ddydisps.rda), via the peacesciencer R package (Miller 2022)",
        "sample": "war dyads (opposite sides) of wars begun 1945 or later; clock from the last "
        "war year; first MID onset in a later year; censored at 2014",
        "outcomes": {},
    }
    for label, force in (("any_mid", False), ("use_of_force", True)):
        times, events = durations(data, force)
        rates = fit(times, events)
        fitted = {f"S{t}": float(np.exp(-cumulative_hazard(np.array([t]), rates))[0]) for t in (1, 5, 10)}
        km = {f"S{t}": kaplan_meier(times, events, t) for t in (1, 5, 10)}
        boot = bootstrap(times, events, rates)
        surv = np.exp(-np.stack([cumulative_hazard(np.full(len(boot), t), boot.T) for t in (1, 5, 10)]))
        ci = {
            f"S{t}": [float(v) for v in np.percentile(surv[k], [2.5, 97.5])] for k, t in enumerate((1, 5, 10))
        }
        out["outcomes"][label] = {  # type: ignore[index]
            "rates_per_year": [float(r) for r in rates],
            "n_dyads": int(times.size),
            "n_events": int(events.sum()),
            "fitted": fitted,
            "kaplan_meier": km,
            "bootstrap_ci95": ci,
            "bootstrap_rates": [[float(f"{r:.6g}") for r in row] for row in boot],
        }
        print(f"  bootstrap 95% intervals {ci}")
        print(f"{label}: n={times.size} events={events.sum()} KM {km} fitted {fitted}")
    target = ROOT / "src" / "pactlab" / "deter" / "data" / "durability_baseline.json"
    target.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

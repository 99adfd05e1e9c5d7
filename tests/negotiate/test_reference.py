"""Reference values of models.md section 1, each with its source and tolerance."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from pactlab.negotiate import compromise, eum, exchange_rounds, median
from pactlab.negotiate.unanimity import pivotal_players, win_set
from pactlab.scenario import load_scenario, read_scenario

DECIDE = "negotiation/decide"

# models.md 1.1: weighted means in the issues' own units, computed from the peer's input files
# (foarsitter/decide-exchange-model data/input); abs tol 1e-4 because models.md prints 4 decimals.
COMPROMISE = {
    "sample_data.txt": {
        "tolheffing-binnenstad": 49.3532,
        "tol-hoogte": 2.2710,
        "wanneer-tol": 50.5789,
        "woonwerkverkeer": 52.4855,
        "extra-investering": 49.4883,
        "kleine-of-grote-ring": 56.6008,
    },
    "copenhagen.csv": {
        "Newtreaty": 61.5763,
        "DevlopC2020": 58.1447,
        "Domestred": 30.7074,
        "MRVdecrease": 52.2359,
        "Commitments": 51.9499,
        "Control": 57.6214,
        "Extra": 64.6207,
    },
    "cop21.csv": {
        "differentiation": 49.2554,
        "mrv": 57.2113,
        "legal": 57.9688,
        "adapt_legal": 59.5115,
        "adapt_inst": 59.6404,
        "finance_vol": 47.6441,
        "finance_who": 38.0971,
        "adapt_finance": 55.1217,
        "ld": 40.1058,
        "progress": 45.5962,
        "amb2050": 67.8775,
        "amb2100": 85.7086,
        "eaa": 57.1005,
    },
}


@pytest.mark.parametrize(
    ("name", "issue", "expected"), [(f, i, v) for f, d in COMPROMISE.items() for i, v in d.items()]
)
def test_compromise_decide_files(shared_data, name, issue, expected):
    """models.md 1.1 (26 issues of sample_data, copenhagen, cop21); abs tol 1e-4 (4 printed decimals)."""
    arrays = read_scenario(shared_data / DECIDE / name).to_arrays()
    assert compromise(arrays, issue).forecast == pytest.approx(expected, abs=1e-4)


def test_compromise_emission_case(shared_data):
    """models.md 1.1: emission standards 7.38996 years (BdM 1994 data, Scholz et al. 2011 Table 1)."""
    arrays = read_scenario(shared_data / "negotiation/bdm/emission-standards-1994.csv").to_arrays()
    assert compromise(arrays, 0).forecast == pytest.approx(7.38996, abs=1e-4)
    catalog = load_scenario("bdm1994-emissions").to_arrays()
    assert compromise(catalog, 0).forecast == pytest.approx(7.38996, abs=1e-4)


def test_median_emission_case():
    """models.md 1.2: weighted median of the emission case is 7.0 years (Scholz et al. 2011, round 0)."""
    f = median(load_scenario("bdm1994-emissions").to_arrays(), 0)
    assert f.forecast == 7.0
    assert f.details["condorcet_winner"] == 7.0


# Scholz, Calbert & Smith (2011), Table 2 (emission standards, Q = 1), printed to one decimal.
TABLE2_MEDIAN = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
TABLE2_MEAN = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]
# Cells this implementation does not reach within 0.1 (found by running it; reasons given):
MISSES = {
    ("scholz-code", "median", 2): "round-2 median comes out 9.61, as in the jmckib replication "
    "(models.md: 15 of 16 cells; Scholz's code departs from his equations)",
}
EQUATIONS_REASON = (
    "the printed equations (pairwise P denominator, current range, least-move offers) "
    "keep the median at 7.0 and the mean near 7.1-7.3; Table 2 follows Scholz's code"
)
for _r in range(1, 9):
    MISSES[("equations", "median", _r)] = EQUATIONS_REASON
    MISSES[("equations", "mean", _r)] = EQUATIONS_REASON


def _cells():
    for variant in ("scholz-code", "equations"):
        for series, table in (("median", TABLE2_MEDIAN), ("mean", TABLE2_MEAN)):
            for r, value in enumerate(table, start=1):
                marks = ()
                if (variant, series, r) in MISSES:
                    marks = (pytest.mark.xfail(strict=True, reason=MISSES[(variant, series, r)]),)
                yield pytest.param(variant, series, r, value, marks=marks, id=f"{variant}-{series}-r{r}")


@pytest.fixture(scope="module")
def emission_runs():
    arrays = load_scenario("bdm1994-emissions").to_arrays()
    return {v: eum(arrays, 0, rounds=8, q=1.0, variant=v) for v in ("scholz-code", "equations")}


@pytest.mark.parametrize("variant", ["scholz-code", "equations"])
def test_eum_round0_exact(emission_runs, variant):
    """Scholz et al. (2011) Table 2, round 0: median 7.0 and mean 7.38996 (exact inputs)."""
    f = emission_runs[variant]
    assert f.trajectory[0] == 7.0
    assert f.series["trajectory_mean"][0] == pytest.approx(7.389955686853766, abs=1e-12)


@pytest.mark.parametrize(("variant", "series", "rnd", "expected"), list(_cells()))
def test_eum_table2(emission_runs, variant, series, rnd, expected):
    """Scholz et al. (2011) Table 2 rounds 1-8, Q = 1; tol 0.1 (the table prints one decimal)."""
    f = emission_runs[variant]
    values = f.trajectory if series == "median" else f.series["trajectory_mean"]
    assert abs(values[rnd] - expected) <= 0.1


# models.md 1.5: round-1 values that do not depend on tie-breaking in the peer (abs tol 1e-3).
EXCHANGE_FIXED = [
    ("sample_data.txt", "tol-hoogte", 3.659),
    ("sample_data.txt", "woonwerkverkeer", 16.2347),
    ("sample_data.txt", "kleine-of-grote-ring", 46.7727),
    ("copenhagen.csv", "Commitments", 19.0632),
    ("copenhagen.csv", "Control", 68.5412),
    ("copenhagen.csv", "Extra", 95.4778),
    ("cop21.csv", "adapt_inst", 67.3522),
    ("cop21.csv", "ld", 11.431),
    ("cop21.csv", "amb2100", 94.3028),
]
# models.md 1.5: peer ranges over tie-breaking, printed to 2 decimals (so +-0.005 of rounding).
EXCHANGE_RANGES = {
    "copenhagen.csv": {
        "Newtreaty": (51.39, 54.26),
        "DevlopC2020": (62.14, 66.88),
        "Domestred": (37.08, 41.19),
        "MRVdecrease": (44.84, 47.43),
    },
    "cop21.csv": {
        "differentiation": (44.11, 44.85),
        "mrv": (54.30, 55.91),
        "legal": (62.34, 62.79),
        "adapt_legal": (75.27, 77.73),
        "finance_vol": (36.01, 41.69),
        "finance_who": (41.70, 45.95),
        "adapt_finance": (68.03, 70.68),
        "progress": (41.62, 44.16),
        "amb2050": (71.64, 74.51),
        "eaa": (16.26, 23.47),
    },
    "sample_data.txt": {
        "tolheffing-binnenstad": (67.18, 69.50),
        "wanneer-tol": (47.61, 50.68),
        "extra-investering": (75.15, 76.46),
    },
}
RANGE_MISSES = {
    ("cop21.csv", "legal"): "comes out 63.04 in the canonical tie order; models.md's range (62.34-62.79) "
    "is the peer's over fewer seeds: the peer itself gives 63.04 with seed 10 (test_exchange_legal_seed10)"
}
# decide-exchange-model 2025.3.1, cop21.csv, round 1, issue legal, Python's random seeded with 0-11 before
# the model is built (as benchmarks/peer_exchange.py does): 62.34343382006272 for seeds 0-6, 8, 9, 11;
# 62.78835661526194 for seed 7; 63.03854134679419 for seed 10.
PEER_COP21_LEGAL = {7: 62.78835661526194, 10: 63.03854134679419, 0: 62.34343382006272}


@pytest.fixture(scope="module")
def round1(shared_data):
    out = {}
    for name in ("sample_data.txt", "copenhagen.csv", "cop21.csv"):
        arrays = read_scenario(shared_data / DECIDE / name).to_arrays()
        out[name] = (arrays, {seed: _run(arrays, 1, seed) for seed in (None, 0, 1, 2)})
    return out


def _run(arrays, rounds, seed):
    """seed None: ties in the canonical order; a seed: ties drawn at random with that seed."""
    if seed is None:
        return exchange_rounds(arrays, rounds=rounds, ties="order")
    return exchange_rounds(arrays, rounds=rounds, ties="random", rng=seed)


_TIE_REASON = (
    "a tie in gain that the peer's 28-digit Decimal arithmetic does not see as a tie is "
    'drawn the other way by this seed in float arithmetic; the canonical order (ties="order") '
    "reproduces the peer"
)
SEED_MISSES: dict[tuple[str, object], str] = {("Control", 2): _TIE_REASON, ("adapt_inst", 1): _TIE_REASON}


def _fixed_params():
    for name, issue, expected in EXCHANGE_FIXED:
        for seed in (None, 0, 1, 2):
            marks = ()
            if (issue, seed) in SEED_MISSES:
                marks = (pytest.mark.xfail(strict=True, reason=SEED_MISSES[(issue, seed)]),)
            yield pytest.param(name, issue, expected, seed, marks=marks, id=f"{issue}-seed{seed}")


@pytest.mark.parametrize(("name", "issue", "expected", "seed"), list(_fixed_params()))
def test_exchange_seed_independent(round1, name, issue, expected, seed):
    """models.md 1.5, decide-exchange-model 2025.3.1 round 1 (abs tol 1e-3; 4 printed decimals).

    ties="order" (seed None here) breaks ties in the canonical order; seeds draw among tied exchanges.
    """
    arrays, runs = round1[name]
    col = arrays.issue_ids.index(issue)
    value = float(arrays.to_units(runs[seed].outcomes[1, col], col))
    assert value == pytest.approx(expected, abs=1e-3)


def _range_params():
    for name, d in EXCHANGE_RANGES.items():
        for issue, (lo, hi) in d.items():
            marks = ()
            if (name, issue) in RANGE_MISSES:
                marks = (pytest.mark.xfail(strict=True, reason=RANGE_MISSES[(name, issue)]),)
            yield pytest.param(name, issue, lo, hi, marks=marks, id=f"{name}-{issue}")


@pytest.mark.parametrize(("name", "issue", "lo", "hi"), list(_range_params()))
def test_exchange_in_peer_range(round1, name, issue, lo, hi):
    """models.md 1.5: tie-dependent issues lie in the peer's range (printed 2 decimals: +-0.005)."""
    arrays, runs = round1[name]
    col = arrays.issue_ids.index(issue)
    value = float(arrays.to_units(runs[None].outcomes[1, col], col))
    assert lo - 0.005 <= value <= hi + 0.005


def test_exchange_legal_seed10(round1):
    """cop21 legal, round 1: the canonical tie order gives the value the peer gives with seed 10 (abs tol
    1e-3); the peer's values over seeds 0-11 (PEER_COP21_LEGAL) span 62.34-63.04."""
    arrays, runs = round1["cop21.csv"]
    col = arrays.issue_ids.index("legal")
    assert float(runs[None].outcomes[1, col]) == pytest.approx(PEER_COP21_LEGAL[10], abs=1e-3)


# kopenhagen-2009.csv (the older Copenhagen file), Control, round 1 (issue 12): decide-exchange-model
# 2025.3.1 gives 68.25548105774644 for every seed 0-7, and the same with decimal.getcontext().prec = 40,
# but 68.54120866474464 with prec = 60. In exact arithmetic four exchanges tie in gain (Australia's full
# shift on Commitments, to LDC or to AOSIS, who have the same data on the issues involved); the peer's
# rounding in the last digit ranks them, so it never draws among them and its value looks seed-independent.
PEER_KOPENHAGEN_CONTROL = {28: 68.25548105774644, 40: 68.25548105774644, 60: 68.54120866474464}
_KOPENHAGEN_REASON = (
    "the peer's 28-digit rounding ranks four exchanges that tie in exact arithmetic; pactlab counts the "
    "tie, and its canonical order realises another of them (the peer at 60 digits agrees with pactlab)"
)


@pytest.fixture(scope="module")
def kopenhagen(shared_data):
    arrays = read_scenario(shared_data / DECIDE / "kopenhagen-2009.csv").to_arrays()
    return arrays, arrays.issue_ids.index("Control")


def test_exchange_kopenhagen_control_canonical(kopenhagen):
    """Canonical tie order: the peer's value at 60 digits (abs tol 1e-3)."""
    arrays, col = kopenhagen
    value = float(exchange_rounds(arrays, rounds=1).outcomes[1, col])
    assert value == pytest.approx(PEER_KOPENHAGEN_CONTROL[60], abs=1e-3)


def test_exchange_kopenhagen_control_tie(kopenhagen):
    """Drawing among the tied exchanges reaches both values: the peer's 28-digit value is one of the
    outcomes of the tie (abs tol 1e-3), over seeds 0-39."""
    arrays, col = kopenhagen
    runs = [exchange_rounds(arrays, rounds=1, ties="random", rng=seed) for seed in range(40)]
    assert all(run.ties[0] > 0 for run in runs)
    values = {round(float(run.outcomes[1, col]), 3) for run in runs}
    assert round(PEER_KOPENHAGEN_CONTROL[28], 3) in values
    assert round(PEER_KOPENHAGEN_CONTROL[60], 3) in values


@pytest.mark.xfail(strict=True, reason=_KOPENHAGEN_REASON)
def test_exchange_kopenhagen_control_28_digits(kopenhagen):
    arrays, col = kopenhagen
    value = float(exchange_rounds(arrays, rounds=1).outcomes[1, col])
    assert value == pytest.approx(PEER_KOPENHAGEN_CONTROL[28], abs=1e-3)


def test_exchange_unit_anchor(round1):
    """models.md 1.5 unit anchor (sample_data): Willems supplies extra-investering, Wcentr supplies
    tolheffing-binnenstad: dO_p = 13.157895, dO_q = 10.387812, Wcentr's shift 61.051174, gain 1.973684.
    The first exchange realised in round 1 is this one (highest gain); tol 1e-6 (6 printed decimals)."""
    arrays, runs = round1["sample_data.txt"]
    e = runs[None].realized[0][0]
    ids, iss = arrays.actor_ids, arrays.issue_ids
    assert (ids[e["i"]], iss[e["supply_i"]], ids[e["j"]], iss[e["supply_j"]]) == (
        "Willems",
        "extra-investering",
        "Wcentr",
        "tolheffing-binnenstad",
    )
    w = arrays.weights
    d_p = abs(e["move_i"]) * w[e["i"], e["supply_i"]] / w[:, e["supply_i"]].sum()
    d_q = abs(e["move_j"]) * w[e["j"], e["supply_j"]] / w[:, e["supply_j"]].sum()
    assert d_p == pytest.approx(13.157895, abs=1e-6)
    assert d_q == pytest.approx(10.387812, abs=1e-6)
    assert abs(e["move_j"]) == pytest.approx(61.051174, abs=1e-6)
    assert e["gain"] == pytest.approx(1.973684, abs=1e-6)


def _order_rows(shared_data):
    arrays = read_scenario(shared_data / DECIDE / "cop21-2016.csv").to_arrays()
    with open(shared_data / DECIDE / "cop21-2016.compare.csv", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter=";") if r]
    return arrays, rows[:36]


def _pairs(arrays, e):
    return {
        (arrays.actor_ids[e["i"]], arrays.issue_ids[e["supply_i"]]),
        (arrays.actor_ids[e["j"]], arrays.issue_ids[e["supply_j"]]),
    }


def test_exchange_order_anchor(shared_data):
    """models.md 1.5 order anchor: on cop21-2016.csv the first 36 exchanges of round 1 equal the first 36
    rows of cop21-2016.compare.csv (original pre-Python implementation), in order, gains within 1e-5
    (the file prints 6 significant digits). Without a seed, ties go to the first exchange in canonical
    order, which reproduces every row, including the tie at row 34 (LDC and AOSIS, equal gain)."""
    arrays, rows = _order_rows(shared_data)
    realized = exchange_rounds(arrays, rounds=1).realized[0]
    for e, row in zip(realized[:36], rows, strict=True):
        assert e["gain"] == pytest.approx(float(row[4]), abs=1e-5)
        assert _pairs(arrays, e) == {(row[0], row[1]), (row[2], row[3])}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exchange_order_anchor_seeded(shared_data, seed):
    """With a seed, a tie in gain may be drawn the other way: the sequence of gains still matches the 36
    rows (1e-5), and every row before the first tie names the same actors and supply issues."""
    arrays, rows = _order_rows(shared_data)
    realized = exchange_rounds(arrays, rounds=1, ties="random", rng=seed).realized[0]
    diverged = False
    for e, row in zip(realized[:36], rows, strict=True):
        assert e["gain"] == pytest.approx(float(row[4]), abs=1e-5)
        diverged = diverged or e["tied"] > 1
        if not diverged:
            assert _pairs(arrays, e) == {(row[0], row[1]), (row[2], row[3])}


def test_unanimity_win_set():
    """models.md 1.6 (Tsebelis 2002): q within [min, max] stands; otherwise the edge is 2 x_p - q."""
    x = np.array([30.0, 50.0, 70.0])
    assert win_set(x, 40.0) is None
    assert win_set(x, 30.0) is None
    assert win_set(x, 70.0) is None
    assert win_set(x, 10.0) == (10.0, 50.0)  # x_p = 30: 2*30 - 10
    assert win_set(x, 90.0) == (50.0, 90.0)  # x_p = 70: 2*70 - 90
    assert list(pivotal_players(x, 10.0)) == [0]
    assert list(pivotal_players(x, 90.0)) == [2]

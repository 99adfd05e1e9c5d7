"""Durability: the shipped baseline against Kaplan-Meier recomputed from the data, and the
terms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pactlab.deter.durability import TERMS, baseline, baseline_survival, option_survival
from pactlab.deter.mapping import InstrumentSpec, OptionSpec, draw_parameters, resolve_parameters


def _km_from_data(data: Path, force: bool) -> dict[int, float]:
    """Kaplan-Meier S(1), S(5), S(10) recomputed here, independently of the fitting script.

    Sample (models.md §2.6): pairs of states on opposite sides of an inter-state war begun in 1945
    or later (COW wars 4.0); clock from the pair's last war year; event: first MID onset between
    them in a later year (COW MID 5.0; ``force``: hostility level >= 4); censored at 2014.
    """
    pyreadr = pytest.importorskip("pyreadr")
    war = pyreadr.read_r(str(data / "cow_war_inter.rda"))["cow_war_inter"]
    mid = pyreadr.read_r(str(data / "cow_mid_ddydisps.rda"))["cow_mid_ddydisps"]
    war = war[(war["sidea1"] != war["sidea2"])]
    last: dict[tuple[int, int, int], list[int]] = {}
    for r in war.itertuples(index=False):
        key = (int(r.warnum), int(min(r.ccode1, r.ccode2)), int(max(r.ccode1, r.ccode2)))
        last.setdefault(key, []).append(int(r.year))
    onsets: dict[tuple[int, int], list[int]] = {}
    for r in mid[mid["cowmidonset"] == 1].itertuples(index=False):
        if force and r.hostlev < 4:
            continue
        onsets.setdefault((int(min(r.ccode1, r.ccode2)), int(max(r.ccode1, r.ccode2))), []).append(
            int(r.year)
        )
    times, events = [], []
    for (_, a, b), years in last.items():
        if min(years) < 1945:
            continue
        end = max(years)
        later = [y for y in onsets.get((a, b), []) if y > end]
        times.append(min(later) - end if later else 2014 - end)
        events.append(bool(later))
    t, e = np.array(times), np.array(events)
    out = {}
    for horizon in (1, 5, 10):
        s = 1.0
        for u in np.unique(t[e]):
            if u <= horizon:
                s *= 1.0 - np.sum((t == u) & e) / np.sum(t >= u)
        out[horizon] = s
    return out


@pytest.mark.parametrize(
    ("outcome", "force", "published_s5"), [("any_mid", False, 0.52), ("use_of_force", True, 0.60)]
)
def test_baseline_reproduces_kaplan_meier(
    shared_data: Path, outcome: str, force: bool, published_s5: float
) -> None:
    """The shipped piecewise-exponential baseline reproduces KM S(1), S(5), S(10) within 0.03, and
    KM S(5) itself matches models.md §2.6 (0.52 any new MID, 0.60 new use of force; printed to two
    decimals, so within 0.01)."""
    km = _km_from_data(shared_data / "conflict" / "peacesciencer", force)
    assert km[5] == pytest.approx(published_s5, abs=0.01)
    for horizon, value in km.items():
        assert float(baseline_survival(horizon, outcome)) == pytest.approx(value, abs=0.03)


def test_baseline_ships_with_provenance() -> None:
    data = baseline()
    assert data["script"] == "scripts/fit_durability_baseline.py"
    assert data["outcomes"]["any_mid"]["n_dyads"] == 119
    assert "COW" in data["data"]


def test_terms_have_the_published_signs() -> None:
    """Fortna (2003): DMZ, third-party guarantee, peacekeeping/monitoring, joint commission
    lengthen peace; Werner & Yuen (2005): imposed settlements fail more often. On every draw."""
    draws = draw_parameters(resolve_parameters(), 2000, np.random.default_rng(4))
    plain = option_survival(OptionSpec("none"), draws)
    guarded = OptionSpec(
        "g",
        "",
        (
            InstrumentSpec("phg", "post_hostilities_guarantee", "treaty"),
            InstrumentSpec("mon", "monitoring_mission", "political_declaration", verifiability=1.0),
        ),
    )
    better = option_survival(guarded, draws)
    assert np.all(better["s5"] > plain["s5"])
    dmz = dict(draws, **{"durability.dmz": np.ones(2000)})
    assert np.all(option_survival(OptionSpec("none"), dmz)["s5"] > plain["s5"])
    imposed = dict(draws, **{"durability.imposed": np.ones(2000)})
    assert np.all(option_survival(OptionSpec("none"), imposed)["s5"] < plain["s5"])
    for k in TERMS:
        hr = draws[f"hr.{k}"]
        assert np.all(hr > 1) if k == "imposed" else np.all(hr < 1)


def test_survival_is_monotone_in_time() -> None:
    draws = draw_parameters(resolve_parameters(), 500, np.random.default_rng(6))
    s = option_survival(OptionSpec("none"), draws)
    assert np.all(s["s1"] >= s["s5"])
    assert np.all(s["s5"] >= s["s10"])


def test_baseline_uncertainty_ships_and_is_carried() -> None:
    """Issue 11: S5 rests on 119 dyads and 78 events, 95% CI about 0.43-0.61. The shipped bootstrap
    replicates (1,000 refits on resampled dyads) give that interval (within 0.02 at each end), and a
    Monte Carlo run that touches no survival term shows the baseline with it, not a point."""
    import numpy as np

    from pactlab.deter.durability import baseline, option_survival, replicate_survival
    from pactlab.deter.mapping import NO_GUARANTEE, draw_parameters, resolve_parameters

    data = baseline()["outcomes"]["any_mid"]
    assert (data["n_dyads"], data["n_events"]) == (119, 78)
    reps = len(data["bootstrap_rates"])
    s5 = replicate_survival(5.0, "any_mid", np.arange(reps))
    lo, hi = np.percentile(s5, [2.5, 97.5])
    assert lo == pytest.approx(0.43, abs=0.02)
    assert hi == pytest.approx(0.61, abs=0.02)
    draws = draw_parameters(resolve_parameters(), 4000, np.random.default_rng(0))
    surv = option_survival(NO_GUARANTEE, draws, np.random.default_rng(1).integers(0, 1 << 30, 4000))
    assert np.ptp(surv["s5"]) > 0.1
    assert float(np.median(surv["s5"])) == pytest.approx(data["fitted"]["S5"], abs=0.02)

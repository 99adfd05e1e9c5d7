"""The dyad-year builder against the record: rates and relative risks recomputed by an independent
route (pandas crosstabs on the raw peacesciencer files) and checked against the published figures
quoted in issue 11 and models.md §2.6."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pactlab.deter import dyads


@pytest.fixture(scope="module")
def table(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    pytest.importorskip("pyreadr")
    folder = shared_data / "conflict" / "peacesciencer"
    df, info = dyads.load_dyads(folder, cache_dir=tmp_path_factory.mktemp("cache"))
    assert info["n"] == len(df)
    return df


def _raw(shared_data: Path, name: str) -> pd.DataFrame:
    import pyreadr

    frame: pd.DataFrame = next(
        iter(pyreadr.read_r(str(shared_data / "conflict" / "peacesciencer" / f"{name}.rda")).values())
    )
    return frame


def _rr(frame: pd.DataFrame) -> tuple[float, float, float]:
    """Relative risk of initiation, ally vs no ally, with its 95% CI (Katz log method)."""
    tab = pd.crosstab(frame["ally_major"], frame["init"])
    a, b = tab.loc[1, 1], tab.loc[1].sum()
    c, d = tab.loc[0, 1], tab.loc[0].sum()
    rr = (a / b) / (c / d)
    se = np.sqrt(1 / a - 1 / b + 1 / c - 1 / d)
    return float(rr), float(rr * np.exp(-1.96 * se)), float(rr * np.exp(1.96 * se))


def test_unique_keys_and_documented_columns(table: pd.DataFrame) -> None:
    assert not table.duplicated(["ccode1", "ccode2", "year"]).any()
    assert list(table.columns) == list(dyads.COLUMNS)
    assert table["year"].min() == 1816
    assert table["year"].max() == 2014


def test_initiation_rate_is_models_md(table: pd.DataFrame) -> None:
    """models.md §2.6: MID initiation 1.10% per politically relevant directed dyad-year (COW MID 5.0;
    printed to 0.01 percentage points: tolerance 0.05 pp)."""
    assert table["init"].mean() == pytest.approx(0.0110, abs=0.0005)


def test_initiations_recomputed_from_the_raw_file(shared_data: Path, table: pd.DataFrame) -> None:
    """Independent route: side-A originators at onset in cow_mid_ddydisps, restricted to the
    builder's politically relevant dyad-years, counted with a set."""
    mid = _raw(shared_data, "cow_mid_ddydisps")
    sel = mid[(mid["cowmidonset"] == 1) & (mid["sidea1"] == 1) & (mid["orig1"] == 1)]
    keys = set(
        zip(sel["ccode1"].astype(int), sel["ccode2"].astype(int), sel["year"].astype(int), strict=True)
    )
    in_table = set(zip(table["ccode1"], table["ccode2"], table["year"], strict=True))
    expected = len(keys & in_table)
    assert int(table["init"].sum()) == expected


def test_ally_coding_recomputed_for_one_year(shared_data: Path, table: pd.DataFrame) -> None:
    """Independent route for 1980: B's ATOP defence partners that are major powers, other than A."""
    atop = _raw(shared_data, "atop_alliance")
    majors = _raw(shared_data, "cow_majors")
    major80 = set(majors.loc[(majors["styear"] <= 1980) & (majors["endyear"] >= 1980), "ccode"].astype(int))
    pacts = atop[(atop["year"] == 1980) & (atop["atop_defense"] == 1)]
    partners: dict[int, set[int]] = {}
    for b, k in zip(pacts["ccode2"].astype(int), pacts["ccode1"].astype(int), strict=True):
        partners.setdefault(b, set()).add(k)
    rows = table[table["year"] == 1980]
    expected = [
        int(any(k in major80 and k != a for k in partners.get(b, ())))
        for a, b in zip(rows["ccode1"], rows["ccode2"], strict=True)
    ]
    assert rows["ally_major"].tolist() == expected


@pytest.mark.parametrize(
    ("label", "select"),
    [
        ("contiguous minor target", lambda t: t[(t["major_b"] == 0) & (t["contiguous"] == 1)]),
        ("minor challenger, minor target", lambda t: t[(t["major_b"] == 0) & (t["major_a"] == 0)]),
    ],
)
def test_pact_relative_risk_in_the_quoted_range(table: pd.DataFrame, label: str, select) -> None:  # type: ignore[no-untyped-def]
    """Issue 11 (computed from the same files by a reviewer): a minor-power target with a
    major-power defence ally has a relative risk of initiation of about 0.66-0.74, 95% CIs within
    0.57-0.87. Recomputed here by crosstab: the point estimate within 0.66-0.74 and the CI within
    0.57-0.87."""
    rr, lo, hi = _rr(select(table))
    assert 0.66 <= round(rr, 2) <= 0.74, (label, rr)  # the issue prints two decimals
    assert 0.57 <= lo < rr < hi <= 0.87, (label, lo, hi)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Issue 11 quotes a relative risk of about 0.98 for a major-power challenger against a "
        "contiguous minor target; with this builder's codings (initiation = side-A originator at onset, "
        "ally = ATOP defence pact of the target with a major power other than the challenger) the "
        "crosstab gives 0.51 (95% CI 0.35-0.73, 162 initiations). The issue does not say how it coded "
        "that subset; the difference is not resolved."
    ),
)
def test_major_challenger_contiguous_minor_target(table: pd.DataFrame) -> None:
    sub = table[(table["major_a"] == 1) & (table["major_b"] == 0) & (table["contiguous"] == 1)]
    rr, _, _ = _rr(sub)
    assert rr == pytest.approx(0.98, abs=0.1)


def test_cache_is_reused_and_rebuilt_when_an_input_changes(
    shared_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_data / "conflict" / "peacesciencer"
    _, first = dyads.load_dyads(folder, cache_dir=tmp_path)
    built = Path(first["cache"]).stat().st_mtime_ns
    _, again = dyads.load_dyads(folder, cache_dir=tmp_path)
    assert again["cache"] == first["cache"]
    assert Path(again["cache"]).stat().st_mtime_ns == built  # read, not rebuilt
    changed = {**dyads.input_digests(folder), "cow_nmc.rda": "0" * 64}
    monkeypatch.setattr(dyads, "input_digests", lambda _folder: changed)
    _, rebuilt = dyads.load_dyads(folder, cache_dir=tmp_path)
    assert rebuilt["cache"] != first["cache"]
    assert len(list(tmp_path.glob("dyads-*.parquet"))) == 2


def test_missing_data_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pactlab.errors import PactlabError

    monkeypatch.delenv("PACTLAB_SHARED_DATA", raising=False)
    with pytest.raises(PactlabError, match="data_dir"):
        dyads.data_dir()
    with pytest.raises(PactlabError, match="missing input files"):
        dyads.data_dir(tmp_path)

"""The conflict record as directed dyad-years: the sample the deterrence calibration is fitted on.

Unit: the directed dyad-year (state A = ``ccode1``, the potential challenger; state B = ``ccode2``,
the potential target), every pair of Correlates of War system members in every year 1816-2014
(``cow_ddy``; 2014 is the last year of COW MID 5.0), kept when the dyad is *politically relevant*:
directly contiguous by land (COW direct contiguity 3.2, ``conttype == 1``) or with a COW major power
on either side (``cow_majors``), as peacesciencer's ``filter_prd()`` (Miller 2022) defines it.

Columns (documented in :data:`COLUMNS`):

- ``init``: state A is on side A of a militarised interstate dispute that begins this year and is one
  of its originators (COW MID 5.0 directed dyadic dispute-years, ``cowmidonset == 1``, ``sidea1 ==
  1``, ``orig1 == 1``). Rate 1.107% of politically relevant directed dyad-years (models.md §2.6 quotes
  1.10%).
- ``joined`` (initiations only, else 0): a third state joined side B of that dispute after its onset
  (``cow_mid_dirdisps``: a side-B participant with ``orig == 0``): the outside response to the attack.
- ``ally_major``: state B has an ATOP 5.1 defence pact this year with a major power other than state
  A (``atop_alliance``, ``atop_defense == 1``); ``ally_any``: with any state other than A.
- ``capshare``: A's share of the dyad's capabilities, ``cinc_A / (cinc_A + cinc_B)`` (COW NMC;
  0.5 when both are zero or missing, with ``cinc_missing`` set).
- ``peace_years``: years since the last onset of a dispute between the two states in either
  direction (since 1816 or the dyad's first year when none), as Carter & Signorino (2010) use.
- ``contiguous``, ``major_a``, ``major_b``, ``ln_dist`` (log of 1 + the minimum distance in km,
  Cshapes via ``cow_mindist``; missing before 1886, filled with the dyad's first known value, else
  the sample median, with ``dist_missing`` set), ``era`` (0 before 1945, 1 in 1945-1989, 2 from 1990).

The table is built from the peacesciencer R package data files (read with pyreadr, the
``estimation`` extra) in ``$PACTLAB_SHARED_DATA/conflict/peacesciencer`` and cached as Parquet in
the user's cache directory (platformdirs), under a name that carries the SHA-256 digests of the
input files and :data:`BUILDER_VERSION`: a changed input or builder rebuilds it.

Examples
--------
>>> sorted(COLUMNS)[:3]
['ally_any', 'ally_major', 'capshare']
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pactlab.errors import PactlabError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BUILDER_VERSION",
    "COLUMNS",
    "INPUTS",
    "build_dyads",
    "data_dir",
    "input_digests",
    "load_dyads",
]

BUILDER_VERSION = 1
LAST_YEAR = 2014
#: The peacesciencer files read, by role.
INPUTS: dict[str, str] = {
    "dyads": "cow_ddy.rda",
    "mid": "cow_mid_ddydisps.rda",
    "participants": "cow_mid_dirdisps.rda",
    "alliances": "atop_alliance.rda",
    "capabilities": "cow_nmc.rda",
    "contiguity": "cow_contdir.rda",
    "majors": "cow_majors.rda",
    "distance": "cow_mindist.rda",
    "versions": "ps_data_version.rda",
}
COLUMNS: dict[str, str] = {
    "ccode1": "COW code of state A (potential challenger)",
    "ccode2": "COW code of state B (potential target)",
    "year": "year",
    "init": "A originates a MID on side A against B this year (onset)",
    "joined": "a third state joined B's side of that MID after onset (0 without initiation)",
    "ally_major": "B has an ATOP defence pact with a major power other than A",
    "ally_any": "B has an ATOP defence pact with any state other than A",
    "capshare": "A's share of the dyad's CINC",
    "cinc_missing": "CINC missing for A or B (capshare set to 0.5)",
    "peace_years": "years since the last MID onset between A and B (either direction)",
    "contiguous": "direct land contiguity",
    "major_a": "A is a COW major power",
    "major_b": "B is a COW major power",
    "ln_dist": "log(1 + minimum distance in km)",
    "dist_missing": "distance imputed",
    "era": "0 before 1945, 1 for 1945-1989, 2 from 1990",
}


def data_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The peacesciencer folder: ``path``, else ``$PACTLAB_SHARED_DATA/conflict/peacesciencer``."""
    if path is None:
        root = os.environ.get("PACTLAB_SHARED_DATA")
        if not root:
            raise ParameterError(
                "data_dir",
                "conflict data not found: pass data_dir or set "
                "PACTLAB_SHARED_DATA to the folder holding conflict/peacesciencer",
            )
        folder = Path(root) / "conflict" / "peacesciencer"
    else:
        folder = Path(path)
    missing = [f for f in INPUTS.values() if not (folder / f).is_file()]
    if missing:
        raise PactlabError.at(str(folder), "", f"missing input files: {', '.join(missing)}")
    return folder


def input_digests(folder: Path) -> dict[str, str]:
    """SHA-256 of each input file, by file name."""
    out = {}
    for name in INPUTS.values():
        out[name] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    return out


def _read(folder: Path, role: str) -> pd.DataFrame:
    import pyreadr

    frame: pd.DataFrame = next(iter(pyreadr.read_r(str(folder / INPUTS[role])).values()))
    return frame


def _years(frame: pd.DataFrame, code: str, start: str, end: str) -> pd.DataFrame:
    """Expand [start, end] year spells into one row per (code, year)."""
    import pandas as pd

    lo = frame[start].to_numpy(int)
    hi = np.minimum(frame[end].to_numpy(int), LAST_YEAR)
    reps = np.maximum(hi - lo + 1, 0)
    idx = np.repeat(np.arange(len(frame)), reps)
    years = lo[idx] + (np.arange(idx.size) - np.repeat(np.cumsum(reps) - reps, reps))
    out = pd.DataFrame({c: frame[c].to_numpy()[idx] for c in code.split(",")})
    out["year"] = years.astype("int32")
    return out


def _majors(folder: Path) -> pd.DataFrame:
    m = _read(folder, "majors")
    out = _years(m, "ccode", "styear", "endyear").astype("int32").drop_duplicates()
    out["major"] = 1
    return out


def _contiguity(folder: Path) -> pd.DataFrame:
    import pandas as pd

    c = _read(folder, "contiguity")
    c = c.assign(sy=pd.to_datetime(c["stdate"]).dt.year, ey=pd.to_datetime(c["enddate"]).dt.year)
    c = c[c["conttype"] == 1]
    out = _years(c, "ccode1,ccode2", "sy", "ey").astype("int32").drop_duplicates()
    out["contiguous"] = 1
    return out


def _base(folder: Path, majors: pd.DataFrame) -> pd.DataFrame:
    ddy = _read(folder, "dyads")
    ddy = ddy.astype({"ccode1": "int32", "ccode2": "int32", "year": "int32"})
    ddy = ddy[ddy["year"] <= LAST_YEAR]
    df = ddy.merge(_contiguity(folder), how="left", on=["ccode1", "ccode2", "year"])
    for side, col in (("ccode1", "major_a"), ("ccode2", "major_b")):
        df = df.merge(majors.rename(columns={"ccode": side, "major": col}), how="left", on=[side, "year"])
    df = df.fillna({"contiguous": 0, "major_a": 0, "major_b": 0})
    prd = (df["contiguous"] == 1) | (df["major_a"] == 1) | (df["major_b"] == 1)
    return df[prd].reset_index(drop=True)


def _initiations(folder: Path) -> pd.DataFrame:
    mid = _read(folder, "mid")
    part = _read(folder, "participants")
    joiners = set(part.loc[(part["sidea1"] == 0) & (part["orig1"] == 0), "dispnum"].astype(int))
    sel = mid[(mid["cowmidonset"] == 1) & (mid["sidea1"] == 1) & (mid["orig1"] == 1)]
    out = sel[["ccode1", "ccode2", "year"]].astype("int32").copy()
    out["init"] = 1
    out["joined"] = sel["dispnum"].astype(int).isin(joiners).astype(int).to_numpy()
    return out.groupby(["ccode1", "ccode2", "year"], as_index=False).max()


def _onsets(folder: Path) -> pd.DataFrame:
    """Undirected dispute onset years (either direction), keyed by (low code, high code, year)."""
    mid = _read(folder, "mid")
    on = mid[mid["cowmidonset"] == 1]
    lo = np.minimum(on["ccode1"], on["ccode2"]).astype("int32")
    hi = np.maximum(on["ccode1"], on["ccode2"]).astype("int32")
    import pandas as pd

    out = pd.DataFrame({"lo": lo, "hi": hi, "year": on["year"].astype("int32")}).drop_duplicates()
    out["onset"] = 1
    return out


def _peace_years(df: pd.DataFrame, onsets: pd.DataFrame) -> np.ndarray[Any, np.dtype[np.int64]]:
    lo = np.minimum(df["ccode1"].to_numpy(), df["ccode2"].to_numpy())
    hi = np.maximum(df["ccode1"].to_numpy(), df["ccode2"].to_numpy())
    und = df[["year"]].assign(lo=lo, hi=hi).merge(onsets, how="left", on=["lo", "hi", "year"])
    und["onset"] = und["onset"].fillna(0)
    und["order"] = np.arange(len(und))
    und = und.sort_values(["lo", "hi", "year"], kind="stable")
    first = und.groupby(["lo", "hi"])["year"].transform("min")
    last = und["year"].where(und["onset"] == 1)
    # the last onset strictly before this year: shift within the pair, then carry forward
    prev = last.groupby([und["lo"], und["hi"]]).shift(1)
    prev = prev.groupby([und["lo"], und["hi"]]).ffill()
    start = prev.fillna(first - 1)
    py = (und["year"] - start - 1).clip(lower=0).to_numpy()
    out = np.empty(len(und), dtype=np.int64)
    out[und["order"].to_numpy()] = py
    return out


def _allies(folder: Path, majors: pd.DataFrame, df: pd.DataFrame) -> pd.DataFrame:
    at = _read(folder, "alliances")
    at = at.loc[at["atop_defense"] == 1, ["ccode1", "ccode2", "year"]].astype("int32")
    pact = at.rename(columns={"ccode1": "ally"})
    keys = df[["ccode1", "ccode2", "year"]]
    j = keys.merge(pact, on=["ccode2", "year"])
    j = j[j["ally"] != j["ccode1"]]
    j = j.merge(majors.rename(columns={"ccode": "ally"}), how="left", on=["ally", "year"])
    j["major"] = j["major"].fillna(0)
    g = j.groupby(["ccode1", "ccode2", "year"], as_index=False).agg(
        ally_major=("major", "max"), ally_any=("ally", "size")
    )
    g["ally_any"] = 1
    return g


def _capabilities(folder: Path, df: pd.DataFrame) -> pd.DataFrame:
    nmc = _read(folder, "capabilities")[["ccode", "year", "cinc"]].astype({"ccode": "int32", "year": "int32"})
    out = df.merge(
        nmc.rename(columns={"ccode": "ccode1", "cinc": "cinc_a"}), how="left", on=["ccode1", "year"]
    )
    out = out.merge(
        nmc.rename(columns={"ccode": "ccode2", "cinc": "cinc_b"}), how="left", on=["ccode2", "year"]
    )
    total = out["cinc_a"] + out["cinc_b"]
    ok = total.notna() & (total > 0)
    out["capshare"] = np.where(ok, out["cinc_a"] / total.where(ok, 1.0), 0.5)
    out["cinc_missing"] = (~ok).astype(int)
    return out.drop(columns=["cinc_a", "cinc_b"])


def _distance(folder: Path, df: pd.DataFrame) -> pd.DataFrame:
    dist = _read(folder, "distance").astype({"ccode1": "int32", "ccode2": "int32", "year": "int32"})
    out = df.merge(dist, how="left", on=["ccode1", "ccode2", "year"])
    out["dist_missing"] = out["mindist"].isna().astype(int)
    first = dist.sort_values("year").groupby(["ccode1", "ccode2"])["mindist"].first()
    out = out.merge(first.rename("first").reset_index(), how="left", on=["ccode1", "ccode2"])
    filled = out["mindist"].fillna(out["first"])
    filled = filled.fillna(float(np.nanmedian(dist["mindist"])))
    out["ln_dist"] = np.log1p(filled.to_numpy())
    return out.drop(columns=["mindist", "first"])


def build_dyads(folder: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Build the politically relevant directed dyad-years 1816-2014 (see the module docstring)."""
    src = data_dir(folder)
    majors = _majors(src)
    df = _base(src, majors)
    df = df.merge(_initiations(src), how="left", on=["ccode1", "ccode2", "year"])
    df = df.fillna({"init": 0, "joined": 0})
    df = df.merge(_allies(src, majors, df), how="left", on=["ccode1", "ccode2", "year"])
    df = df.fillna({"ally_major": 0, "ally_any": 0})
    df = _capabilities(src, df)
    df = _distance(src, df)
    df["peace_years"] = _peace_years(df, _onsets(src))
    df["era"] = np.select([df["year"] < 1945, df["year"] < 1990], [0, 1], 2)
    ints = [c for c in COLUMNS if c not in ("capshare", "ln_dist")]
    df = df.astype({c: "int32" for c in ints})
    return df[list(COLUMNS)].sort_values(["year", "ccode1", "ccode2"]).reset_index(drop=True)


def _cache_folder(cache_dir: str | os.PathLike[str] | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("pactlab", appauthor=False))


def cache_key(digests: Mapping[str, str]) -> str:
    """The digest that names a cached table: the inputs' digests and the builder version."""
    text = f"v{BUILDER_VERSION};" + ";".join(f"{k}={v}" for k, v in sorted(digests.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_dyads(
    folder: str | os.PathLike[str] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The dyad-year table (from the Parquet cache when the inputs are unchanged) and its
    provenance: input digests, data versions, cache file, sample definition."""
    import pandas as pd

    src = data_dir(folder)
    digests = input_digests(src)
    cache = _cache_folder(cache_dir) / f"dyads-{cache_key(digests)}.parquet"
    if cache.is_file() and not rebuild:
        df = pd.read_parquet(cache)
    else:
        df = build_dyads(src)
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, suffix=".parquet.tmp")
        os.close(fd)
        try:
            df.to_parquet(tmp, index=False)
            os.replace(tmp, cache)  # atomic: a reader never sees a half-written table
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    versions = _read(src, "versions")
    info = {
        "inputs": digests,
        "data_versions": {
            str(r["data"]): str(r["version"])
            for _, r in versions.iterrows()
            if r["category"]
            in (
                "alliance",
                "conflict_interstate",
                "capabilities",
                "contiguity",
                "majors",
                "distance",
                "states",
            )
        },
        "sample": "politically relevant directed dyad-years (direct land contiguity or a COW major "
        f"power on either side), 1816-{LAST_YEAR}; initiation = side-A originator at MID onset",
        "builder_version": BUILDER_VERSION,
        "cache": str(cache),
        "n": len(df),
    }
    return df, info

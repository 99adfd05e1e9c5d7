"""Print the capability figures of the ``vilnius-2023`` scenario from COW National Material Capabilities 7.0.

The scenario's actor capabilities are each state's military expenditure in 2022 as recorded by the
Correlates of War National Material Capabilities data set, version 7.0 (variable ``milex``, thousands of
current US dollars), read from the peacesciencer R package's ``cow_nmc.rda`` (see
``../shared/data/PROVENANCE.md``). This script recomputes them so the figures written into
``src/pactlab/scenario/catalog/vilnius-2023.yaml`` can be checked by hand; the test
``tests/scenario/test_catalog_vilnius.py`` recomputes them the same way and compares.

Usage::

    python scripts/vilnius_capabilities.py [PATH/TO/cow_nmc.rda]

Output: one line per actor, ``id  COW-code  milex-2022  cinc-2022``; a state without a 2022 ``milex``
value would be reported as missing (none of the 34 actors is).

References
----------
Singer, J. D., Bremer, S. & Stuckey, J. (1972). Capability distribution, uncertainty, and major power
war, 1820-1965. In B. Russett (ed.), Peace, War, and Numbers. Sage, 19-48.
Miller, S. V. (2022). peacesciencer: An R package for quantitative peace science research. Conflict
Management and Peace Science 39(6), 755-779.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

DEFAULT = (
    Path(__file__).resolve().parents[2] / "shared" / "data" / "conflict" / "peacesciencer" / "cow_nmc.rda"
)
YEAR = 2022

# Scenario actor id (ISO 3166-1 alpha-3, lower case) -> Correlates of War state code (COW state list).
COW_CODES: dict[str, int] = {
    "usa": 2, "can": 20, "gbr": 200, "nld": 210, "bel": 211, "lux": 212, "fra": 220, "esp": 230,
    "prt": 235, "deu": 255, "pol": 290, "hun": 310, "cze": 316, "svk": 317, "ita": 325, "alb": 339,
    "mne": 341, "mkd": 343, "hrv": 344, "svn": 349, "grc": 350, "bgr": 355, "rou": 360, "rus": 365,
    "est": 366, "lva": 367, "ltu": 368, "ukr": 369, "fin": 375, "swe": 380, "nor": 385, "dnk": 390,
    "isl": 395, "tur": 640,
}  # fmt: skip


def capabilities(rda: Path, year: int = YEAR) -> dict[str, tuple[float | None, float | None]]:
    """``{actor id: (milex, cinc)}`` for ``year``; None where the data set has no value.

    Parameters
    ----------
    rda : path to peacesciencer's ``cow_nmc.rda``.
    year : the data year (2022, the latest in NMC 7.0).
    """
    import pyreadr

    frame = pyreadr.read_r(str(rda))["cow_nmc"]
    rows = frame[frame["year"] == year]
    out: dict[str, tuple[float | None, float | None]] = {}
    for actor, code in COW_CODES.items():
        row = rows[rows["ccode"] == code]
        if row.empty:
            out[actor] = (None, None)
            continue
        milex, cinc = float(row["milex"].iloc[0]), float(row["cinc"].iloc[0])
        out[actor] = (None if math.isnan(milex) else milex, None if math.isnan(cinc) else cinc)
    return out


def main(argv: list[str]) -> int:
    rda = Path(argv[1]) if len(argv) > 1 else DEFAULT
    for actor, (milex, cinc) in capabilities(rda).items():
        shown = "MISSING" if milex is None else f"{milex:.0f}"
        print(f"{actor}  {COW_CODES[actor]:>3}  milex{YEAR}={shown}  cinc{YEAR}={cinc}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

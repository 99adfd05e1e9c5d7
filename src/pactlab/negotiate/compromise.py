"""Compromise model: the capability- and salience-weighted mean of the positions.

References
----------
Achen, C. H. (2006). Institutional realism and bargaining models. In Thomson et al. (eds.),
The European Union Decides. Cambridge University Press. models.md section 1.1.
"""

from __future__ import annotations

import numpy as np

from pactlab.negotiate._common import weighted_mean
from pactlab.negotiate.results import Forecast
from pactlab.negotiate.rules import deciding_cells, ruled_forecast
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["compromise"]


def compromise(arrays: ScenarioArrays, issue: str | int) -> Forecast:
    """Weighted mean O_d = sum_i w_id x_id / sum_i w_id of the bargainers, w = capability x salience,
    then the issue's decision rule (:mod:`pactlab.negotiate.rules`).

    Missing cells are left out (never read as 0); all weights zero is an error, not 0. Only the deciding
    group's members (the willing ones under a coalition of the willing) and outsiders with a lobbying
    share bargain.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> a = load_scenario("bdm1994-emissions").to_arrays()
    >>> round(compromise(a, "emission-standards").forecast, 5)
    7.38996
    """
    cell, d = deciding_cells(arrays, issue)
    raw = weighted_mean(cell.x, cell.w) if cell.actors else float(d.status_quo or 0.0)
    return ruled_forecast("compromise", arrays, d, np.array([raw]), bargainers_ids=cell.actors, parameters={})

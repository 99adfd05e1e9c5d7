"""Compromise model: the capability- and salience-weighted mean of the positions.

References
----------
Achen, C. H. (2006). Institutional realism and bargaining models. In Thomson et al. (eds.),
The European Union Decides. Cambridge University Press. models.md section 1.1.
"""

from __future__ import annotations

from pactlab.negotiate._common import cells, provenance, units, weighted_mean
from pactlab.negotiate.results import Forecast
from pactlab.scenario.arrays import ScenarioArrays

__all__ = ["compromise"]


def compromise(arrays: ScenarioArrays, issue: str | int) -> Forecast:
    """Weighted mean O_d = sum_i w_id x_id / sum_i w_id with w = capability x salience.

    Missing cells are left out (never read as 0); all weights zero is an error, not 0.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> a = load_scenario("bdm1994-emissions").to_arrays()
    >>> round(compromise(a, "emission-standards").forecast, 5)
    7.38996
    """
    cell = cells(arrays, issue)
    value = weighted_mean(cell.x, cell.w)
    (out,) = units(arrays, cell.column, value)
    return Forecast(
        model="compromise",
        issue=cell.issue,
        forecast=out,
        trajectory=(out,),
        provenance=provenance("compromise", arrays, {}),
    )

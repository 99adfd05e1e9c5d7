"""Build ScenarioArrays directly from positions (0-100), saliences and capabilities, for tests."""

from __future__ import annotations

import numpy as np

from pactlab.scenario.arrays import ScenarioArrays


def make_arrays(
    x, s, c, *, mask=None, status_quo=None, lower=0.0, upper=100.0, scenario_id="t"
) -> ScenarioArrays:
    x = np.array(x, dtype=float, ndmin=2)
    if x.shape[0] == 1 and np.ndim(s) == 1 and len(s) > 1 and x.shape[1] == len(s):
        x = x.T
    s = np.array(s, dtype=float).reshape(x.shape)
    c = np.broadcast_to(
        np.array(c, dtype=float).reshape(-1, 1) if np.ndim(c) == 1 else np.array(c, dtype=float), x.shape
    )
    mask = np.ones(x.shape, dtype=bool) if mask is None else np.array(mask, dtype=bool)
    n, m = x.shape
    sq = np.full(m, np.nan) if status_quo is None else np.array(status_quo, dtype=float).reshape(m)
    return ScenarioArrays(
        scenario_id=scenario_id,
        digest="0" * 64,
        actor_ids=tuple(f"a{i:02d}" for i in range(n)),
        issue_ids=tuple(f"d{j}" for j in range(m)),
        positions=np.where(mask, x, np.nan),
        salience=np.where(mask, s, np.nan),
        capability=np.where(mask, c, np.nan),
        mask=mask,
        lower=np.full(m, float(lower)),
        upper=np.full(m, float(upper)),
        status_quo=sq,
    )


def permuted(arrays: ScenarioArrays, order) -> ScenarioArrays:
    """The same scenario with the actors listed in ``order``."""
    order = np.asarray(order)
    return ScenarioArrays(
        scenario_id=arrays.scenario_id,
        digest=arrays.digest,
        actor_ids=tuple(arrays.actor_ids[i] for i in order),
        issue_ids=arrays.issue_ids,
        positions=arrays.positions[order],
        salience=arrays.salience[order],
        capability=arrays.capability[order],
        mask=arrays.mask[order],
        lower=arrays.lower,
        upper=arrays.upper,
        status_quo=arrays.status_quo,
    )

"""Who decides: the deciding group, its decision rule, and what the rule lets a forecast be.

Every negotiation model forecasts from the issue's deciding group under its rule (docs/negotiation.md):

- the *bargainers* are the group's members with a position (under a coalition of the willing, only the
  willing ones) plus the outsiders the scenario gives a lobbying share; an outsider's capability counts
  with that share, and it never votes or vetoes;
- under ``unanimity``, ``majority`` and ``qualified_majority`` the forecast lies in the rule's win-set
  of the status quo (the points enough members strictly prefer to it, with linear loss): a bargain
  outside it is moved to the nearest point of its closure, and where it is empty the status quo holds;
- under ``coalition_of_the_willing`` the members who prefer more than the status quo act; those who
  prefer less (or the status quo) cannot pull it back and abstain, so the outcome never falls below
  the status quo (a stated model assumption: the willing add their own contributions, nobody can
  withdraw another's; the scale runs from less to more joint action).

Win-sets on one dimension with linear loss: a member accepts z against q iff |z - x_i| < |q - x_i|, i.e.
iff it lies beyond the midpoint (q + z) / 2 on z's side. Support for a move up therefore falls as the
move grows, and the win-set above q is (q, 2 p - q), where the *pivot* p is the position at which the
members at or above it first hold the votes the rule needs, counted from the top (unanimity: every
member, p the lowest position; majority: more than half of the votes cast; qualified majority: at least
``quota`` of all members' votes, an abstainer counting against, as in the EU Council). Below q likewise.
Tsebelis (2002), ch. 1-2; Krehbiel (1998) for the pivots of supermajority rules; models.md 1.6.
Under unanimity an explicit abstention does not block (TFEU art. 238(4); "constructive abstention",
TEU art. 31(1)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from pactlab.errors import PactlabError
from pactlab.negotiate._common import IssueCells, checked, column_of, provenance, units
from pactlab.negotiate.results import Forecast, IssueWeights
from pactlab.scenario.arrays import ScenarioArrays

__all__ = [
    "COALITION",
    "VOTING_RULES",
    "Deciders",
    "RuleOutcome",
    "accepts",
    "apply_rule",
    "bargainers",
    "bargaining_arrays",
    "deciders",
    "deciding_cells",
    "passes",
    "pivot_positions",
    "pivotal",
    "ruled",
    "ruled_forecast",
    "veto_pivots",
    "weight_shares",
    "win_set",
    "win_set_batch",
]

FloatArray = NDArray[np.float64]
COALITION = "coalition_of_the_willing"
VOTING_RULES = ("unanimity", "majority", "qualified_majority")
_TOL = 1e-12


@dataclass(frozen=True)
class Deciders:
    """One issue's deciding group under its rule, on the 0-100 scale.

    Attributes
    ----------
    members, x, votes, weight : the voting members with a position, their positions, votes and
        capability x salience (each actor's measure for the issue).
    abstaining : members that abstain explicitly; ``abstain_votes`` their votes.
    unstated : members with neither a position nor an explicit abstention (they take no part).
    status_quo : the status quo on 0-100, or None.
    quota : the qualified-majority quota, or None.
    """

    column: int
    issue: str
    rule: str
    group: str | None
    status_quo: float | None
    members: tuple[str, ...]
    x: FloatArray
    votes: FloatArray
    weight: FloatArray
    abstaining: tuple[str, ...]
    abstain_votes: float
    unstated: tuple[str, ...]
    quota: float | None

    @property
    def willing(self) -> tuple[str, ...]:
        """Under a coalition of the willing: the members that prefer more than the status quo (all
        members with a position when there is no status quo)."""
        return tuple(self.members[i] for i in np.flatnonzero(self._willing_mask()))

    def _willing_mask(self) -> NDArray[np.bool_]:
        if self.status_quo is None:
            return np.ones(self.x.shape, dtype=bool)
        out: NDArray[np.bool_] = self.x > self.status_quo
        return out


def deciders(arrays: ScenarioArrays, issue: str | int) -> Deciders:
    """The deciding group of ``issue`` (see the module docstring)."""
    col = column_of(arrays, issue)
    dec = arrays.decisions
    member, present = dec.member[:, col], arrays.mask[:, col]
    voting = member & present & ~dec.abstain[:, col]
    ids = arrays.actor_ids
    sq = float(arrays.status_quo[col])
    quota = float(dec.quota[col])
    return Deciders(
        column=col,
        issue=arrays.issue_ids[col],
        rule=dec.rule[col],
        group=dec.group[col],
        status_quo=None if np.isnan(sq) else sq,
        members=tuple(ids[k] for k in np.flatnonzero(voting)),
        x=np.asarray(arrays.positions[voting, col], dtype=float),
        votes=np.asarray(dec.votes[voting, col], dtype=float),
        weight=np.asarray((arrays.capability * arrays.salience)[voting, col], dtype=float),
        abstaining=tuple(ids[k] for k in np.flatnonzero(member & dec.abstain[:, col])),
        abstain_votes=float(dec.votes[member & dec.abstain[:, col], col].sum()),
        unstated=tuple(ids[k] for k in np.flatnonzero(member & ~present & ~dec.abstain[:, col])),
        quota=None if np.isnan(quota) else quota,
    )


def bargainers(arrays: ScenarioArrays, issue: str | int, *, willing_only: bool = True) -> IssueCells:
    """The cells that weigh in the bargain on ``issue``: voting members (under a coalition of the
    willing, the willing ones, unless ``willing_only`` is False) and outsiders with a lobbying share,
    capability scaled by that share.

    May be empty (a coalition nobody is willing to join); callers decide what that means.
    """
    col = column_of(arrays, issue)
    dec = arrays.decisions
    present = arrays.mask[:, col] & ~dec.abstain[:, col] & (dec.influence[:, col] > 0)
    if willing_only and dec.rule[col] == COALITION and not np.isnan(arrays.status_quo[col]):
        unwilling = dec.member[:, col] & ~(arrays.positions[:, col] > arrays.status_quo[col])
        present &= ~unwilling
    keep = np.asarray(present, dtype=bool)
    return IssueCells(
        column=col,
        issue=arrays.issue_ids[col],
        actors=tuple(a for a, k in zip(arrays.actor_ids, keep, strict=True) if k),
        x=np.asarray(arrays.positions[keep, col], dtype=float),
        s=np.asarray(arrays.salience[keep, col], dtype=float),
        c=np.asarray(arrays.capability[keep, col] * dec.influence[keep, col], dtype=float),
    )


def deciding_cells(
    arrays: ScenarioArrays, issue: str | int, *, need_weight: bool = True
) -> tuple[IssueCells, Deciders]:
    """:func:`bargainers` and :func:`deciders` of ``issue``, with located errors where nobody bargains
    (except a coalition nobody is willing to join, which returns empty cells)."""
    d = deciders(arrays, issue)
    cells = bargainers(arrays, d.column)
    if d.rule == COALITION and d.status_quo is not None and not d.willing:
        return cells, d
    who = "member of the deciding group (nor lobbying outsider)"
    return checked(arrays, cells, need_weight=need_weight, who=who), d


def veto_pivots(x: FloatArray, q: float) -> NDArray[np.intp]:
    """Indices of the pivotal veto players under unanimity.

    q outside the positions: the members closest to q (they fix the win-set edge 2 x_p - q). q inside:
    the members at q, else the nearest member on each side (each vetoes every move away from it).
    """
    diff = x - q
    if np.all(diff > 0) or np.all(diff < 0):
        return np.flatnonzero(np.abs(diff) == np.abs(diff).min())
    at = np.flatnonzero(diff == 0)
    if at.size:
        return at
    left = np.flatnonzero(diff == diff[diff < 0].max())
    right = np.flatnonzero(diff == diff[diff > 0].min())
    return np.concatenate([left, right])


def pivot_positions(
    x: FloatArray, votes: FloatArray, rule: str, *, quota: float | None = None, abstain_votes: float = 0.0
) -> tuple[FloatArray, FloatArray]:
    """Pivots (p_up, p_down) of the rows of ``x`` [batch, members] (NaN where the rule can never pass).

    p_up: the highest position such that the members at or above it hold the votes the rule needs,
    p_down likewise from below (see the module docstring).
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    b, n = x.shape
    if n == 0:
        return np.full(b, np.nan), np.full(b, np.nan)
    if rule == "unanimity":
        return x.min(axis=1), x.max(axis=1)
    v = np.broadcast_to(np.asarray(votes, dtype=float), x.shape)
    cast = v.sum(axis=1, keepdims=True)
    if rule == "majority":
        need = 0.5 * cast * (1.0 + _TOL)  # more than half of the votes cast
        strict = True
    elif rule == "qualified_majority":
        if quota is None:
            raise PactlabError("qualified majority needs a quota")
        need = quota * (cast + abstain_votes) * (1.0 - _TOL)
        strict = False
    else:
        raise PactlabError(f"no win-set under the rule {rule!r}")
    order = np.argsort(-x, axis=1, kind="stable")
    down = np.take_along_axis(x, order, 1), np.take_along_axis(v, order, 1)
    order_up = np.argsort(x, axis=1, kind="stable")
    up = np.take_along_axis(x, order_up, 1), np.take_along_axis(v, order_up, 1)
    out = []
    for xs, vs in (down, up):
        cum = np.cumsum(vs, axis=1)
        ok = cum > need if strict else cum >= need
        first = np.argmax(ok, axis=1)
        value = np.take_along_axis(xs, first[:, None], 1)[:, 0]
        out.append(np.where(ok.any(axis=1), value, np.nan))
    return out[0], out[1]


def win_set_batch(
    x: FloatArray,
    votes: FloatArray,
    rule: str,
    q: FloatArray | float,
    *,
    quota: float | None = None,
    abstain_votes: float = 0.0,
) -> tuple[FloatArray, FloatArray]:
    """Win-sets (lo, hi) of the status quo ``q`` for the rows of ``x`` (0-100), NaN where q stands:
    the open interval between q and the reflection 2 p - q of the pivot p, cut to the scale [0, 100]
    (a scale end where it was cut belongs to the win-set; :func:`passes` decides a single point)."""
    p_up, p_down = pivot_positions(x, votes, rule, quota=quota, abstain_votes=abstain_votes)
    q = np.broadcast_to(np.asarray(q, dtype=float), p_up.shape)
    up, down = q < p_up, q > p_down  # NaN pivots compare False
    lo = np.where(up, q, np.where(down, np.maximum(2.0 * p_down - q, 0.0), np.nan))
    hi = np.where(up, np.minimum(2.0 * p_up - q, 100.0), np.where(down, q, np.nan))
    return lo, hi


def win_set(d: Deciders) -> tuple[float, float] | None:
    """The rule's open win-set of the status quo (0-100); None when the status quo stands.

    Raises PactlabError when the issue has no status quo or is decided by a coalition of the willing.
    """
    if d.status_quo is None:
        raise PactlabError(f"{d.issue}: a win-set needs a status quo")
    if d.rule == COALITION:
        raise PactlabError(f"{d.issue}: a coalition of the willing has no win-set")
    lo, hi = win_set_batch(
        d.x[None], d.votes, d.rule, d.status_quo, quota=d.quota, abstain_votes=d.abstain_votes
    )
    return None if np.isnan(lo[0]) else (float(lo[0]), float(hi[0]))


def accepts(x: FloatArray, q: float, point: float) -> NDArray[np.bool_]:
    """Which members strictly prefer ``point`` to the status quo ``q`` (linear loss)."""
    out: NDArray[np.bool_] = np.abs(point - x) < np.abs(q - x)
    return out


def passes(d: Deciders, point: float) -> bool:
    """Whether ``point`` beats the status quo under the rule (the status quo itself passes trivially)."""
    if d.status_quo is None or point == d.status_quo:
        return True
    yes = accepts(d.x, d.status_quo, point)
    if d.rule == "unanimity":
        return bool(yes.all()) and d.x.size > 0
    support, cast = float(d.votes[yes].sum()), float(d.votes.sum())
    if d.rule == "majority":
        return support > 0.5 * cast * (1.0 + _TOL)
    if d.rule == "qualified_majority" and d.quota is not None:
        return support >= d.quota * (cast + d.abstain_votes) * (1.0 - _TOL)
    raise PactlabError(f"{d.issue}: no vote under the rule {d.rule!r}")


def pivotal(d: Deciders) -> tuple[str, ...]:
    """The pivotal members: under unanimity the veto players closest to the status quo (on each side
    when it lies among the positions); under majority rules the members at the pivot(s) that bound the
    win-set (both pivots when the status quo stands). Sorted ids; () without a status quo."""
    if d.status_quo is None or d.x.size == 0 or d.rule == COALITION:
        return ()
    q = d.status_quo
    if d.rule == "unanimity":
        return tuple(sorted(d.members[i] for i in veto_pivots(d.x, q)))
    ups, downs = pivot_positions(d.x[None], d.votes, d.rule, quota=d.quota, abstain_votes=d.abstain_votes)
    p_up, p_down = float(ups[0]), float(downs[0])
    at = (p_up,) if q < p_up else (p_down,) if q > p_down else (p_up, p_down)
    return tuple(sorted({d.members[i] for p in at if not np.isnan(p) for i in np.flatnonzero(d.x == p)}))


@dataclass(frozen=True)
class RuleOutcome:
    """A model's bargain after the rule: the values (0-100), whether a change is agreed, and why."""

    values: FloatArray
    agreement: bool
    note: str


def apply_rule(d: Deciders, values: FloatArray, *, willing: int | None = None) -> RuleOutcome:
    """Move a model's bargain (0-100, one value per round) to where the rule lets it be.

    ``willing``: under a coalition of the willing, how many members are willing (0: the status quo).
    """
    values = np.asarray(values, dtype=float)
    q = d.status_quo
    if q is None:
        return RuleOutcome(values, True, "no status quo: the rule cannot be applied")
    if d.rule == COALITION:
        if not willing:
            return RuleOutcome(np.full_like(values, q), False, "no member wants more than the status quo")
        out = np.maximum(values, q)
        return RuleOutcome(out, bool(out[-1] != q), "set by the willing; the others abstain")
    ws = win_set(d)
    if ws is None:
        return RuleOutcome(np.full_like(values, q), False, "the status quo holds: its win-set is empty")
    out = np.clip(values, min(ws[0], q), max(ws[1], q))
    moved = bool(np.any(out != values))
    agreed = bool(out[-1] != q)
    note = "inside the win-set" if not moved else "moved into the win-set (its nearest point)"
    if not agreed:
        note = "the bargain lies on the other side of the status quo: the status quo holds"
    return RuleOutcome(out, agreed, note)


def ruled_forecast(
    model: str,
    arrays: ScenarioArrays,
    d: Deciders,
    raw: FloatArray,
    *,
    bargainers_ids: tuple[str, ...],
    parameters: Mapping[str, Any],
    seed: int | None = None,
    series: Mapping[str, FloatArray] | None = None,
    details: Mapping[str, Any] | None = None,
    ties: int = 0,
) -> Forecast:
    """The :class:`Forecast` of a model whose bargain per round is ``raw`` (0-100), after the rule.

    ``details["decision"]`` says what the rule did: the rule and group, the status quo and win-set (issue
    units), the bargainers, the unconstrained bargain and a one-line note.
    """
    coalition = d.rule == COALITION
    outcome = apply_rule(d, raw, willing=len(d.willing) if coalition else None)
    trajectory = units(arrays, d.column, outcome.values)
    decision: dict[str, Any] = {
        "rule": d.rule,
        "group": d.group,
        "status_quo": None if d.status_quo is None else units(arrays, d.column, d.status_quo)[0],
        "bargainers": list(bargainers_ids),
        "unconstrained": units(arrays, d.column, raw[-1])[0],
        "note": outcome.note,
    }
    if coalition:
        decision["willing"] = list(d.willing)
    elif d.status_quo is not None:
        ws = win_set(d)
        decision["win_set"] = None if ws is None else list(units(arrays, d.column, ws))
        decision["pivotal"] = list(pivotal(d))
    return Forecast(
        model=model,
        issue=d.issue,
        forecast=trajectory[-1],
        trajectory=trajectory,
        provenance=provenance(model, arrays, parameters, seed),
        series={
            k: units(arrays, d.column, apply_rule(d, v, willing=len(d.willing) if coalition else None).values)
            for k, v in (series or {}).items()
        },
        ties=ties,
        agreement=outcome.agreement,
        details={**(details or {}), "decision": decision},
    )


def weight_shares(arrays: ScenarioArrays, issue: str | int) -> IssueWeights:
    """Each bargainer's share of the effective weight on ``issue`` (see :class:`IssueWeights`)."""
    cell = bargainers(arrays, issue)
    w = np.where(np.isnan(cell.w), 0.0, cell.w)
    total = float(w.sum())
    shares = [(a, float(v / total) if total > 0 else 0.0) for a, v in zip(cell.actors, w, strict=True)]
    shares.sort(key=lambda r: (-r[1], r[0]))
    dominant = shares[0][0] if shares and shares[0][1] > 0.5 else None
    measure = arrays.decisions.measure[cell.column] or "capability"
    return IssueWeights(cell.issue, measure, tuple(shares), dominant)


def bargaining_arrays(arrays: ScenarioArrays, columns: Sequence[int]) -> ScenarioArrays:
    """The arrays restricted to the bargainers of each issue in ``columns`` (capability scaled by the
    lobbying share), for models that run on all issues at once (the exchange model). The arrays
    themselves when nothing changes, so that a scenario without groups gives exactly the same run."""
    keep = np.zeros(arrays.mask.shape, dtype=bool)
    scale = np.ones(arrays.mask.shape)
    for col in range(arrays.n_issues):
        cell = bargainers(arrays, col)
        rows = [arrays.actor_ids.index(a) for a in cell.actors]
        keep[rows, col] = True
        scale[:, col] = arrays.decisions.influence[:, col]
    cols = list(columns)
    if (
        cols == list(range(arrays.n_issues))
        and np.array_equal(keep, arrays.mask)
        and np.all(scale[keep] == 1.0)
    ):
        return arrays
    mask = keep[:, cols]

    def cut(values: FloatArray) -> FloatArray:
        out: FloatArray = np.where(mask, values[:, cols], np.nan)
        out.flags.writeable = False
        return out

    return ScenarioArrays(
        scenario_id=arrays.scenario_id,
        digest=arrays.digest,
        actor_ids=arrays.actor_ids,
        issue_ids=tuple(arrays.issue_ids[c] for c in cols),
        positions=cut(arrays.positions),
        salience=cut(arrays.salience),
        capability=cut(arrays.capability * scale),
        mask=mask,
        lower=arrays.lower[cols],
        upper=arrays.upper[cols],
        status_quo=arrays.status_quo[cols],
    )


def ruled(arrays: ScenarioArrays, issue: str | int, f: Forecast) -> Forecast:
    """A forecast computed by a model that does not know the rule (the exchange model, run on
    :func:`bargaining_arrays`), after the issue's decision rule; where the rule changes nothing, its
    numbers are kept exactly as the model gave them."""
    d = deciders(arrays, issue)
    raw = arrays.from_units(np.array(f.trajectory), d.column)
    out = ruled_forecast(
        f.model,
        arrays,
        d,
        raw,
        bargainers_ids=bargainers(arrays, d.column).actors,
        parameters=f.provenance.parameters,
        seed=f.provenance.seed,
        details=f.details,
        ties=f.ties,
    )
    coalition = d.rule == COALITION
    if np.array_equal(apply_rule(d, raw, willing=len(d.willing) if coalition else None).values, raw):
        return replace(out, forecast=f.forecast, trajectory=f.trajectory, provenance=f.provenance)
    return replace(out, provenance=f.provenance)

"""From guarantee options to game parameters (models.md §2.7).

The defaults, their priors and every mapping coefficient live in package data
(``pactlab/deter/data/defaults.yaml``), each with its source and rationale; a scenario overrides
any of them by id under ``deterrence.parameters``. The mapping itself:

- without any guarantee, outsiders still respond with the base credibilities ``p_T_base``,
  ``p_S_base`` (one shared chance, however many states look on);
- a guarantor's credibilities are ``p_i = expit(logit(p_base) + shift_i)``, where the shift sums,
  over the instruments it backs, ``legal_weight[form] * (pre_commitment if triggered) *
  effect.<kind>.<p_T|p_S>`` plus an optional per-guarantor adjustment passed in as data (for
  example from the ledger's record of kept promises; this module never imports the ledger);
- the coalition responds with ``p_base + (1 - p_base) C(r)``, where ``r_i = (p_i - p_base)/(1 -
  p_base)`` is what guarantor ``i``'s commitments add and ``C(r) = rho max_i r_i + (1 - rho)(1 -
  prod_i(1 - r_i))`` is P(at least one responds), a common-shock mixture between perfect
  dependence and independence, so that independence does not over-count (models.md §2.7); a
  negative adjustment can take away what a guarantor adds, never the base;
- capability-bearing instruments raise denial, ``1 - (1 - denial)(1 - e cap)`` per instrument;
  an instrument's escalation signal adds provocation; monitoring lowers the accident risk and
  raises the logit precision ``lam`` in proportion to its verifiability.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml
from numpy.typing import NDArray

from pactlab.deter.priors import DISTRIBUTIONS, Parameter, Prior, check_prior
from pactlab.errors import Location, PactlabError, ParameterError, Problem, ScenarioError

if TYPE_CHECKING:
    from pactlab.scenario import Scenario

__all__ = [
    "NO_GUARANTEE",
    "PACT_KIND",
    "REFERENCE_PACT",
    "InstrumentSpec",
    "OptionSpec",
    "Parameter",
    "Prior",
    "channels",
    "coalition_probability",
    "consensus_groups",
    "default_parameters",
    "did_you_mean",
    "draw_parameters",
    "game_parameters",
    "options_from_scenario",
    "profile",
    "profiles",
    "resolve_parameters",
]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class InstrumentSpec:
    """What the mapping needs to know of one instrument (a view of the scenario's instrument)."""

    id: str
    kind: str
    legal_form: str = "political_declaration"
    capability: float = 0.0
    escalation_signal: float = 0.0
    verifiability: float = 0.0
    guarantors: tuple[str, ...] = ()
    trigger: bool = False


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """A guarantee option: its instruments and guarantors."""

    id: str
    title: str = ""
    instruments: tuple[InstrumentSpec, ...] = ()
    guarantors: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def all_guarantors(self) -> tuple[str, ...]:
        seen = dict.fromkeys(self.guarantors)
        for inst in self.instruments:
            seen.update(dict.fromkeys(inst.guarantors))
        return tuple(seen)


NO_GUARANTEE = OptionSpec("no-guarantee", "No guarantee (baseline)")
#: The instrument kind whose effect the conflict record measures (ATOP defence pacts).
PACT_KIND = "collective_defence_clause"
#: A defence pact with one major power, as the engine models it (the calibration's reference).
REFERENCE_PACT = OptionSpec(
    "defence-pact",
    "Defence pact with a major power",
    (InstrumentSpec("pact", PACT_KIND, "treaty"),),
    ("major-power",),
)


@functools.lru_cache(maxsize=1)
def _package_data() -> dict[str, Any]:
    text = resources.files("pactlab.deter").joinpath("data/defaults.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _parse_parameter(raw: Any, where: str, file: str, kind: str = "analyst") -> Parameter:
    if hasattr(raw, "model_dump"):
        raw = raw.model_dump()
    if not isinstance(raw, Mapping) or "id" not in raw:
        raise ScenarioError.at(file, where, "a parameter needs an 'id'")
    prior_raw: Any = raw.get("prior")
    if prior_raw is not None and hasattr(prior_raw, "model_dump"):
        prior_raw = prior_raw.model_dump()
    field_path = where
    try:
        value = float(raw["value"])
        if prior_raw is None:
            prior = None
        else:
            field_path = f"{where}.prior"
            dist = str(prior_raw["distribution"])
            params = {str(k): float(v) for k, v in dict(prior_raw.get("params") or {}).items()}
            if dist not in DISTRIBUTIONS:
                raise ValueError(f"unknown distribution {dist!r} (known: {', '.join(DISTRIBUTIONS)})")
            prior = Prior(dist, params, value)
        problem = check_prior(str(raw["id"]), value, prior)
        if problem:
            if prior is not None and not problem.startswith("value"):
                field_path = f"{where}.prior"
            elif problem.startswith("value"):
                field_path = f"{where}.value"
            raise ValueError(problem)
    except (KeyError, TypeError, ValueError) as exc:
        raise ScenarioError.at(file, field_path, f"parameter {raw['id']!r}: {exc}") from None
    return Parameter(
        str(raw["id"]),
        value,
        prior or Prior("fixed", {}, value),
        str(raw.get("source") or ""),
        str(raw.get("rationale") or ""),
        kind,
    )


def default_parameters() -> dict[str, Parameter]:
    """The engine's documented defaults, in file order (which fixes the order of draws)."""
    return {
        p.id: p
        for p in (
            _parse_parameter(raw, f"parameters[{i}]", "defaults.yaml", "prior")
            for i, raw in enumerate(_package_data()["parameters"])
        )
    }


def profiles() -> tuple[str, ...]:
    """Names of the shipped parameter profiles (``data/profiles/*.yaml``)."""
    folder = resources.files("pactlab.deter").joinpath("data/profiles")
    return tuple(sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")))


def profile(name: str) -> list[dict[str, Any]]:
    """The parameter overrides of a shipped profile (scenario format)."""
    if name not in profiles():
        raise ParameterError("profile_name", f"unknown profile {name!r} (known: {', '.join(profiles())})")
    text = resources.files("pactlab.deter").joinpath(f"data/profiles/{name}.yaml").read_text("utf-8")
    entries: list[dict[str, Any]] = yaml.safe_load(text)["parameters"]
    return entries


def channels() -> dict[str, tuple[str, ...]]:
    """Which instrument kinds carry capability and monitoring (defaults.yaml ``channels``)."""
    return {k: tuple(v) for k, v in _package_data()["channels"].items()}


def resolve_parameters(
    overrides: Iterable[Any] = (), *, file: str = "scenario", path: str = "deterrence.parameters"
) -> dict[str, Parameter]:
    """Defaults with a scenario's overrides applied; an unknown id is a located error."""
    params = default_parameters()
    problems: list[Problem] = []
    for i, raw in enumerate(overrides):
        where = f"{path}[{i}]"
        try:
            p = _parse_parameter(raw, where, file)
        except PactlabError as err:
            problems.extend(err.problems)
            continue
        if p.id not in params:
            problems.append(
                Problem(
                    Location(file, f"{where}.id"),
                    f"unknown deterrence parameter {p.id!r}{did_you_mean(p.id, params)}",
                )
            )
            continue
        params[p.id] = p
    if problems:
        raise ScenarioError(problems)
    return params


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A "did you mean" suffix naming the closest known ids (prefix matches first).

    Examples
    --------
    >>> did_you_mean("p_T", ["p_T_base", "p_S_base", "lam"])
    " (did you mean 'p_T_base'?)"
    """
    import difflib

    ids = list(known)
    close = [k for k in ids if k.startswith(name) or name.startswith(k)]
    close += [k for k in difflib.get_close_matches(name, ids, n=3, cutoff=0.6) if k not in close]
    if not close:
        return " (known ids: pactlab/deter/data/defaults.yaml)"
    return f" (did you mean {' or '.join(repr(k) for k in close[:3])}?)"


def draw_parameters(params: Mapping[str, Parameter], n: int, rng: np.random.Generator) -> dict[str, Array]:
    """Draw ``n`` values of every parameter, in the mapping's order."""
    return {pid: p.prior.draw(rng, n) for pid, p in params.items()}


def coalition_probability(p: Sequence[Array] | Array, rho: Array | float) -> Array:
    """P(at least one guarantor responds) under a common shock of weight ``rho``.

    Examples
    --------
    >>> float(coalition_probability(np.array([[0.5], [0.5]]), 0.0)[0])
    0.75
    >>> float(coalition_probability(np.array([[0.5], [0.5]]), 1.0)[0])
    0.5
    """
    arr = np.asarray(p, dtype=float)
    if arr.shape[0] == 0:
        return np.zeros(arr.shape[1:]) if arr.ndim > 1 else np.zeros(())
    independent = 1.0 - np.prod(1.0 - arr, axis=0)
    return np.asarray(rho * arr.max(axis=0) + (1.0 - rho) * independent, dtype=float)


def _shift(inst: InstrumentSpec, channel: str, draws: Mapping[str, Array]) -> Array | float:
    effect = draws.get(f"effect.{inst.kind}.{channel}")
    if effect is None:
        return 0.0
    weight = draws.get(f"legal_weight.{inst.legal_form}", 1.0)
    boost = draws["pre_commitment"] if inst.trigger else 1.0
    # the calibration's weight of a defence pact's credibility (calibration.pact_weight), if set
    scale = draws.get("calibration.pact_weight", 1.0) if inst.kind == PACT_KIND else 1.0
    return np.asarray(weight * boost * effect * scale)


def game_parameters(
    option: OptionSpec, draws: Mapping[str, Array], credibility: Mapping[str, float] | None = None
) -> dict[str, Array]:
    """Parameters of the escalation game for ``option`` on every draw."""
    from scipy.special import expit, logit  # here, so that checking a scenario needs no SciPy

    out = dict(draws)
    n = len(draws["sq"])
    for channel in ("p_T", "p_S"):
        base = np.asarray(draws[f"{channel}_base"], dtype=float)
        extra = []
        for g in option.all_guarantors():
            backs = [i for i in option.instruments if g in (i.guarantors or option.guarantors)]
            shift = float((credibility or {}).get(g, 0.0)) + sum(
                (_shift(i, channel, draws) for i in backs), np.zeros(1)
            )
            p_g = expit(logit(base) + shift)
            extra.append(np.clip((p_g - base) / (1.0 - base), 0.0, 1.0))
        added = coalition_probability(np.array(extra).reshape(len(extra), n), draws["common_shock"])
        out[channel] = base + (1.0 - base) * np.clip(added, 0.0, 1.0)
    kinds = channels()
    keep = 1.0 - draws["denial"]
    provocation = draws["provocation"].copy()
    accident = draws["p_accident"].copy()
    lam_gain = np.zeros(n)
    for inst in option.instruments:
        if inst.kind in kinds["capability"]:
            keep = keep * (1.0 - np.clip(draws["effect.denial_per_capability"] * inst.capability, 0.0, 1.0))
        provocation = provocation + draws["effect.provocation_per_signal"] * inst.escalation_signal
        if inst.kind in kinds["monitoring"]:
            accident = accident * (1.0 - draws["effect.accident_reduction"] * inst.verifiability)
            lam_gain = lam_gain + draws["effect.lambda_gain"] * inst.verifiability
    out["denial"] = 1.0 - keep
    out["provocation"] = provocation
    out["p_accident"] = np.clip(accident, 0.0, 1.0)
    out["lam"] = draws["lam"] * (1.0 + lam_gain)
    return out


def consensus_groups(scenario: Scenario) -> dict[str, frozenset[str]]:
    """Groups that decide some issue by unanimity (consensus), with their members."""
    groups = {
        i.decision.group
        for i in scenario.issues
        if i.decision.rule == "unanimity" and i.decision.group is not None
    }
    out = {g: frozenset(scenario.group_members(g)) for g in sorted(groups)}
    return {g: m for g, m in out.items() if len(m) > 1}


def _decision_units(guarantors: tuple[str, ...], groups: Mapping[str, frozenset[str]]) -> tuple[str, ...]:
    """Replace the members of a consensus group that back an instrument together by the group.

    An alliance that decides by consensus responds once, as one decision with one common shock,
    however many members back the instrument: ``group:<name>`` stands for all of them (the
    members outside any such group keep their own, separate decisions).
    """
    backing = set(guarantors)
    units: list[str] = []
    covered: set[str] = set()
    for name, members in groups.items():
        if members <= backing and not members & covered:
            units.append(f"group:{name}")
            covered |= members
    return (*units, *[g for g in guarantors if g not in covered])


def options_from_scenario(scenario: Scenario) -> list[OptionSpec]:
    """Read a scenario's options, instruments and guarantors into :class:`OptionSpec` views.

    Members of a consensus group (:func:`consensus_groups`) that back an instrument together are
    one decision unit (``group:<name>``), not independent chances to respond.
    """
    groups = consensus_groups(scenario)
    by_id = {inst.id: inst for inst in scenario.instruments}
    options = []
    for opt in scenario.options:
        insts = []
        for ref in opt.instruments:
            inst = by_id[ref]
            backers = tuple(inst.guarantors) or tuple(opt.guarantors)
            insts.append(
                InstrumentSpec(
                    id=inst.id,
                    kind=str(inst.kind.value),
                    legal_form=str(inst.legal_form.value),
                    capability=float(inst.capability),
                    escalation_signal=float(inst.escalation_signal),
                    verifiability=float(inst.verifiability),
                    guarantors=_decision_units(backers, groups),
                    trigger=inst.trigger is not None,
                )
            )
        options.append(
            OptionSpec(
                opt.id, opt.title or opt.id, tuple(insts), _decision_units(tuple(opt.guarantors), groups)
            )
        )
    return options

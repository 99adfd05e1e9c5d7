"""The whole answer in one call: negotiation, consensus, deterrence, durability, the ledger, the roadmap.

:func:`analyze` composes the engines through their public APIs and returns a frozen :class:`Analysis`
that carries each engine's report, the roadmap, the models' track record and the run's provenance. The
brief (:mod:`pactlab.brief`) is assembled from it and ``results.json`` is its :meth:`Analysis.to_dict`;
every number in the brief is one of these.

Time discipline (issue 13, 17): everything the analysis reads from outside the scenario is cut at the
scenario's information cut-off ``metadata.as_of`` (or an earlier ``as_of``): the ledger's records and
tracker releases, and the past decisions behind the models' track record. The provenance names what
was read (``Provenance.data``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

from pactlab._rng import DEFAULT_SEED, RNGLike, fresh, make_rng
from pactlab._version import __version__
from pactlab.brief.roadmap import Roadmap, plan_roadmap
from pactlab.brief.track import ModelTrack, model_track
from pactlab.errors import Location, PactlabError, ParameterError, Problem
from pactlab.results import Provenance, ResultMixin, jsonable

if TYPE_CHECKING:
    import pandas as pd

    from pactlab.deter import RiskReport
    from pactlab.ledger import LedgerReport
    from pactlab.negotiate import Negotiation
    from pactlab.scenario import Scenario

__all__ = ["Analysis", "analyze", "estimate_notes"]

Step = Callable[[str], None]
MIN_DRAWS = 2
"""The fewest draws a Monte Carlo can summarise; below the deterrence engine's advice
(:data:`pactlab.deter.report.MIN_DRAWS`, 1,000) its report warns that medians, intervals and pairwise
probabilities are coarse, and the brief prints the warning."""


@dataclass(frozen=True)
class Analysis(ResultMixin):
    """Every engine's report on one scenario, with the run's provenance.

    ``cutoff`` is the information cut-off everything read was cut at (``None``: the scenario gives
    none). ``risk`` is ``None`` when the scenario asks no deterrence question (it names no challenger
    or no target), with the reason in ``risk_note``. ``roadmap`` is ``None`` when the scenario has no
    roadmap section or no plan was found, with the reason in ``roadmap_note``. ``results.json`` keeps a
    ``"sensitivity"`` slot for the global sensitivity analysis (:mod:`pactlab.sensitivity`), which is
    not part of this run: it is ``null``.
    """

    scenario: Scenario
    negotiation: Negotiation
    risk: RiskReport | None
    ledger: LedgerReport
    track: ModelTrack
    provenance: Provenance
    cutoff: dt.date | None = None
    credibility: Mapping[str, float] = field(default_factory=dict)
    roadmap: Roadmap | None = None
    roadmap_note: str = ""
    risk_note: str = ""

    @property
    def seed(self) -> int | None:
        return self.provenance.seed

    @property
    def draws(self) -> int:
        return int(self.provenance.parameters["draws"])

    @property
    def generated_at(self) -> str:
        return self.provenance.timestamp or ""

    @property
    def version(self) -> str:
        return self.provenance.version

    @property
    def estimates(self) -> tuple[str, ...]:
        """Which inputs are analyst estimates (see :func:`estimate_notes`)."""
        return estimate_notes(self.scenario)

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable whole (``results.json``): the scenario itself and every report."""
        meta = self.scenario.metadata
        whole: dict[str, Any] = jsonable(
            {
                "scenario": {
                    "id": meta.id,
                    "title": meta.title,
                    "as_of": None if meta.as_of is None else meta.as_of.isoformat(),
                    "digest": self.scenario.digest,
                    "content": self.scenario.model_dump(mode="json"),
                },
                "cutoff": None if self.cutoff is None else self.cutoff.isoformat(),
                # the Provenance, and the run's facts under the keys results.json has always had
                "provenance": {
                    **self.provenance.to_dict(),
                    "draws": self.draws,
                    "rounds": self.provenance.parameters["rounds"],
                    "generated_at": self.generated_at,
                },
                "negotiation": self.negotiation.to_dict(),
                "deterrence": None if self.risk is None else self.risk.to_dict(),
                "deterrence_note": self.risk_note,
                "ledger": self.ledger.to_dict(),
                "credibility": dict(self.credibility),
                "roadmap": None if self.roadmap is None else self.roadmap.to_dict(),
                "roadmap_note": self.roadmap_note,
                "track_record": self.track.to_dict(),
                "sensitivity": None,  # slot: pactlab.sensitivity is not wired into the analysis yet
                "estimates": list(self.estimates),
            }
        )
        return whole

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Inverse of :meth:`to_dict` (``results.json`` back to an Analysis)."""
        from pactlab.deter import RiskReport
        from pactlab.ledger import LedgerReport
        from pactlab.negotiate import Negotiation
        from pactlab.scenario import Scenario

        cutoff = data.get("cutoff")
        roadmap = data.get("roadmap")
        return cls(
            scenario=Scenario.model_validate(data["scenario"]["content"]),
            negotiation=Negotiation.from_dict(data["negotiation"]),
            risk=None if data["deterrence"] is None else RiskReport.from_dict(data["deterrence"]),
            risk_note=str(data.get("deterrence_note", "")),
            ledger=LedgerReport.from_dict(data["ledger"]),
            track=ModelTrack.from_dict(data["track_record"]),
            provenance=Provenance.from_dict(data["provenance"]),
            cutoff=None if cutoff is None else dt.date.fromisoformat(cutoff),
            credibility=dict(data.get("credibility") or {}),
            roadmap=None if roadmap is None else Roadmap.from_dict(roadmap),
            roadmap_note=str(data.get("roadmap_note", "")),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Analysis):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # holds mappings: never hashable

    def to_frame(self) -> pd.DataFrame:
        """One row per option (the no-guarantee baseline first): the deterrence figures with their
        medians and 90% intervals, and whether the option's adoption level is reachable."""
        import pandas as pd

        reach = {c.option: c.reachable for c in self.negotiation.consensus.options}
        if self.risk is None:
            ids = [o.id for o in self.scenario.options]
            return pd.DataFrame({"option": ids, "reachable": [reach.get(o) for o in ids]})
        frame: pd.DataFrame = self.risk.to_frame().reset_index()
        frame.insert(1, "reachable", [reach.get(o) for o in frame["option"]])
        return frame

    def summary(self) -> str:
        """The brief's headline as plain text (what ``pactlab analyze`` prints first)."""
        from pactlab.brief.assemble import assemble

        brief = assemble(self)
        head = f"{brief.title} ({brief.scenario_id}, information cut-off {brief.as_of})"
        return "\n".join([head, *(f"- {line}" for line in brief.headline)])


def _cutoff(scenario: Scenario, as_of: dt.date | None) -> dt.date | None:
    own = scenario.metadata.as_of
    if as_of is None:
        return own
    if not isinstance(as_of, dt.date) or isinstance(as_of, dt.datetime):
        raise ParameterError("as_of", f"must be a date (datetime.date), not {as_of!r}")
    if own is not None and as_of > own:
        raise ParameterError(
            "as_of",
            f"{as_of} is after the scenario's cut-off {own} (metadata.as_of): the brief would read "
            "what was not public when the decision was forecast",
        )
    return as_of


def _check(draws: int, rounds: int) -> None:
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < MIN_DRAWS:
        raise ParameterError("draws", f"must be an integer of at least {MIN_DRAWS}, not {draws!r}")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise ParameterError("rounds", f"must be a positive integer, not {rounds!r}")


def _located(error: PactlabError, scenario: Scenario) -> PactlabError:
    """The same error with every problem that names a field of the scenario but no line located to the
    scenario's file and line (``Scenario.locate``)."""
    names = {"scenario", "", scenario.metadata.id, scenario.origin}
    problems = []
    for p in error.problems:
        where = p.location
        if where.line is None and where.path and where.file in names:
            where = scenario.locate(where.path)
        elif where.line is None and not where.path and where.file in names - {"", "scenario"}:
            where = Location(scenario.origin, where.path, where.line)
        problems.append(Problem(where, p.message))
    try:
        return type(error)(problems)
    except TypeError:  # a subclass with its own constructor: keep its type's base
        return PactlabError(problems)


def analyze(
    scenario: Scenario,
    *,
    draws: int = 20_000,
    rng: RNGLike = DEFAULT_SEED,
    rounds: int = 10,
    db: str | None = None,
    as_of: dt.date | None = None,
    roadmap: bool = True,
    timestamp: dt.datetime | None = None,
    on_step: Step | None = None,
    on_draws: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Run every engine on ``scenario`` and collect the reports.

    Parameters
    ----------
    scenario : a loaded :class:`~pactlab.scenario.Scenario`.
    draws : Monte Carlo draws of the deterrence priors (at least :data:`MIN_DRAWS`).
    rng : the seed (``int``, ``SeedSequence``, ``Generator``; default 0; ``None``: fresh entropy, recorded
        in the provenance).
    rounds : rounds of the dynamic negotiation models.
    db : the ledger's database URL (``None``: ``PACTLAB_DB`` or the default SQLite file). An empty
        ledger leaves the guarantors' track record unknown and the credibility priors unchanged.
    as_of : the information cut-off; default the scenario's ``metadata.as_of``; an earlier date is
        allowed, a later one refused (no hindsight).
    roadmap : solve the scenario's roadmap (when it has a ``roadmap:`` section).
    timestamp : the time stamped on the result (``None``: now); fixed, the same seed gives the same
        results.
    on_step, on_draws : progress callbacks (a step's name; draws done and total).

    Raises
    ------
    ParameterError
        A bad parameter, named.
    PactlabError
        A problem of the scenario that an engine finds, located to the scenario's file and line.
    """
    _check(draws, rounds)
    if isinstance(rng, int):
        make_rng(rng)  # a bad seed is refused here, naming rng, before any engine runs
    cutoff = _cutoff(scenario, as_of)
    seed = fresh(rng)
    step = on_step or (lambda _: None)
    when = (timestamp or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    try:
        return _run(scenario, draws, seed, rounds, db, cutoff, roadmap, when, step, on_draws)
    except ParameterError:
        raise
    except PactlabError as error:
        raise _located(error, scenario) from None


def _run(
    scenario: Scenario,
    draws: int,
    seed: RNGLike,
    rounds: int,
    db: str | None,
    cutoff: dt.date | None,
    with_roadmap: bool,
    when: dt.datetime,
    step: Step,
    on_draws: Callable[[int, int], None] | None,
) -> Analysis:
    from pactlab.ledger import ledger_report, open_ledger
    from pactlab.ledger.metrics import credibility_from_rows
    from pactlab.negotiate import negotiate

    step("ledger")
    with open_ledger(db) as ledger:
        report = ledger_report(ledger, "guarantor", as_of=cutoff, on=cutoff or when.date())
    # what credibility_adjustments(ledger, as_of=cutoff) computes, from the same report (one query pass)
    credibility = credibility_from_rows(report.rows)
    step("negotiation")
    negotiation = negotiate(scenario, "all", rounds=rounds, rng=seed)
    step("deterrence")
    risk, risk_note = _deterrence(scenario, draws, seed, credibility, on_draws)
    step("roadmap")
    plan, note = plan_roadmap(scenario) if with_roadmap else (None, "not asked for (roadmap=False)")
    track = model_track(cutoff)
    provenance = Provenance(
        "analysis",
        {"draws": draws, "rounds": rounds, "as_of": None if cutoff is None else cutoff.isoformat()},
        seed=seed if isinstance(seed, int) else (None if risk is None else risk.seed),
        scenario_digest=scenario.digest,
        version=__version__,
        timestamp=when.isoformat(),
        data={
            **dict(report.provenance.data),
            **_track_data(track),
            **({} if risk is None else dict(risk.provenance.data)),
        },
    )
    return Analysis(
        scenario=scenario,
        negotiation=negotiation,
        risk=risk,
        ledger=report,
        track=track,
        provenance=provenance,
        cutoff=cutoff,
        credibility=credibility,
        roadmap=plan,
        roadmap_note=note,
        risk_note=risk_note,
    )


def _deterrence(
    scenario: Scenario,
    draws: int,
    seed: RNGLike,
    credibility: Mapping[str, float],
    on_draws: Callable[[int, int], None] | None,
) -> tuple[RiskReport | None, str]:
    """The deterrence report, or ``None`` and why when the scenario asks no deterrence question."""
    from pactlab.deter import assess_scenario

    det = scenario.deterrence
    missing = [name for name in ("challenger", "target") if getattr(det, name) is None]
    if missing:
        return None, (
            "not assessed: the scenario names no "
            + " and no ".join(missing)
            + " (deterrence."
            + ", deterrence.".join(missing)
            + ")"
        )
    risk = assess_scenario(
        scenario, draws=draws, rng=seed, credibility=credibility or None, progress=on_draws
    )
    return risk, ""


def _track_data(track: ModelTrack) -> dict[str, str]:
    cut = f" known by {track.cutoff}" if track.cutoff else ""
    return {"track record": f"backtest corpus, {len(track.cases)} past decisions{cut} ({track.origin})"}


def estimate_notes(scenario: Scenario) -> tuple[str, ...]:
    """Plain statements of which scenario inputs rest on the analyst's judgement.

    A position, capability, instrument rating or deterrence parameter that carries only a rationale is an
    estimate; one that also names a source is the analyst's reading of that source, still an estimate of a
    stance rather than a measurement, and is counted separately.
    """
    notes = []
    cells = [p for issue in scenario.issues for p in issue.positions]
    sourced = sum(p.source is not None for p in cells)
    if cells:
        notes.append(
            f"positions and saliences ({len(cells)} cells): analyst readings, {sourced} citing a "
            f"statement or document, {len(cells) - sourced} on a stated rationale only"
        )
    caps = [a.capability for a in scenario.actors if a.capability is not None]
    unsourced_caps = sum(c.source is None for c in caps)
    if unsourced_caps:
        notes.append(f"{unsourced_caps} of {len(caps)} capabilities are analyst estimates")
    rated = [i for i in scenario.instruments if i.source is None]
    if rated:
        notes.append(
            f"ratings of {len(rated)} instruments (capability, escalation signal, verifiability) "
            "and trigger thresholds"
        )
    params = [p.id for p in scenario.deterrence.parameters if p.source is None]
    if params:
        notes.append("deterrence parameters " + ", ".join(params))
    if scenario.roadmap is not None:
        notes.append("the roadmap's durations, resource uses, deterrence values and risks per step")
    return tuple(notes)

"""Negotiation-specific validation of a scenario: who decides, by which rule, weighed how.

:func:`check_scenario` returns every problem at once as (field path, message) pairs, which
``Scenario.locate`` turns into ``file:line:field`` lines; :func:`pactlab.negotiate.negotiate` refuses a
scenario with problems, and ``pactlab scenarios validate`` reports them. The checks (docs/negotiation.md):

- the deciding group names at least one actor;
- every member of a group deciding by a vote (unanimity, majority, qualified majority) states a
  position or is listed under ``decision.abstaining`` (otherwise deleting a veto player's position
  would silently remove its veto); an abstainer states no position and is a member;
- a qualified majority names its vote weights (``decision.votes``) and a quota above one half; every
  member has the named votes measure; ``quota`` and ``votes`` appear only where a rule uses them;
- a named capability measure (``decision.capability``) is defined by every actor that bargains;
- a lobbying outsider is a known actor outside the group; every named measure has a source or a
  rationale.
"""

from __future__ import annotations

import difflib

from pactlab.scenario.arrays import measure_value
from pactlab.scenario.schema import Actor, Issue, Scenario
from pactlab.scenario.taxonomy import DecisionRule

__all__ = ["check_scenario", "did_you_mean"]

Problems = list[tuple[str, str]]
_VOTED = (DecisionRule.UNANIMITY, DecisionRule.MAJORITY, DecisionRule.QUALIFIED_MAJORITY)


def did_you_mean(word: str, known: list[str] | tuple[str, ...]) -> str:
    """`` (known: a, b, c; did you mean 'b'?)`` for an unknown ``word``.

    Examples
    --------
    >>> did_you_mean("eun", ["compromise", "eum", "nbs"])
    " (known: compromise, eum, nbs; did you mean 'eum'?)"
    """
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    shown = ", ".join(known[:40]) + (f", ... ({len(known)} in all)" if len(known) > 40 else "")
    return f" (known: {shown}{hint})"


def _members(scenario: Scenario, issue: Issue) -> tuple[str, ...]:
    group = issue.decision.group
    if group is not None and group in {a.id for a in scenario.actors}:
        return (group,)
    return scenario.group_members(group)


def _measures(scenario: Scenario) -> list[str]:
    return sorted({name for a in scenario.actors for name in a.capabilities})


def _measure_problems(scenario: Scenario, path: str, measure: str, who: list[int], role: str) -> Problems:
    """The named ``measure`` exists at all, and for each actor index in ``who``."""
    known = _measures(scenario)
    if measure not in known:
        return [(path, f"no actor defines the measure {measure!r}" + did_you_mean(measure, known))]
    actors: tuple[Actor, ...] = scenario.actors
    return [
        (f"actors[{k}].capabilities", f"{actors[k].id} has no {measure!r} measure, which {role}")
        for k in who
        if measure_value(actors[k], measure) is None
    ]


def _rule_problems(scenario: Scenario, i: int, issue: Issue, members: tuple[str, ...]) -> Problems:
    d, path = issue.decision, f"issues[{i}].decision"
    index = {a.id: k for k, a in enumerate(scenario.actors)}
    problems: Problems = []
    if d.rule is DecisionRule.QUALIFIED_MAJORITY:
        if d.votes is None:
            problems.append(
                (
                    f"{path}.votes",
                    "a qualified majority needs vote weights: name the measure "
                    "of the actors' capabilities that gives each member's votes",
                )
            )
        if d.quota is None:
            problems.append((f"{path}.quota", "a qualified majority needs a quota (share of all votes)"))
        elif not d.quota > 0.5:
            problems.append(
                (f"{path}.quota", f"a qualified majority needs more than half of the votes, not {d.quota:g}")
            )
    elif d.quota is not None:
        problems.append(
            (f"{path}.quota", f"a quota applies only under qualified_majority, not {d.rule.value}")
        )
    if d.votes is not None:
        if d.rule in (DecisionRule.MAJORITY, DecisionRule.QUALIFIED_MAJORITY):
            role = f"issues[{i}].decision.votes names"
            problems += _measure_problems(
                scenario, f"{path}.votes", d.votes, [index[m] for m in members], role
            )
        else:
            problems.append(
                (f"{path}.votes", f"vote weights apply only under majority rules, not {d.rule.value}")
            )
    return problems


def _issue_problems(scenario: Scenario, i: int, issue: Issue) -> Problems:
    d, path = issue.decision, f"issues[{i}].decision"
    members = _members(scenario, issue)
    if d.group is not None and not members:
        return [(f"{path}.group", f"the group {d.group!r} names no actor")]
    index = {a.id: k for k, a in enumerate(scenario.actors)}
    stated = {p.actor: k for k, p in enumerate(issue.positions)}
    problems = _rule_problems(scenario, i, issue, members)
    for k, actor in enumerate(d.abstaining):
        where = f"{path}.abstaining[{k}]"
        if actor not in index:
            problems.append((where, f"unknown actor {actor!r}" + did_you_mean(actor, list(index))))
        elif actor not in members:
            problems.append((where, f"{actor} is no member of {d.group or 'the actors'}: only members vote"))
        elif actor in stated:
            problems.append((where, f"{actor} abstains but states a position (positions[{stated[actor]}])"))
    for actor in d.lobbying:
        where = f"{path}.lobbying.{actor}"
        if actor not in index:
            problems.append((where, f"unknown actor {actor!r}" + did_you_mean(actor, list(index))))
        elif actor in members:
            problems.append(
                (where, f"{actor} is a member of {d.group or 'the actors'}: members vote, outsiders lobby")
            )
    if d.group is not None and d.rule in _VOTED:
        problems += [
            (
                f"issues[{i}].positions",
                f"{m}, a member of {d.group}, states no position: add one or list it "
                "under decision.abstaining (a member left out silently loses its vote or veto)",
            )
            for m in members
            if m not in stated and m not in d.abstaining
        ]
    if d.capability is not None:
        bargain = [index[a] for a in stated if a in index and (a in members or d.lobbying.get(a, 0) > 0)]
        problems += _measure_problems(
            scenario, f"{path}.capability", d.capability, bargain, f"issues[{i}].decision.capability names"
        )
    return problems


def check_scenario(scenario: Scenario) -> list[tuple[str, str]]:
    """Every negotiation-specific problem of ``scenario``, as (field path, message) pairs.

    Examples
    --------
    >>> from pactlab.scenario import load_scenario
    >>> check_scenario(load_scenario("vilnius-2023"))
    []
    """
    problems: Problems = []
    for k, actor in enumerate(scenario.actors):
        for name, measure in actor.capabilities.items():
            if not (measure.source or measure.rationale):
                problems.append((f"actors[{k}].capabilities.{name}", "needs a source or a rationale"))
    for i, issue in enumerate(scenario.issues):
        problems += _issue_problems(scenario, i, issue)
    return problems

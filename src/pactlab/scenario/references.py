"""Cross-reference checks of a whole scenario: every problem at once, as (field path, message) pairs.

Unknown actors, issues, instruments or milestones, duplicate ids, dependency cycles, out-of-scale
positions and numbers without a source or a rationale. :meth:`pactlab.scenario.schema.Scenario` runs
:func:`reference_problems` as its last validator and raises them together as
:class:`~pactlab.scenario._base.ReferenceProblems`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pactlab.scenario._ids import lookalike_problems, unknown_message
from pactlab.scenario.timeline import timeline_problems

if TYPE_CHECKING:
    from pactlab.scenario.schema import Issue, Milestone, Option, Scenario

__all__ = ["reference_problems"]


def _duplicates(ids: list[str]) -> list[int]:
    seen: set[str] = set()
    dup = []
    for index, item in enumerate(ids):
        if item in seen:
            dup.append(index)
        seen.add(item)
    return dup


def reference_problems(s: Scenario) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for name, items in (
        ("actors", s.actors),
        ("issues", s.issues),
        ("instruments", s.instruments),
        ("options", s.options),
        ("milestones", s.milestones),
    ):
        ids = [item.id for item in items]
        problems += [(f"{name}[{i}].id", f"duplicate id {ids[i]!r}") for i in _duplicates(ids)]
    problems += _lookalike_ids(s)
    problems += _source_problems(s)
    problems += timeline_problems(s)  # nothing after the cut-off (metadata.as_of): see timeline.py
    actors = {a.id for a in s.actors}
    groups = {g for a in s.actors for g in a.groups}
    for i, issue in enumerate(s.issues):
        problems += _issue_problems(f"issues[{i}]", issue, _ids(s.actors), groups)
    for i, instrument in enumerate(s.instruments):
        problems += [
            (f"instruments[{i}].guarantors[{k}]", unknown_message("actor", g, _ids(s.actors)))
            for k, g in enumerate(instrument.guarantors)
            if g not in actors
        ]
    issues = {x.id: x for x in s.issues}
    for i, option in enumerate(s.options):
        problems += _option_problems(f"options[{i}]", option, _ids(s.actors), _ids(s.instruments), issues)
    problems += _milestone_problems(s.milestones)
    for field_name in ("challenger", "target"):
        ref = getattr(s.deterrence, field_name)
        if ref is not None and ref not in actors:
            problems.append((f"deterrence.{field_name}", unknown_message("actor", ref, _ids(s.actors))))
    param_ids = [p.id for p in s.deterrence.parameters]
    problems += [
        (f"deterrence.parameters[{i}].id", f"duplicate id {param_ids[i]!r}") for i in _duplicates(param_ids)
    ]
    return problems


def _source_problems(s: Scenario) -> list[tuple[str, str]]:
    """Every actor capability and every position must carry a source or a rationale."""
    problems = []
    for i, actor in enumerate(s.actors):
        cap = actor.capability
        if cap is not None and not (cap.source or cap.rationale):
            problems.append((f"actors[{i}].capability", "needs a source or a rationale"))
    for i, issue in enumerate(s.issues):
        for k, pos in enumerate(issue.positions):
            if not (pos.source or pos.rationale):
                problems.append((f"issues[{i}].positions[{k}]", "needs a source or a rationale"))
    for i, param in enumerate(s.deterrence.parameters):
        if not (param.source or param.rationale):
            problems.append((f"deterrence.parameters[{i}]", "needs a source or a rationale"))
    return problems


def _ids(items: tuple[Any, ...]) -> list[str]:
    """The ids of a section's items, in listed order (for membership and for messages)."""
    return [str(item.id) for item in items]


def _lookalike_ids(s: Scenario) -> list[tuple[str, str]]:
    """Ids of one kind that differ only by case or by a look-alike letter (see :mod:`._ids`)."""
    problems: list[tuple[str, str]] = []
    sections: list[tuple[str, str, tuple[Any, ...]]] = [
        ("source", "metadata.sources", s.metadata.sources),
        ("actor", "actors", s.actors),
        ("issue", "issues", s.issues),
        ("instrument", "instruments", s.instruments),
        ("option", "options", s.options),
        ("milestone", "milestones", s.milestones),
        ("parameter", "deterrence.parameters", s.deterrence.parameters),
    ]
    if s.roadmap is not None:
        sections += [
            ("step", "roadmap.steps", s.roadmap.steps),
            ("resource", "roadmap.resources", s.roadmap.resources),
        ]
    for kind, path, items in sections:
        problems += lookalike_problems([(f"{path}[{i}].id", item.id) for i, item in enumerate(items)], kind)
    groups = [(f"actors[{i}].groups[{k}]", g) for i, a in enumerate(s.actors) for k, g in enumerate(a.groups)]
    problems += lookalike_problems(groups, "group")
    return problems


def _issue_problems(path: str, issue: Issue, actor_ids: list[str], groups: set[str]) -> list[tuple[str, str]]:
    actors = set(actor_ids)
    problems = []
    lo, hi = issue.scale.lower, issue.scale.upper
    if not issue.positions:
        problems.append((f"{path}.positions", "an issue needs at least one actor's position"))
    if issue.status_quo is not None and not lo <= issue.status_quo <= hi:
        problems.append((f"{path}.status_quo", f"{issue.status_quo} lies outside the scale [{lo}, {hi}]"))
    group = issue.decision.group
    if group is not None and group not in groups and group not in actors:
        known = sorted(groups) + actor_ids
        problems.append(
            (f"{path}.decision.group", unknown_message("group", group, known, plural="groups or actors"))
        )
    seen: set[str] = set()
    for k, pos in enumerate(issue.positions):
        where = f"{path}.positions[{k}]"
        if pos.actor not in actors:
            problems.append((f"{where}.actor", unknown_message("actor", pos.actor, actor_ids)))
        if pos.actor in seen:
            problems.append((f"{where}.actor", f"duplicate position for actor {pos.actor!r}"))
        seen.add(pos.actor)
        if not lo <= pos.position <= hi:
            problems.append((f"{where}.position", f"{pos.position} lies outside the scale [{lo}, {hi}]"))
    return problems


def _option_problems(
    path: str,
    option: Option,
    actors: list[str],
    instruments: list[str],
    issues: dict[str, Issue],
) -> list[tuple[str, str]]:
    problems = [
        (f"{path}.instruments[{k}]", unknown_message("instrument", ref, instruments))
        for k, ref in enumerate(option.instruments)
        if ref not in instruments
    ]
    problems += [
        (f"{path}.guarantors[{k}]", unknown_message("actor", ref, actors))
        for k, ref in enumerate(option.guarantors)
        if ref not in actors
    ]
    adoption = option.adoption
    if adoption is not None:
        issue = issues.get(adoption.issue)
        if issue is None:
            problems.append(
                (f"{path}.adoption.issue", unknown_message("issue", adoption.issue, list(issues)))
            )
        elif not issue.scale.lower <= adoption.level <= issue.scale.upper:
            problems.append(
                (
                    f"{path}.adoption.level",
                    f"{adoption.level} lies outside the scale "
                    f"[{issue.scale.lower}, {issue.scale.upper}] of issue {issue.id!r}",
                )
            )
    return problems


def _milestone_problems(milestones: tuple[Milestone, ...]) -> list[tuple[str, str]]:
    known = {m.id for m in milestones}
    problems = [
        (f"milestones[{i}].depends_on[{k}]", unknown_message("milestone", ref, [m.id for m in milestones]))
        for i, m in enumerate(milestones)
        for k, ref in enumerate(m.depends_on)
        if ref not in known
    ]
    cycle = _find_cycle({m.id: [d for d in m.depends_on if d in known] for m in milestones})
    if cycle:
        index = next(i for i, m in enumerate(milestones) if m.id == cycle[0])
        problems.append((f"milestones[{index}].depends_on", "dependency cycle: " + " -> ".join(cycle)))
    return problems


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a dependency graph as a closed path of ids, or None (iterative DFS)."""
    state: dict[str, int] = {}
    for root in sorted(graph):
        if state.get(root):
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = []
        while stack:
            node, child = stack.pop()
            if child == 0:
                state[node] = 1
                path.append(node)
            successors = graph.get(node, [])
            if child < len(successors):
                stack.append((node, child + 1))
                nxt = successors[child]
                if state.get(nxt) == 1:
                    return [*path[path.index(nxt) :], nxt]
                if not state.get(nxt):
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                path.pop()
    return None

"""Cross-reference checks of a whole scenario: every problem at once, as (field path, message) pairs.

Unknown actors, issues, instruments or milestones, duplicate ids, dependency cycles, out-of-scale
positions and numbers without a source or a rationale. :meth:`pactlab.scenario.schema.Scenario` runs
:func:`reference_problems` as its last validator and raises them together as
:class:`~pactlab.scenario._base.ReferenceProblems`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    problems += _source_problems(s)
    actors = {a.id for a in s.actors}
    groups = {g for a in s.actors for g in a.groups}
    for i, issue in enumerate(s.issues):
        problems += _issue_problems(f"issues[{i}]", issue, actors, groups)
    instruments = {x.id for x in s.instruments}
    for i, instrument in enumerate(s.instruments):
        problems += [
            (f"instruments[{i}].guarantors[{k}]", f"unknown actor {g!r}")
            for k, g in enumerate(instrument.guarantors)
            if g not in actors
        ]
    issues = {x.id: x for x in s.issues}
    for i, option in enumerate(s.options):
        problems += _option_problems(f"options[{i}]", option, actors, instruments, issues)
    problems += _milestone_problems(s.milestones)
    for field_name in ("challenger", "target"):
        ref = getattr(s.deterrence, field_name)
        if ref is not None and ref not in actors:
            problems.append((f"deterrence.{field_name}", f"unknown actor {ref!r}"))
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


def _issue_problems(path: str, issue: Issue, actors: set[str], groups: set[str]) -> list[tuple[str, str]]:
    problems = []
    lo, hi = issue.scale.lower, issue.scale.upper
    if not issue.positions:
        problems.append((f"{path}.positions", "an issue needs at least one actor's position"))
    if issue.status_quo is not None and not lo <= issue.status_quo <= hi:
        problems.append((f"{path}.status_quo", f"{issue.status_quo} lies outside the scale [{lo}, {hi}]"))
    group = issue.decision.group
    if group is not None and group not in groups and group not in actors:
        problems.append((f"{path}.decision.group", f"unknown group {group!r}"))
    seen: set[str] = set()
    for k, pos in enumerate(issue.positions):
        where = f"{path}.positions[{k}]"
        if pos.actor not in actors:
            problems.append((f"{where}.actor", f"unknown actor {pos.actor!r}"))
        if pos.actor in seen:
            problems.append((f"{where}.actor", f"duplicate position for actor {pos.actor!r}"))
        seen.add(pos.actor)
        if not lo <= pos.position <= hi:
            problems.append((f"{where}.position", f"{pos.position} lies outside the scale [{lo}, {hi}]"))
    return problems


def _option_problems(
    path: str,
    option: Option,
    actors: set[str],
    instruments: set[str],
    issues: dict[str, Issue],
) -> list[tuple[str, str]]:
    problems = [
        (f"{path}.instruments[{k}]", f"unknown instrument {ref!r}")
        for k, ref in enumerate(option.instruments)
        if ref not in instruments
    ]
    problems += [
        (f"{path}.guarantors[{k}]", f"unknown actor {ref!r}")
        for k, ref in enumerate(option.guarantors)
        if ref not in actors
    ]
    adoption = option.adoption
    if adoption is not None:
        issue = issues.get(adoption.issue)
        if issue is None:
            problems.append((f"{path}.adoption.issue", f"unknown issue {adoption.issue!r}"))
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
        (f"milestones[{i}].depends_on[{k}]", f"unknown milestone {ref!r}")
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

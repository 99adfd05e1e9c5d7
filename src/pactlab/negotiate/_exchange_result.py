"""The result of :func:`pactlab.negotiate.exchange_rounds`: every round of the exchange model."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import numpy as np
from numpy.typing import NDArray

from pactlab.results import Provenance, ResultMixin, jsonable

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ExchangeRun"]

F = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class ExchangeRun(ResultMixin):
    """Rounds of the exchange model on all issues, on the 0-100 scale of ScenarioArrays.

    Attributes
    ----------
    outcomes : (rounds + 1, issues) weighted mean of the voting positions, round 0 first.
    realized : per round, the realised exchanges in order: actors ``i``, ``j`` (indices), the issues
        they supply (``supply_i``, ``supply_j``), the equal ``gain``, each side's start position and
        move, and ``tied`` (how many exchanges had that gain, 1 when none other).
    ties : per round, the ties in gain broken.
    positions : (actors, issues) start positions of the round after the last.
    provenance : model "exchange", variant "equal-gain", parameters (rounds, ties), seed (ties="random").
    actor_ids, issue_ids : labels of the rows and columns.
    """

    outcomes: F
    realized: tuple[tuple[dict[str, Any], ...], ...]
    ties: tuple[int, ...]
    positions: F
    provenance: Provenance = field(default_factory=lambda: Provenance("exchange", variant="equal-gain"))
    actor_ids: tuple[str, ...] = ()
    issue_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (with ``"provenance"``); :meth:`from_dict` reads it back."""
        return {
            "outcomes": jsonable(self.outcomes),
            "realized": [[jsonable(e) for e in r] for r in self.realized],
            "ties": list(self.ties),
            "positions": jsonable(self.positions),
            "actor_ids": list(self.actor_ids),
            "issue_ids": list(self.issue_ids),
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            outcomes=np.array(data["outcomes"], dtype=float),
            realized=tuple(tuple(dict(e) for e in r) for r in data["realized"]),
            ties=tuple(int(t) for t in data["ties"]),
            positions=np.array(data["positions"], dtype=float),
            provenance=Provenance.from_dict(data["provenance"]),
            actor_ids=tuple(data.get("actor_ids", ())),
            issue_ids=tuple(data.get("issue_ids", ())),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExchangeRun):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]  # mutable arrays inside: not hashable

    def to_frame(self) -> pd.DataFrame:
        """One row per round and issue: the outcome (0-100) and the exchanges that moved the issue."""
        import pandas as pd

        rows = []
        names = self.issue_ids or tuple(str(d) for d in range(self.outcomes.shape[1]))
        for rnd, values in enumerate(self.outcomes):
            done = self.realized[rnd - 1] if rnd else ()
            for col, issue in enumerate(names):
                moved = sum(1 for e in done if col in (e["supply_i"], e["supply_j"]))
                rows.append(
                    {"round": rnd, "issue": issue, "outcome_0_100": float(values[col]), "exchanges": moved}
                )
        return pd.DataFrame(rows)

    def summary(self) -> str:
        rounds, rule = len(self.realized), self.provenance.parameters.get("ties", "order")
        per_round = ", ".join(str(len(r)) for r in self.realized) or "none"
        lines = [
            f"Exchange model (equal gain), {rounds} round(s), ties broken by {rule}: "
            f"{sum(len(r) for r in self.realized)} exchanges realised ({per_round} per round), "
            f"{sum(self.ties)} ties.",
        ]
        names = self.issue_ids or tuple(str(d) for d in range(self.outcomes.shape[1]))
        for col, issue in enumerate(names):
            lines.append(f"  {issue}: {self.outcomes[0, col]:.2f} -> {self.outcomes[-1, col]:.2f} (0-100)")
        return "\n".join(lines)

"""Model metadata (Axelrod-style classifier): name, stochastic or not, source, assumptions.

The brief prints ``assumptions`` verbatim, so they are written for a reader, not a programmer.
"""

from __future__ import annotations

from pactlab.results import ModelInfo

__all__ = ["MODELS", "ModelInfo", "model_info"]


MODELS: dict[str, ModelInfo] = {
    m.name: m
    for m in (
        ModelInfo(
            "compromise",
            "Compromise (weighted mean)",
            False,
            False,
            "Achen (2006); models.md 1.1",
            (
                "Each actor pulls the outcome toward its position in proportion to capability x salience.",
                "Actors without a stated position take no part.",
            ),
        ),
        ModelInfo(
            "median",
            "Weighted median / pairwise winner",
            False,
            False,
            "Black (1948); Bueno de Mesquita (1994); models.md 1.2",
            (
                "Actors vote sincerely by distance (linear loss), weighted by capability x salience.",
                "Ties at exactly half the weight go to the lower position.",
            ),
        ),
        ModelInfo(
            "nbs",
            "Nash bargaining solution",
            False,
            False,
            "Nash (1950); Kalai (1977); models.md 1.3",
            (
                "Utility is linear loss in distance; bargaining power is capability x salience.",
                "Disagreement is the status quo (without one, each actor's worst scale end); "
                "no agreement when no point beats it for every actor.",
            ),
        ),
        ModelInfo(
            "eum",
            "Expected-utility model (Bueno de Mesquita)",
            False,
            True,
            "Bueno de Mesquita (1994); Scholz, Calbert & Smith (2011); models.md 1.4",
            (
                "Actors challenge, compromise or give way by comparing expected utilities of conflict "
                "(Q = 1: the status quo is valued as in Scholz et al.).",
                "The model does not converge; the forecast is the median after a fixed number of rounds.",
            ),
        ),
        ModelInfo(
            "exchange",
            "Exchange of voting positions (Stokman & Van Oosten)",
            True,
            True,
            "Stokman & Van Oosten (1994); decide-exchange-model 2025.3.1; models.md 1.5",
            (
                "Actors trade concessions on issues they care little about for gains on issues they care "
                "much about, each trade giving both sides equal utility gain.",
                "The outcome of every issue is the weighted mean of voting positions; ties in gain are "
                "broken by a seeded draw (or a fixed order without a seed).",
            ),
        ),
        ModelInfo(
            "unanimity",
            "Unanimity with veto players",
            False,
            False,
            "Tsebelis (2002); Romer & Rosenthal (1978); models.md 1.6",
            (
                "Every member can veto; an actor accepts a change only if it is strictly closer to its "
                "position than the status quo (unweighted linear loss).",
                "The strongest actor sets the agenda and proposes the acceptable point closest to its own.",
            ),
        ),
    )
}


def model_info(name: str) -> ModelInfo:
    """Metadata of the model ``name`` (KeyError when unknown)."""
    return MODELS[name]

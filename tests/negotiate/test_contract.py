"""Contract every negotiation model honours (Axelrod's TestPlayer habit): provenance present, actor-order
invariance, same seed same result, JSON round trip, no NaN in the output."""

from __future__ import annotations

import json
import math
from typing import Any, ClassVar

import numpy as np
import pytest

from pactlab.negotiate import MODELS, Forecast, compromise, eum, exchange, median, nbs, unanimity
from pactlab.scenario.arrays import ScenarioArrays

from ._arrays import make_arrays, permuted

RNG = np.random.default_rng(20231107)
# 7 actors x 3 issues with distinct, irregular values (no exact ties), one missing cell, a status quo.
X = RNG.uniform(0, 100, (7, 3))
S = RNG.uniform(0.2, 1.0, (7, 3))
C = RNG.uniform(0.5, 3.0, 7)
MASK = np.ones((7, 3), dtype=bool)
MASK[2, 1] = False


def _arrays() -> ScenarioArrays:
    return make_arrays(X, S, C, mask=MASK, status_quo=[5.0, 95.0, 50.0], lower=0.0, upper=10.0)


class ModelContract:
    """Base class: subclasses set ``name`` and ``run(arrays, issue, seed)``."""

    name: ClassVar[str]
    issue: ClassVar[str] = "d1"

    def run(self, arrays: ScenarioArrays, issue: str, seed: int | None) -> Forecast:
        raise NotImplementedError

    def test_registered(self) -> None:
        info = MODELS[self.name]
        assert info.source
        assert info.assumptions
        assert isinstance(info.stochastic, bool)

    def test_provenance(self) -> None:
        f = self.run(_arrays(), self.issue, 3)
        assert f.model == self.name == f.provenance.model
        assert f.provenance.scenario_digest == "0" * 64
        assert f.provenance.version
        assert isinstance(dict(f.provenance.parameters), dict)

    def test_actor_order_invariance(self) -> None:
        a = _arrays()
        f = self.run(a, self.issue, 3)
        for order in ([6, 5, 4, 3, 2, 1, 0], [3, 0, 6, 1, 5, 2, 4]):
            g = self.run(permuted(a, order), self.issue, 3)
            assert g.forecast == pytest.approx(f.forecast, abs=1e-9)
            assert g.trajectory == pytest.approx(f.trajectory, abs=1e-9)

    def test_same_seed_same_result(self) -> None:
        a = _arrays()
        assert self.run(a, self.issue, 11).to_dict() == self.run(a, self.issue, 11).to_dict()

    def test_json_round_trip(self) -> None:
        f = self.run(_arrays(), self.issue, 5)
        text = json.dumps(f.to_dict(), allow_nan=False)
        back = Forecast.from_dict(json.loads(text))
        assert back.to_dict() == f.to_dict()

    def test_no_nan(self) -> None:
        f = self.run(_arrays(), self.issue, 1)
        values: list[Any] = [f.forecast, *f.trajectory, *(v for s in f.series.values() for v in s)]
        assert all(v is None or math.isfinite(v) for v in values)

    def test_frame(self) -> None:
        frame = self.run(_arrays(), self.issue, 1).to_frame()
        assert list(frame.columns[:4]) == ["model", "issue", "round", "forecast"]
        assert len(frame) == len(self.run(_arrays(), self.issue, 1).trajectory)


class TestCompromise(ModelContract):
    name = "compromise"

    def run(self, arrays, issue, seed):
        return compromise(arrays, issue)


class TestMedian(ModelContract):
    name = "median"

    def run(self, arrays, issue, seed):
        return median(arrays, issue)


class TestNBS(ModelContract):
    name = "nbs"
    issue = "d2"  # status quo at 5/10 lies inside the positions' range on d1, not always on d2

    def run(self, arrays, issue, seed):
        return nbs(arrays, issue, disagreement=0.0)


class TestEUM(ModelContract):
    name = "eum"

    def run(self, arrays, issue, seed):
        return eum(arrays, issue, rounds=6)


class TestEUMScholz(ModelContract):
    name = "eum"

    def run(self, arrays, issue, seed):
        return eum(arrays, issue, rounds=6, variant="scholz-code")


class TestExchange(ModelContract):
    name = "exchange"

    def run(self, arrays, issue, seed):
        return exchange(arrays, issue, rounds=3, rng=seed)


class TestUnanimity(ModelContract):
    name = "unanimity"
    issue = "d0"

    def run(self, arrays, issue, seed):
        return unanimity(arrays, issue)

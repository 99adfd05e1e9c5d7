"""Same seed, same indices on one process, a process pool and Dask distributed, bit for bit; and
the engines' own contract (registry, a scheduler that does not answer fails fast)."""

from __future__ import annotations

import socket
import types
from typing import Any

import pytest

from pactlab import _engines
from pactlab._engines import ENGINES, open_engine
from pactlab.errors import ParameterError
from pactlab.scenario import Scenario
from pactlab.sensitivity import sensitivity

#: Some deterrence priors left to the engine (rows are Monte Carlo means over common random numbers),
#: the joint calibration factor, ratings and negotiation estimates.
MIXED = ["sq", "lam", "calibration", "rating.arms.*", "position.*", "salience.monitoring.*"]


@pytest.fixture(scope="module")
def serial(ardenia: Scenario) -> dict[str, Any]:
    return sensitivity(ardenia, n=8, draws=500, rng=11, inputs=MIXED, engine="serial").to_dict()


def test_rows_are_monte_carlo_means_here(serial: dict[str, Any]) -> None:
    assert serial["provenance"]["parameters"]["row_draws"]["deterrence"] == 500


def test_process_pool_gives_the_same_indices_bit_for_bit(ardenia: Scenario, serial: dict[str, Any]) -> None:
    pooled = sensitivity(ardenia, n=8, draws=500, rng=11, inputs=MIXED, engine="process", workers=2)
    assert pooled.to_dict() == serial


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_indices_bit_for_bit(
    ardenia: Scenario, serial: dict[str, Any]
) -> None:
    pytest.importorskip("distributed")
    dasked = sensitivity(ardenia, n=8, draws=500, rng=11, inputs=MIXED, engine="dask", workers=2)
    assert dasked.to_dict() == serial
    for part in dasked.to_dict()["parts"]:
        assert part["indices"]  # the comparison covered indices, not empty tables


def test_registry_lists_every_engine() -> None:
    assert set(ENGINES) == {"serial", "process", "dask"}
    with open_engine("serial") as engine:
        assert list(engine.map(abs, [-1, 2])) == [1, 2]


def test_scheduler_timeout_is_five_seconds_not_dasks_thirty(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def client(address: str, timeout: float, set_as_default: bool) -> None:
        seen.update(address=address, timeout=timeout)
        raise OSError(f"Timed out trying to connect to {address} after {timeout} s")

    fake = types.SimpleNamespace(Client=client)
    monkeypatch.setattr(_engines, "_distributed", lambda: fake)
    with pytest.raises(ParameterError) as caught, open_engine(scheduler="tcp://10.1.2.3:8786"):
        pass
    assert seen == {"address": "tcp://10.1.2.3:8786", "timeout": 5.0}
    assert caught.value.parameter == "scheduler"
    assert (
        str(caught.value)
        == "scheduler: no Dask scheduler at tcp://10.1.2.3:8786: it did not answer within 5 s"
    )


def test_a_stranger_on_the_port_is_one_line_too(monkeypatch: pytest.MonkeyPatch) -> None:
    def client(address: str, timeout: float, set_as_default: bool) -> None:
        raise MemoryError("Unable to allocate 3.07 EiB")  # what a non-Dask peer's bytes once produced

    monkeypatch.setattr(_engines, "_distributed", lambda: types.SimpleNamespace(Client=client))
    with pytest.raises(ParameterError, match="did not speak Dask"), open_engine(scheduler="tcp://h:1"):
        pass


@pytest.mark.slow
def test_a_closed_port_is_refused_with_one_line() -> None:
    pytest.importorskip("distributed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    with (
        pytest.raises(ParameterError, match=r"no Dask scheduler at tcp://127\.0\.0\.1:\d+"),
        open_engine(scheduler=address),
    ):
        pass


@pytest.mark.parametrize("address", ["http://host:8786", "tcp://host", "tcp://host:99999", "host port"])
def test_malformed_scheduler_addresses_are_refused_before_any_connection(address: str) -> None:
    with pytest.raises(ParameterError, match="not a Dask scheduler address"), open_engine(scheduler=address):
        pass

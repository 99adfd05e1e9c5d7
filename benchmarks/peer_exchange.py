"""Time the peer decide-exchange-model (model alone) on one decide file; print JSON with the outcomes.

Run with the peer's own interpreter (Python 3.13 venv with decide-exchange-model==2025.3.1):
    /work/peer-venv/bin/python benchmarks/peer_exchange.py FILE ROUNDS SEED
Python's ``random`` is seeded for repeatability (the peer draws from it for ties).
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from decide.data.modelfactory import ModelFactory
from decide.data.reader import InputDataFile
from decide.model.equalgain import EqualGainModel
from decide.model.observers.observer import Observable
from decide.model.utils import ModelLoop


def main() -> None:
    path, rounds, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    random.seed(seed)
    factory = ModelFactory(InputDataFile.open(path))
    model = factory(model_klass=EqualGainModel, randomized_value=None)
    events = Observable(model_ref=model, output_directory=Path("/tmp"))
    loop = ModelLoop(model, events, 0)
    outcomes = []
    start, start_cpu = time.perf_counter(), time.process_time()
    for _ in range(rounds):
        loop.loop()
        outcomes.append({str(k): float(v) for k, v in model.nbs.items()})
    elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(
        json.dumps(
            {
                "file": path.name,
                "rounds": rounds,
                "seed": seed,
                "model_seconds": elapsed,
                "model_cpu_seconds": elapsed_cpu,
                "ties": model.tie_count,
                "outcomes": outcomes,
            }
        )
    )


if __name__ == "__main__":
    main()

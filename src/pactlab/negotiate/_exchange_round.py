"""One round of the exchange model: build the candidates and run the loop of ``_exchange_loop``.

Two engines run the same loop source with bit-identical results: ``"python"`` (interpreted, on lists:
no start-up cost) and ``"compiled"`` (numba, ``_exchange_kernel``: about 0.6 s of CPU once per process to
import numba and load its registries and the cached machine code, then 10-20x faster per candidate).
``"auto"`` interprets until the work run in the process (candidates x rounds) would repay that cost,
then compiles (:func:`choose`); benchmarks/bench_exchange.py measures both.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from pactlab.negotiate import _exchange_loop as _python

__all__ = ["AUTO_COMPILED_FROM", "ENGINES", "Engine", "choose", "count_candidates", "play_round"]

F = NDArray[np.float64]
Engine = Literal["auto", "python", "compiled"]
ENGINES: tuple[Engine, ...] = ("auto", "python", "compiled")
AUTO_COMPILED_FROM = 30_000
"""Candidates x rounds from which ``"auto"`` runs the compiled loop. Interpreted, a candidate costs about
20 us of CPU per round; the compiled loop's first call in a process about 0.6 s (measured on cop21, 2094
candidates: 10 rounds take 0.30 s interpreted, 0.62 s compiled in a fresh process, 0.025 s after)."""
_KERNEL = "pactlab.negotiate._exchange_kernel"
_DTYPES = {"f": np.float64, "i": np.int64, "i4": np.int32, "i1": np.int8, "b": np.bool_}


_interpreted = [0]  # candidate-rounds run interpreted by "auto" in this process


def choose(engine: Engine, work: int) -> ModuleType:
    """The loop module to run: interpreted, or compiled (imported lazily: numba costs ~0.4 s).

    ``"auto"`` is the ski-rental rule: it interprets until the work interpreted in this process,
    this call's included, would reach the compiled loop's one-off cost (``AUTO_COMPILED_FROM``), then
    compiles; so one small run never pays for numba, and many never pay more than twice the best
    choice made in hindsight. The engine changes the time only, never the result.
    """
    if engine == "auto":
        if _KERNEL in sys.modules or _interpreted[0] + work >= AUTO_COMPILED_FROM:
            engine = "compiled"
        else:
            _interpreted[0] += work
            engine = "python"
    if engine == "python":
        return _python
    from pactlab.negotiate import _exchange_kernel

    return _exchange_kernel


def count_candidates(left: NDArray[np.bool_], mask: NDArray[np.bool_]) -> int:
    """Candidate exchanges of a round: per issue pair, right-right x left-left + left-right x right-left."""
    p, q = np.triu_indices(mask.shape[1], 1)
    group = np.where(mask[:, p] & mask[:, q], left[:, p] + 2 * left[:, q].astype(np.int64), -1)
    c = [np.count_nonzero(group == g, axis=0).astype(np.int64) for g in range(4)]
    return int((c[0] * c[3] + c[1] * c[2]).sum())


class _Alloc:
    """Containers for one engine: NumPy arrays (compiled) or Python lists (interpreted)."""

    def __init__(self, compiled: bool) -> None:
        self.compiled = compiled

    def zeros(self, size: int, kind: str) -> Any:
        if self.compiled:
            return np.zeros(size, dtype=_DTYPES[kind])
        return [0.0] * size if kind == "f" else ([False] * size if kind == "b" else [0] * size)

    def take(self, array: NDArray[Any], kind: str) -> Any:
        flat: NDArray[Any] = np.ascontiguousarray(array).ravel().astype(_DTYPES[kind])
        return flat if self.compiled else flat.tolist()

    def grow(self, container: Any, size: int, kind: str) -> Any:
        bigger = self.zeros(size, kind)
        bigger[: len(container)] = container
        return bigger


def _tree(score: Any, n_cand: int, new: _Alloc, loop: ModuleType) -> tuple[Any, ...]:
    """The max tree over ``score``: level sizes M, ceil(M / B), ..., 1, and the offsets of levels >= 1."""
    sizes = [n_cand]
    while sizes[-1] > 1:
        sizes.append(-(-sizes[-1] // _python.B))
    off = [0, 0]
    for size in sizes[1:-1]:
        off.append(off[-1] + size)
    nodes = new.zeros(max(1, sum(sizes[1:])), "f")
    off_, sizes_ = new.take(np.array(off[: len(sizes)]), "i"), new.take(np.array(sizes), "i")
    loop.tree_build(score, nodes, off_, sizes_, len(sizes))
    return nodes, off_, sizes_, new.take(np.array([len(sizes)]), "i")


def play_round(
    x: F,
    s: F,
    w: F,
    mask: NDArray[np.bool_],
    order: NDArray[np.intp],
    gen: np.random.Generator | None,
    loop: ModuleType,
) -> tuple[F, list[dict[str, Any]], int]:
    """Realise exchanges from start positions ``x`` (actors x issues, 0-100) until none is left.

    Returns the voting positions, the realised exchanges in order (dicts), and the ties counted.
    """
    n, m = x.shape
    left = x <= (w * np.where(mask, x, 0.0)).sum(0) / w.sum(0)
    n_cand = count_candidates(left, mask)
    if n_cand == 0:
        return x.copy(), [], 0
    new = _Alloc(loop is not _python)
    ci, cf, score = new.zeros(4 * n_cand, "i4"), new.zeros(4 * n_cand, "f"), new.zeros(n_cand, "f")
    flags = (new.take(left, "i1"), new.take(mask, "i1"), new.take(order, "i"))
    loop.fill_candidates(*flags, new.take(s, "f"), n, m, new.zeros(4 * n, "i"), ci)
    csr = (
        tuple(new.zeros(n_cand, "i4") for _ in range(4)),
        tuple(new.zeros(n * m + 1, "i") for _ in range(4)),
        tuple(new.zeros(n * m, "i") for _ in range(4)),
    )
    loop.fill_csr(ci, n_cand, m, *csr)
    cells = tuple(new.take(a, "f") for a in (x, s, w, x, np.zeros(n * m)))
    upd = (new.take(np.full(n * m * n, np.nan), "f"), new.zeros(n * m, "i"))
    dd = (new.take(w.sum(0), "f"), new.take((w * x).sum(0), "f"))
    loop.calc_all(n_cand, m, n, cells, upd, dd, ci, cf, score)
    state = (m, n, cells, upd, dd, ci, cf, score, csr, _tree(score, n_cand, new, loop))
    count, out, ties = _realise_all(loop, new, gen, state, n_cand, n * m)
    return np.array(cells[3], dtype=float).reshape(n, m), _realized(out, count, ci, m), ties


def _realise_all(
    loop: ModuleType,
    new: _Alloc,
    gen: np.random.Generator | None,
    state: tuple[Any, ...],
    n_cand: int,
    cells: int,
) -> tuple[int, tuple[Any, Any, Any], int]:
    """Call the loop until it is done, drawing for seeded ties and growing the output when it is full."""
    touched, buf, cnt = new.zeros(n_cand, "b"), new.zeros(n_cand, "i4"), new.zeros(2, "i")
    cap = min(n_cand, max(1024, 8 * cells))
    out = (new.zeros(cap, "i"), new.zeros(cap, "i"), new.zeros(5 * cap, "f"))
    choice = -1
    while True:
        status = int(loop.run(choice, gen is not None, *state, touched, buf, out, cnt))
        choice = -1
        if status == 0:
            return int(cnt[0]), out, int(cnt[1])
        if status < 0:
            cap = min(n_cand, 2 * cap)
            out = (new.grow(out[0], cap, "i"), new.grow(out[1], cap, "i"), new.grow(out[2], 5 * cap, "f"))
        elif gen is not None:  # a seeded tie: the same draw as tied[gen.integers(len(tied))]
            choice = int(buf[int(gen.integers(status))])


def _realized(out: tuple[Any, Any, Any], count: int, ci: Any, m: int) -> list[dict[str, Any]]:
    ks = [int(k) for k in out[0][:count]]
    tied = [int(t) for t in out[1][:count]]
    f = [float(v) for v in out[2][: 5 * count]]
    kis, kjs = [int(ci[4 * k]) for k in ks], [int(ci[4 * k + 1]) for k in ks]
    return [
        {
            "tied": tied[j],
            "i": kis[j] // m,
            "supply_i": kis[j] % m,
            "j": kjs[j] // m,
            "supply_j": kjs[j] % m,
            "gain": f[5 * j],
            "start_i": f[5 * j + 1],
            "move_i": f[5 * j + 2],
            "start_j": f[5 * j + 3],
            "move_j": f[5 * j + 4],
        }
        for j in range(count)
    ]

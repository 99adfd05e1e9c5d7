"""The one seeding convention of pactlab.

Every stochastic function takes ``rng: int | numpy.random.SeedSequence | numpy.random.Generator | None``
and calls :func:`make_rng` once. Parallel work spawns child seeds with :func:`spawn`, so that the same
seed gives the same numbers whether the work runs serially or in chunks (SeedSequence.spawn, as in
NumPy's own guidance). ``None`` means fresh OS entropy; seed ``0`` is a seed like any other.
"""

from __future__ import annotations

import numpy as np

__all__ = ["RNGLike", "make_rng", "seed_of", "spawn"]

RNGLike = int | np.random.SeedSequence | np.random.Generator | None


def make_rng(rng: RNGLike = None) -> np.random.Generator:
    """Return a numpy Generator built from ``rng``.

    Examples
    --------
    >>> make_rng(0).integers(10) == make_rng(0).integers(10)
    True
    """
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer, np.random.SeedSequence)):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be an int, SeedSequence, Generator or None, not {type(rng).__name__}")


def spawn(rng: RNGLike, n: int) -> list[np.random.Generator]:
    """Return ``n`` independent generators derived deterministically from ``rng``."""
    if isinstance(rng, np.random.Generator):
        return list(rng.spawn(n))
    seq = rng if isinstance(rng, np.random.SeedSequence) else np.random.SeedSequence(rng)
    return [np.random.default_rng(s) for s in seq.spawn(n)]


def seed_of(rng: RNGLike) -> int | None:
    """The integer seed to record in a result's provenance, where there is one."""
    if rng is None or isinstance(rng, np.random.Generator):
        return None
    if isinstance(rng, np.random.SeedSequence):
        entropy = rng.entropy
        return int(entropy) if isinstance(entropy, int) else None
    return int(rng)

"""The one seeding convention of pactlab.

Every stochastic function takes ``rng: int | numpy.random.SeedSequence | numpy.random.Generator | None``
and calls :func:`make_rng` once. Parallel work spawns child seeds with :func:`spawn`, so that the same
seed gives the same numbers whether the work runs serially or in chunks (SeedSequence.spawn, as in
NumPy's own guidance). Seed ``0`` is a seed like any other: test ``rng is None``, never ``if rng:``.

The default, in every library function and on every command line (``--seed``), is :data:`DEFAULT_SEED`
(0): the same call gives the same numbers, so a brief can be reproduced. ``rng=None`` asks for fresh OS
entropy; :func:`fresh` draws it once and returns the integer, so that the result's provenance can record
it and the run can be repeated.
"""

from __future__ import annotations

import numpy as np

from pactlab.errors import ParameterError

__all__ = ["DEFAULT_SEED", "RNGLike", "check_seed", "fresh", "make_rng", "seed_of", "spawn"]

RNGLike = int | np.random.SeedSequence | np.random.Generator | None

DEFAULT_SEED = 0
"""The seed every stochastic function and command uses unless told otherwise."""


def fresh(rng: RNGLike) -> RNGLike:
    """``rng`` itself, or, for ``None``, a new integer seed drawn from OS entropy (recordable).

    Call it once at the top of a stochastic entry point, then pass its value on, so that the seed in
    the result's provenance is the one that produced it.

    Examples
    --------
    >>> fresh(7)
    7
    >>> isinstance(fresh(None), int)
    True
    """
    if rng is None:
        return int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]  # an int when drawn from the OS
    return rng


def check_seed(rng: RNGLike) -> RNGLike:
    """``rng`` itself when it is a valid seed (int >= 0, SeedSequence, Generator or None), else a
    :class:`~pactlab.errors.ParameterError` naming ``rng`` (the command line reports it as ``--seed``).

    Examples
    --------
    >>> check_seed(3)
    3
    """
    if isinstance(rng, bool):
        raise ParameterError("rng", f"a seed is an integer, not {rng!r}")
    if isinstance(rng, (int, np.integer)) and rng < 0:
        raise ParameterError("rng", f"a seed is a non-negative integer, not {rng}")
    if rng is None or isinstance(rng, (int, np.integer, np.random.SeedSequence, np.random.Generator)):
        return rng
    raise ParameterError(
        "rng", f"expected an int seed, a SeedSequence, a Generator or None, not {type(rng).__name__}"
    )


def make_rng(rng: RNGLike = None) -> np.random.Generator:
    """Return a numpy Generator built from ``rng``.

    Examples
    --------
    >>> make_rng(0).integers(10) == make_rng(0).integers(10)
    True
    >>> make_rng(-1)
    Traceback (most recent call last):
    ...
    pactlab.errors.ParameterError: rng: a seed is a non-negative integer, not -1
    """
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(check_seed(rng))


def spawn(rng: RNGLike, n: int) -> list[np.random.Generator]:
    """Return ``n`` independent generators derived deterministically from ``rng``."""
    if isinstance(rng, np.random.Generator):
        return list(rng.spawn(n))
    check_seed(rng)
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

"""The exchange loop of ``_exchange_loop`` compiled with numba (imported only when a round is large).

numba resolves a function's globals when it compiles it, so each function of ``_exchange_loop`` is
re-created here over one shared namespace in which every name of that module is replaced by its jitted
version; the source, and so the arithmetic, stays the interpreted one's. Compiled code is cached
(``cache=True``): next to ``_exchange_loop.py`` if its ``__pycache__`` is writable, otherwise in
``NUMBA_CACHE_DIR`` if set, otherwise in numba's user-wide cache directory (``~/.cache/numba`` on
Linux; numba.core.caching: UserProvidedCacheLocator, InTreeCacheLocator, UserWideCacheLocator), so an
installation compiles once (about 18 s of CPU), and each process then loads the cached code (about
0.7 s with numba's import). numba invalidates the cache when ``_exchange_loop.py`` changes, not when
this file does: the compile options that matter (what is inlined) therefore live in that module.
``error_model="numpy"``: x / 0 gives inf or nan as on NumPy floats; no fast-math, so every operation is
IEEE float64 in the written order.
"""

from __future__ import annotations

import types
from typing import Any, Literal

from numba import njit

from pactlab.negotiate import _exchange_loop as _source

__all__ = ["calc_all", "fill_candidates", "fill_csr", "run", "tree_build"]

_FUNCTIONS = [
    name
    for name, value in vars(_source).items()
    if isinstance(value, types.FunctionType) and value.__module__ == _source.__name__
]
_namespace: dict[str, Any] = dict(vars(_source))
for _name in _FUNCTIONS:
    _py = getattr(_source, _name)
    _copy = types.FunctionType(_py.__code__, _namespace, _name, _py.__defaults__, _py.__closure__)
    _copy.__qualname__ = _py.__qualname__
    # helpers are inlined into the entry points (no call boundary: no reference counting per call);
    # the entry points are the loop module's __all__, so a change to them changes its source stamp
    _inline: Literal["always", "never"] = "always" if _name in _source.INLINE else "never"
    _namespace[_name] = njit(cache=True, error_model="numpy", inline=_inline)(_copy)

calc_all = _namespace["calc_all"]
fill_candidates = _namespace["fill_candidates"]
fill_csr = _namespace["fill_csr"]
run = _namespace["run"]
tree_build = _namespace["tree_build"]

"""Engine packages that are also their engine's verb: ``pl.negotiate(scenario)`` and ``pl.negotiate.MODELS``.

``pactlab.negotiate``, ``pactlab.deter``, ``pactlab.plan``, ``pactlab.digest``, ``pactlab.sensitivity``
and ``pactlab.backtest`` are packages; the curated face (:mod:`pactlab.api`) has verbs of the same names.
Python binds a package's name on its parent when the package is imported, so a plain function of that
name on ``pactlab`` would be replaced by the package as soon as anything imported it. Instead each of
these packages makes itself callable: calling it calls its verb in :mod:`pactlab.api`, with that verb's
signature (``inspect.signature``, a notebook's tooltip), while ``import pactlab.deter as deter`` and
``from pactlab.negotiate import MODELS`` work as before. Nothing heavy is imported here.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from typing import Any

__all__ = ["EnginePackage", "make_callable"]


class EnginePackage(types.ModuleType):
    """A package whose call runs the verb of the same name in :mod:`pactlab.api`."""

    def _verb(self) -> Any:
        return getattr(importlib.import_module("pactlab.api"), self.__name__.rsplit(".", 1)[-1])

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._verb()(*args, **kwargs)

    @property
    def __signature__(self) -> inspect.Signature:
        return inspect.signature(self._verb())


def make_callable(name: str) -> None:
    """Make the package ``name`` (an engine of :mod:`pactlab.api`) callable; call it at the end of the
    package's ``__init__``."""
    sys.modules[name].__class__ = EnginePackage

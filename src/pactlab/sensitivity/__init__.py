"""Global sensitivity analysis: how much each input moves each answer, and what would flip the ranking.

Entry point :func:`sensitivity` (a :class:`SensitivityResult`); the tornado figure for the brief,
:func:`tornado_figure`; the reference function with known indices, :class:`Ishigami`; the pieces for
other models: :class:`Input`, :class:`Space`, :func:`sample`, :func:`evaluate`, :func:`analyse`.
SALib draws the designs and computes the indices; pactlab evaluates the model, on any engine of
:mod:`pactlab._engines`. See docs/sensitivity.md.
"""

from pactlab.sensitivity.api import DEFAULT_N, sensitivity
from pactlab.sensitivity.design import METHODS, PartIndices, analyse, evaluate, sample
from pactlab.sensitivity.inputs import Input, JointNormal, Space
from pactlab.sensitivity.plots import tornado_figure
from pactlab.sensitivity.reference import Ishigami, ishigami_indices
from pactlab.sensitivity.result import SensitivityResult, TornadoBar
from pactlab.sensitivity.sweeps import Flip, Sweep

__all__ = [
    "DEFAULT_N",
    "METHODS",
    "Flip",
    "Input",
    "Ishigami",
    "JointNormal",
    "PartIndices",
    "SensitivityResult",
    "Space",
    "Sweep",
    "TornadoBar",
    "analyse",
    "evaluate",
    "ishigami_indices",
    "sample",
    "sensitivity",
    "tornado_figure",
]

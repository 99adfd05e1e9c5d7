"""Forecasts without hindsight: negotiation models scored on past decisions against naive baselines.

A *case* is a past decision with its outcome coded on a catalog scenario's scales (:mod:`.cases`); the
scenario holds only what was public before the decision (its cut-off, ``metadata.as_of``, enforced by
:mod:`pactlab.scenario.timeline`). :func:`backtest` runs every negotiation model on each case and scores it:
absolute error on 0-100, direction of change, and skill against the naive baselines of
:data:`.baselines.BASELINES`, with bootstrap intervals over issues. :mod:`.runlog` makes sure outcomes were
coded before any model ran. :func:`track_record` gives each model's record for the brief.

The package is also a verb: calling it, ``pactlab.backtest(...)`` (``pl.backtest`` after ``import pactlab as
pl``), runs :func:`pactlab.api.backtest` (see :mod:`pactlab._face`).
"""

from pactlab._face import make_callable as _make_callable
from pactlab.backtest.baselines import BASELINES, Baseline
from pactlab.backtest.cases import Case, case_path, corpus_ids, load_case
from pactlab.backtest.harness import backtest, model_names
from pactlab.backtest.plot import plot
from pactlab.backtest.result import BacktestResult, CaseRecord, IssueRecord
from pactlab.backtest.scoring import PredictorScore, SkillScore
from pactlab.backtest.track import track_record

__all__ = [
    "BASELINES",
    "BacktestResult",
    "Baseline",
    "Case",
    "CaseRecord",
    "IssueRecord",
    "PredictorScore",
    "SkillScore",
    "backtest",
    "case_path",
    "corpus_ids",
    "load_case",
    "model_names",
    "plot",
    "track_record",
]

_make_callable(__name__)  # pl.backtest(...) runs pactlab.api.backtest (pactlab._face)

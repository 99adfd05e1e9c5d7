"""The Examples blocks of the negotiation modules run as doctests (style.md habit 8)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["compromise", "median", "nbs", "eum", "unanimity", "api", "checks", "results"]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name):
    module = importlib.import_module(f"pactlab.negotiate.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0

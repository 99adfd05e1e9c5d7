"""The examples in the sensitivity modules' docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "pactlab._engines",
    "pactlab.sensitivity.inputs",
    "pactlab.sensitivity.reference",
    "pactlab.sensitivity.api",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    failed, attempted = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert attempted > 0
    assert failed == 0

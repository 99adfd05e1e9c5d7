"""The curated public API: every package's __all__ names exist and cover its public names (httpx habit)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import pactlab


def _packages() -> list[str]:
    names = ["pactlab"]
    for info in pkgutil.walk_packages(pactlab.__path__, "pactlab."):
        if info.ispkg and not info.name.rsplit(".", 1)[-1].startswith("_") and ".cli" not in info.name:
            names.append(info.name)
    return names


@pytest.mark.parametrize("name", _packages())
def test_all_is_complete(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    for item in exported:
        assert hasattr(module, item), f"{name}.__all__ names missing {item!r}"
    public = {
        k
        for k, v in vars(module).items()
        if not k.startswith("_")
        and getattr(v, "__module__", "").startswith("pactlab")
        and not isinstance(v, type(pactlab))
    }
    assert public <= set(exported), f"{name} exposes names not in __all__: {sorted(public - set(exported))}"

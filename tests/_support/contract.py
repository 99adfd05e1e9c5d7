"""The result protocol of :mod:`pactlab.results`, checked the same way for every engine (issue 16)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from pactlab.results import Provenance, Result


def check_result(result: Any) -> None:
    """``result`` offers the protocol: a Provenance, plain-JSON ``to_dict()`` (NaN refused) carrying it,
    ``from_dict`` giving an equal result back, a non-empty frame, a non-empty ``summary() -> str`` that
    ``str()`` prints, and a notebook display naming the model."""
    assert isinstance(result, Result)
    assert isinstance(result.provenance, Provenance)
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["provenance"] == result.provenance.to_dict()
    assert type(result).from_dict(data) == result
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0
    text = result.summary()
    assert isinstance(text, str)
    assert text.strip()
    assert str(result) == text
    assert "Provenance: model " + result.provenance.model in result._repr_html_()

"""schemathesis against the OpenAPI schema: no server error, no undocumented status code or media type,
every response as documented (all of schemathesis' checks, fixed seed).

The suite runs a bounded number of examples per operation (``PACTLAB_SCHEMATHESIS_EXAMPLES``, default
25); run it by hand with more, e.g. ``PACTLAB_SCHEMATHESIS_EXAMPLES=300 pytest tests/web/test_schema.py``.
Runs submitted by the generated requests stay queued (the app starts no workers): the API, not the
engines, is under test here.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import CHECKS, load_all_checks

from pactlab.web import Settings, create_app
from pactlab.web.auth import create_token

EXAMPLES = int(os.environ.get("PACTLAB_SCHEMATHESIS_EXAMPLES", "25"))
load_all_checks()
ALL_CHECKS = list(CHECKS.get_all())
_TOKEN: dict[str, str] = {}


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    db: Path = tmp_path_factory.mktemp("schemathesis") / "web.sqlite3"
    app = create_app(Settings(db_url=str(db), start_workers=False))
    with TestClient(app):  # runs the lifespan: the database is open for the generated calls
        _TOKEN["value"] = create_token(app.state.store, "schemathesis")
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@seed(20261129)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {_TOKEN['value']}"}, checks=ALL_CHECKS)

"""Bad input against the real server (``pactlab serve`` under uvicorn, not the in-process test client):
an oversized upload, a binary file, a YAML bomb, an unknown run id and a malformed or wrong token each get
a JSON problem document with the right status, nothing is written, and the server stays up and answers."""

from __future__ import annotations

from typing import Any

import httpx2 as httpx  # the declared dev dependency (Starlette's TestClient uses it)
import pytest
from tests.web.conftest import Live
from tests.web.test_api import BOMB

PROBLEM = "application/problem+json"


def _state(client: httpx.Client) -> tuple[int, int, int]:
    """Stored scenarios, runs and digests, as the API lists them."""
    return (
        int(client.get("/api/v1/scenarios").json()["total"]),
        int(client.get("/api/v1/runs").json()["total"]),
        len(client.get("/api/v1/digests").json()["items"]),
    )


def _cases(token: str) -> list[tuple[str, str, dict[str, Any], int, str]]:
    auth = {"Authorization": f"Bearer {token}"}
    negotiate = {"scenario": "vilnius-2023"}

    def upload(name: str, data: bytes) -> dict[str, Any]:
        return {"files": {"file": (name, data)}, "headers": auth}

    def bearer(value: str) -> dict[str, Any]:
        return {"json": negotiate, "headers": {"Authorization": value}}

    return [
        ("POST", "/api/v1/scenarios", upload("big.yaml", b"#" * (4 * 2**20 + 1)), 413, "limit"),
        ("POST", "/api/v1/scenarios", upload("tool.yaml", bytes(range(256)) * 64), 422, "binary"),
        ("POST", "/api/v1/scenarios", upload("bomb.yaml", BOMB), 422, "aliases may repeat"),
        ("GET", "/api/v1/runs/0123456789abcdef", {}, 404, "0123456789abcdef"),
        ("GET", "/api/v1/runs/0123456789abcdef/brief.pdf", {}, 404, "0123456789abcdef"),
        ("POST", "/api/v1/runs/negotiate", bearer("Bearer x y"), 401, "malformed Authorization"),
        ("POST", "/api/v1/runs/negotiate", bearer("Bearer plt_" + "C" * 43), 401, "token"),
        (
            "POST",
            "/api/v1/digests",
            {"json": {"text": "NATO will send air defence to Ukraine."}},
            401,
            "token",
        ),
    ]


def test_bad_input_to_the_live_server(live: Live) -> None:
    with httpx.Client(base_url=live.url, timeout=60) as client:
        before = _state(client)
        for method, path, kwargs, status, words in _cases(live.token):
            response = client.request(method, path, **kwargs)
            assert response.status_code == status, (path, response.text)
            assert response.headers["content-type"] == PROBLEM, path
            problem = response.json()
            assert problem["status"] == status
            assert words in problem["detail"], (path, problem["detail"])
            assert client.get("/api/v1/health").status_code == 200, "the server is still up"
        assert _state(client) == before, "nothing was written"
        assert live.process.poll() is None


@pytest.mark.parametrize("header", ["Bearer", "Bearer plt_\u00e9\u00e9", "Token abc"])
def test_malformed_authorization_headers_on_the_live_server(live: Live, header: str) -> None:
    with httpx.Client(base_url=live.url, timeout=60) as client:
        response = client.post(
            "/api/v1/runs/negotiate",
            json={"scenario": "vilnius-2023"},
            headers={"Authorization": header.encode("utf-8")},  # type: ignore[dict-item]
        )
        assert response.status_code == 401
        assert response.headers["content-type"] == PROBLEM
        assert client.get("/api/v1/health").status_code == 200

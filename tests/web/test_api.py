"""The REST API: tokens, problem documents, paging, bad input, uploads, the cache, restarts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from pactlab.scenario import catalog
from pactlab.web import Settings, create_app
from pactlab.web.auth import create_token
from pactlab.web.tables import DigestRow, Run, StoredScenario, Token

PROBLEM = "application/problem+json"


def _auth(client: Any, token: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token or client.token}"}


def _counts(client: Any) -> dict[str, int]:
    store = client.app.state.store
    from pactlab.ledger.tables import ImportBatch

    with store.reading() as session:
        return {
            t.__name__: int(session.scalar(select(func.count()).select_from(t)) or 0)
            for t in (Run, StoredScenario, DigestRow, ImportBatch)
        }


def _writes(client: Any) -> list[tuple[str, dict[str, Any]]]:
    scenario = catalog.path("bdm1994-emissions").read_bytes()
    ledger_csv = b"record,guarantor,date,stage,value,currency\npledge,deu,2023-01-02,committed,100,EUR\n"
    return [
        ("/api/v1/runs/negotiate", {"json": {"scenario": "vilnius-2023"}}),
        ("/api/v1/runs/analyze", {"json": {"scenario": "vilnius-2023", "draws": 100}}),
        ("/api/v1/scenarios", {"files": {"file": ("s.yaml", scenario)}}),
        ("/api/v1/digests", {"json": {"text": "NATO will send air defence to Ukraine."}}),
        ("/api/v1/ledger/imports", {"files": {"file": ("l.csv", ledger_csv)}, "data": {"format": "csv"}}),
        (
            "/api/v1/ledger/records",
            {
                "json": {
                    "records": [{"record": "pledge", "guarantor": "deu", "date": "2023-01-02", "value": "5"}]
                }
            },
        ),
    ]


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer plt_" + "A" * 43,
        "Bearer not-a-token",
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer plt_" + "A" * 43 + "\u00e9",
    ],
)
def test_a_write_without_a_valid_token_is_refused_and_writes_nothing(client: Any, header: str | None) -> None:
    before = _counts(client)
    for path, kwargs in _writes(client):
        headers = {} if header is None else {"Authorization": header.encode("utf-8")}
        response = client.post(path, headers=headers, **kwargs)
        assert response.status_code == 401, (path, response.text)
        assert response.headers["content-type"] == PROBLEM
        body = response.json()
        assert body["status"] == 401
        assert body["detail"]
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert _counts(client) == before


def test_malformed_and_wrong_tokens_are_told_apart(client: Any) -> None:
    malformed = client.post(
        "/api/v1/runs/negotiate", json={"scenario": "vilnius-2023"}, headers={"Authorization": "Bearer x"}
    )
    wrong = client.post(
        "/api/v1/runs/negotiate",
        json={"scenario": "vilnius-2023"},
        headers={"Authorization": "Bearer plt_" + "B" * 43},
    )
    assert malformed.json()["type"] == "/problems/malformed-token"
    assert wrong.json()["type"] == "/problems/invalid-token"


def test_tokens_are_stored_hashed(client: Any) -> None:
    with client.app.state.store.reading() as session:
        stored = session.scalars(select(Token)).all()
    assert [t.name for t in stored] == ["tester"]
    assert client.token not in {t.hash for t in stored}
    import hashlib

    assert stored[0].hash == hashlib.sha256(client.token.encode()).hexdigest()


def test_a_valid_token_writes(client: Any) -> None:
    response = client.post("/api/v1/runs/negotiate", json={"scenario": "vilnius-2023"}, headers=_auth(client))
    assert response.status_code == 202
    assert response.headers["location"] == f"/api/v1/runs/{response.json()['id']}"
    run = response.json()
    assert run["state"] == "queued"
    assert run["seed"] == 0
    assert run["version"]
    assert len(run["scenario"]["digest"]) == 64


def test_unknown_query_parameters_are_refused(client: Any) -> None:
    for path in (
        "/api/v1/scenarios?limt=5",
        "/api/v1/runs?bogus=1",
        "/api/v1/ledger/records?guarantr=deu",
        "/api/v1/health?x=1",
    ):
        response = client.get(path)
        assert response.status_code == 422, path
        assert response.headers["content-type"] == PROBLEM
        assert "unknown query parameter" in response.json()["detail"]


def test_unknown_run_id_is_a_404_problem(client: Any) -> None:
    for path in (
        "/api/v1/runs/0123456789abcdef",
        "/api/v1/runs/nope/result",
        "/api/v1/runs/nope/result.csv",
        "/api/v1/runs/nope/brief.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["type"] == "/problems/unknown-run"


def test_a_result_before_it_exists_is_a_409(client: Any) -> None:
    run = client.post(
        "/api/v1/runs/negotiate", json={"scenario": "vilnius-2023"}, headers=_auth(client)
    ).json()
    response = client.get(f"/api/v1/runs/{run['id']}/result")
    assert response.status_code == 409
    assert response.json()["type"] == "/problems/run-not-done"


def test_paging_links_walk_the_whole_list(client: Any) -> None:
    seen: list[str] = []
    url: str | None = "/api/v1/scenarios?limit=4"
    while url is not None:
        body = client.get(url).json()
        seen += [s["ref"] for s in body["items"]]
        url = body["links"]["next"]
    assert seen == catalog.ids()
    last = client.get("/api/v1/scenarios?limit=4&offset=8").json()
    assert last["links"]["prev"] == "/api/v1/scenarios?offset=4&limit=4"


def test_bad_parameters_are_422_naming_the_parameter(client: Any) -> None:
    cases = [
        ({"scenario": "vilnius-2023", "model": "nope"}, "model"),
        ({"scenario": "vilnius-2023", "issue": "nope"}, "issue"),
        ({"scenario": "vilnius-2023", "rounds": -1}, "rounds"),
        ({"scenario": "vilnius-2023", "colour": "red"}, "colour"),
    ]
    for body, name in cases:
        response = client.post("/api/v1/runs/negotiate", json=body, headers=_auth(client))
        assert response.status_code == 422, body
        assert name in response.json()["detail"]
    missing = client.post("/api/v1/runs/negotiate", json={"scenario": "no-such"}, headers=_auth(client))
    assert missing.status_code == 404
    assert _counts(client)["Run"] == 0


def test_the_same_run_twice_is_one_run(client: Any) -> None:
    first = client.post(
        "/api/v1/runs/deter", json={"scenario": "vilnius-2023", "draws": 500}, headers=_auth(client)
    )
    second = client.post(
        "/api/v1/runs/deter",
        json={"scenario": "vilnius-2023", "draws": 500, "seed": 0},
        headers=_auth(client),
    )
    other = client.post(
        "/api/v1/runs/deter",
        json={"scenario": "vilnius-2023", "draws": 500, "seed": 1},
        headers=_auth(client),
    )
    assert first.json()["id"] == second.json()["id"]
    assert other.json()["id"] != first.json()["id"]
    assert _counts(client)["Run"] == 2


def test_upload_validate_and_store(client: Any) -> None:
    data = catalog.path("bdm1994-emissions").read_bytes()
    first = client.post("/api/v1/scenarios", files={"file": ("emissions.yaml", data)}, headers=_auth(client))
    assert first.status_code == 201, first.text
    again = client.post("/api/v1/scenarios", files={"file": ("other name.yaml", data)}, headers=_auth(client))
    assert again.status_code == 200
    assert again.json()["ref"] == first.json()["ref"]
    ref = first.json()["ref"]
    assert client.get(f"/api/v1/scenarios/{ref}").json()["scenario"]["metadata"]["id"] == "bdm1994-emissions"
    run = client.post("/api/v1/runs/negotiate", json={"scenario": ref}, headers=_auth(client))
    assert run.status_code == 202


def test_validation_gives_the_clis_located_lines(client: Any, tmp_path: Path) -> None:
    from tests.web.conftest import pactlab
    from tests.web.test_browser import BROKEN

    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    cli = pactlab("scenarios", "validate", str(path))
    assert cli.returncode == 2
    expected = [line.replace(str(path), "broken.yaml") for line in cli.stderr.splitlines()]
    api = client.post("/api/v1/scenarios/validate", files={"file": ("broken.yaml", BROKEN.encode())}).json()
    assert api["valid"] is False
    assert [e["text"] for e in api["errors"]] == expected
    stored = client.post(
        "/api/v1/scenarios", files={"file": ("broken.yaml", BROKEN.encode())}, headers=_auth(client)
    )
    assert stored.status_code == 422
    assert [e["text"] for e in stored.json()["errors"]] == expected
    assert _counts(client)["StoredScenario"] == 0


BOMB = b"""a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("big.yaml", b"#" * (4 * 1024 * 1024 + 1), 413, "limit"),
        ("tool.yaml", bytes(range(256)) * 64, 422, "binary"),
        ("bomb.yaml", BOMB, 422, "aliases may repeat at most"),
        ("latin.yaml", "metadata: {id: caf\u00e9}".encode("latin-1"), 422, "UTF-8"),
        ("empty.yaml", b"", 422, "empty"),
    ],
)
def test_bad_uploads_are_clear_problems_and_write_nothing(
    client: Any, name: str, data: bytes, status: int, words: str
) -> None:
    before = _counts(client)
    for path in ("/api/v1/scenarios", "/api/v1/scenarios/validate"):
        response = client.post(path, files={"file": (name, data)}, headers=_auth(client))
        if path.endswith("validate") and status == 422:
            assert response.status_code == 200
            assert response.json()["valid"] is False
            text = " ".join(e["text"] for e in response.json()["errors"])
        else:
            assert response.status_code == status, response.text
            assert response.headers["content-type"] == PROBLEM
            text = response.json()["detail"]
        assert text.startswith(name) or status == 413
        assert words in text
    assert _counts(client) == before
    assert client.get("/api/v1/health").status_code == 200, "the server is still up"


def test_a_body_over_the_limit_is_refused_while_it_streams(client: Any) -> None:
    def chunks() -> Any:
        for _ in range(300):
            yield b"x" * 65536  # 19.7 MB, no Content-Length

    response = client.post(
        "/api/v1/digests", content=chunks(), headers={**_auth(client), "content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert client.get("/api/v1/health").status_code == 200


def test_digest_of_a_posted_article(client: Any) -> None:
    text = "NATO will send long-range missiles to Ukraine. Russia objects to it."
    first = client.post("/api/v1/digests", json={"text": text}, headers=_auth(client))
    assert first.status_code == 201
    digest = first.json()["digest"]
    assert [a["id"] for a in digest["actors"]] == ["nato", "ukr", "rus"]
    again = client.post("/api/v1/digests", json={"text": text}, headers=_auth(client))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert client.get(f"/api/v1/digests/{first.json()['id']}").json()["digest"] == digest
    binary = client.post(
        "/api/v1/digests/upload", files={"file": ("a.txt", b"\x00\x01" * 100)}, headers=_auth(client)
    )
    assert binary.status_code == 422
    assert "binary" in binary.json()["detail"]


def test_ledger_entry_and_report(client: Any) -> None:
    rows = [
        {
            "record": "pledge",
            "guarantor": "deu",
            "date": "2023-01-02",
            "value": "100",
            "currency": "EUR",
            "stage": "committed",
        }
    ]
    added = client.post("/api/v1/ledger/records", json={"records": rows}, headers=_auth(client))
    assert added.status_code == 201, added.text
    report = client.get("/api/v1/ledger/report?by=guarantor").json()
    assert report["rows"][0]["key"] == "deu"
    assert report["rows"][0]["committed_eur"] == 100.0
    bad = client.post(
        "/api/v1/ledger/records", json={"records": [{**rows[0], "date": "2023-13-45"}]}, headers=_auth(client)
    )
    assert bad.status_code == 422
    assert bad.json()["errors"]
    assert client.get("/api/v1/ledger/records").json()["total"] == 1


def test_restart_fails_interrupted_runs_and_keeps_results(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    db = str(tmp_path / "web.sqlite3")
    app = create_app(Settings(db_url=db, start_workers=False))
    with TestClient(app) as client:
        token = create_token(app.state.store, "t")
        queued = client.post(
            "/api/v1/runs/negotiate",
            json={"scenario": "vilnius-2023"},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        store = app.state.store
        running = client.post(
            "/api/v1/runs/negotiate",
            json={"scenario": "vilnius-2023", "seed": 5},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        assert store.started(running["id"])
        finished = client.post(
            "/api/v1/runs/negotiate",
            json={"scenario": "vilnius-2023", "seed": 6},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        assert store.started(finished["id"])
        assert store.finish(finished["id"], {"answer": 42}, {"result.csv": ("text/csv", b"a\n1\n")})
    restarted = create_app(Settings(db_url=db, start_workers=False))
    with TestClient(restarted) as client:
        for run in (queued, running):
            after = client.get(f"/api/v1/runs/{run['id']}").json()
            assert after["state"] == "failed"
            assert after["error"]["type"] == "/problems/interrupted"
        assert client.get(f"/api/v1/runs/{finished['id']}").json()["state"] == "done"
        assert client.get(f"/api/v1/runs/{finished['id']}/result").json() == {"answer": 42}
        # a worker that comes back after the restart cannot turn the failed run into a done one
        assert not restarted.state.store.finish(running["id"], {"late": True}, {})
        assert client.get(f"/api/v1/runs/{running['id']}").json()["state"] == "failed"


def test_openapi_documents_every_route_and_problem(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/scenarios",
        "/api/v1/scenarios/validate",
        "/api/v1/runs/negotiate",
        "/api/v1/runs/deter",
        "/api/v1/runs/plan",
        "/api/v1/runs/analyze",
        "/api/v1/runs/{run_id}",
        "/api/v1/runs/{run_id}/result.csv",
        "/api/v1/runs/{run_id}/brief.pdf",
        "/api/v1/ledger/report",
        "/api/v1/ledger/records",
        "/api/v1/ledger/imports",
        "/api/v1/digests",
    ):
        assert path in paths, path
    assert not any(p.startswith(("/runs", "/ledger", "/digest", "/login")) for p in paths), (
        "pages are not API"
    )
    problem = paths["/api/v1/runs/{run_id}"]["get"]["responses"]["404"]["content"]
    assert list(problem) == [PROBLEM]
    assert "Problem" in schema["components"]["schemas"]

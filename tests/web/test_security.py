"""Security of the pages: escaping, CSRF, sessions, headers, and a PDF renderer that fetches nothing."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from pactlab.scenario import catalog

HOSTILE_TITLE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _login(client: Any) -> str:
    answer = client.post("/login", data={"token": client.token, "next": "/"}, follow_redirects=False)
    assert answer.status_code == 303
    page = client.get("/").text
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_user_text_is_escaped_on_every_page(client: Any) -> None:
    text = catalog.path("bdm1994-emissions").read_text(encoding="utf-8")
    hostile = re.sub(r"(?m)^  title: .*$", f"  title: '{HOSTILE_TITLE}'", text, count=1)
    assert hostile != text
    stored = client.post(
        "/api/v1/scenarios",
        files={"file": ("x.yaml", hostile.encode())},
        headers={"Authorization": f"Bearer {client.token}"},
    )
    assert stored.status_code == 201, stored.text
    ref = stored.json()["ref"]
    for path in ("/", f"/scenarios/{ref}"):
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_forms_need_a_session_and_its_csrf_token(client: Any) -> None:
    form = {"kind": "negotiate", "scenario": "vilnius-2023", "seed": "0"}
    anonymous = client.post("/runs", data={**form, "csrf": "x"}, headers={"accept": "application/json"})
    assert anonymous.status_code == 401
    csrf = _login(client)
    forged = client.post(
        "/runs", data={**form, "csrf": "not-the-token"}, headers={"accept": "application/json"}
    )
    assert forged.status_code == 403
    assert client.get("/api/v1/runs").json()["total"] == 0
    good = client.post("/runs", data={**form, "csrf": csrf}, follow_redirects=False)
    assert good.status_code == 303
    assert good.headers["location"].startswith("/runs/")
    cookie = client.cookies.get("pactlab_session")
    assert cookie is not None
    assert len(cookie) >= 40


def test_session_cookie_flags_and_no_open_redirect(client: Any) -> None:
    answer = client.post(
        "/login", data={"token": client.token, "next": "//evil.example/x"}, follow_redirects=False
    )
    assert answer.headers["location"] == "/"
    flags = answer.headers["set-cookie"].lower()
    assert "httponly" in flags
    assert "samesite=strict" in flags
    wrong = client.post("/login", data={"token": "plt_" + "Z" * 43, "next": "/"}, follow_redirects=False)
    assert wrong.status_code == 401


def test_pages_send_a_strict_content_security_policy(client: Any) -> None:
    headers = client.get("/").headers
    policy = headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "unsafe-eval" not in policy
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    page = client.get("/").text
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page), "no inline script"


_WATCH: list[tuple[str, str]] = []
_WATCHING: list[str] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Every file the process opens and every socket it connects, while a test watches."""
    if _WATCHING and event in ("open", "socket.connect", "urllib.Request"):
        _WATCH.append((event, str(args[0]) if event != "socket.connect" else str(args[1])))


sys.addaudithook(_audit)  # audit hooks cannot be removed: this one records only while _WATCHING


def test_the_pdf_renderer_fetches_nothing_a_scenario_names(tmp_path: Path) -> None:
    """A scenario whose title and an instrument's title name a local file and a URL in the markup
    ReportLab's paragraphs understand (``<img src>``, ``<a href>``): the web's brief PDF opens neither."""
    from pactlab.web.kinds import KINDS
    from pactlab.web.sources import parse_upload

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    hostile = f'<img src="{secret}" width="9" height="9"/><img src="http://127.0.0.1:9/a.png"/>'
    text = catalog.path("vilnius-2023").read_text(encoding="utf-8")
    edited = re.sub(r"(?m)^  title: (.*)$", lambda m: f"  title: '{hostile} {m.group(1)}'", text, count=1)
    link = f'<a href="file://{secret}">x</a>'
    edited = re.sub(
        r"(?m)^    title: (Sustained deliveries of armour.*)$",
        lambda m: f"    title: '{hostile}{link} {m.group(1)}'",
        edited,
        count=1,
    )
    assert edited.count(str(secret)) == 3
    scenario = parse_upload("hostile.yaml", edited.encode())
    parameters = {"draws": 300, "rounds": 2, "roadmap": False}
    db = f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
    _WATCHING.append("on")
    try:
        _payload, artifacts = KINDS["analyze"].execute(scenario, parameters, 0, lambda *_: None, db)
    finally:
        _WATCHING.clear()
    pdf = artifacts["brief.pdf"][1]
    assert pdf.startswith(b"%PDF-")
    touched = [target for _, target in _WATCH if str(secret) in target or "127.0.0.1" in target]
    assert touched == [], touched
    assert any(event == "open" for event, _ in _WATCH), "the hook saw the renderer's own files (fonts)"

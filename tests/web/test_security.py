"""Security of the pages: escaping, CSRF, sessions, headers, and a PDF renderer that fetches nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest

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


def test_the_pdf_renderer_fetches_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import weasyprint

    from pactlab.web.pdf import brief_pdf, inert_html

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    fetched: list[str] = []
    original = weasyprint.urls.URLFetcher.fetch

    def spy(self: Any, url: str, *args: Any, **kwargs: Any) -> Any:
        fetched.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", spy)
    html = (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        f'<style>@import url("file://{secret}"); body {{ background: url(file://{secret}) }}</style></head>'
        f'<body><h1>brief</h1><img src="file://{secret}"><img src="http://127.0.0.1:9/a.png">'
        f'<object data="file://{secret}"></object><svg><image href="file://{secret}"/></svg>'
        f"<p style=\"background-image: url('http://127.0.0.1:9/b')\">text</p>"
        f'<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        f'<a href="https://example.org/source">a source</a></body></html>'
    )
    cleaned = inert_html(html)
    assert str(secret) not in cleaned
    assert "127.0.0.1:9" not in cleaned
    assert 'href="https://example.org/source"' in cleaned, "links stay links (they are not fetched)"
    pdf = brief_pdf(html)
    assert pdf.startswith(b"%PDF-")
    assert all(url.startswith("data:") for url in fetched), fetched

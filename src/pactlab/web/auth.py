"""Who may write: bearer tokens for the API, a session cookie and a CSRF token for the HTML forms.

Reading needs no login. Every write (an upload, an import, a ledger entry, a run, a digest) needs a
token created by ``pactlab serve token create NAME``, which prints it once. Only the token's SHA-256 is
stored: a token is 256 random bits, so a fast hash is enough (a slow password hash such as bcrypt
protects guessable secrets, which a token is not), and a stolen database gives no usable token.

The HTML forms use a session: the token is entered once on the login page, the server answers with a
random session cookie (``HttpOnly``, ``SameSite=Strict``; only its SHA-256 is stored) and keeps a CSRF
token with the session, which every form carries in a hidden field (synchroniser-token pattern, OWASP
CSRF cheat sheet) and htmx sends as the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from pactlab.errors import ParameterError
from pactlab.web.problems import ProblemError
from pactlab.web.store import Store, aware, now
from pactlab.web.tables import SessionRow, Token

__all__ = [
    "COOKIE",
    "Identity",
    "create_token",
    "current_session",
    "login",
    "logout",
    "require_csrf",
    "require_token",
    "token_hash",
]

PREFIX = "plt_"
_TOKEN = re.compile(r"^plt_[A-Za-z0-9_-]{43}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
COOKIE = "pactlab_session"
SESSION_HOURS = 12
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="pactlab"'}


@dataclass(frozen=True)
class Identity:
    """Who is writing: the token's name (recorded with what they write) and, for a session, its CSRF."""

    name: str
    csrf: str | None = None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str) -> str:
    """A new token named ``name``; returns it (shown once: only its hash is stored)."""
    if not _NAME.match(name):
        raise ParameterError(
            "name", f"{name!r} is not a token name (letters, digits, '.', '_', '@', '-'; at most 100)"
        )
    token = PREFIX + secrets.token_urlsafe(32)

    def action(session: Session) -> None:
        if session.scalars(select(Token).where(Token.name == name)).first() is not None:
            raise ParameterError("name", f"a token named {name!r} exists already")
        session.add(Token(name=name, hash=token_hash(token), created_at=now()))

    store.write(action)
    return token


def _lookup(store: Store, token: str) -> Token | None:
    if not _TOKEN.match(token):
        return None
    digest = token_hash(token)
    with store.reading() as session:
        found = session.scalars(select(Token).where(Token.hash == digest)).first()
    if found is None or found.revoked_at is not None or not hmac.compare_digest(found.hash, digest):
        return None
    return found


def require_token(request: Request) -> Identity:
    """The API's write guard: a valid ``Authorization: Bearer`` token, or a 401 problem."""
    header = request.headers.get("authorization")
    if not header:
        raise ProblemError(
            401,
            "this request writes: it needs 'Authorization: Bearer <token>' "
            "(create one with 'pactlab serve token create NAME')",
            kind="token-required",
            headers=_CHALLENGE,
        )
    scheme, _, value = header.partition(" ")
    value = value.strip()
    if scheme.lower() != "bearer" or not _TOKEN.match(value):
        raise ProblemError(
            401,
            "malformed Authorization header: expected 'Bearer plt_' and 43 URL-safe characters",
            kind="malformed-token",
            headers={"WWW-Authenticate": 'Bearer realm="pactlab", error="invalid_request"'},
        )
    found = _lookup(request.app.state.store, value)
    if found is None:
        raise ProblemError(
            401,
            "unknown or revoked token",
            kind="invalid-token",
            headers={"WWW-Authenticate": 'Bearer realm="pactlab", error="invalid_token"'},
        )
    return Identity(found.name)


def login(store: Store, token: str) -> tuple[str, Identity] | None:
    """Open a session for a valid ``token``: ``(cookie value, identity)``, or ``None``."""
    found = _lookup(store, token.strip())
    if found is None:
        return None
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    start = now()

    def action(session: Session) -> None:
        session.execute(delete(SessionRow).where(SessionRow.expires_at < start))
        session.add(
            SessionRow(
                hash=token_hash(cookie),
                token_id=found.id,
                csrf=csrf,
                created_at=start,
                expires_at=start + dt.timedelta(hours=SESSION_HOURS),
            )
        )

    store.write(action)
    return cookie, Identity(found.name, csrf)


def current_session(request: Request) -> Identity | None:
    """The browser's session, if its cookie names a live one."""
    cookie = request.cookies.get(COOKIE)
    if not cookie or len(cookie) > 100:
        return None
    store: Store = request.app.state.store
    with store.reading() as session:
        row = session.get(SessionRow, token_hash(cookie))
        if row is None:
            return None
        token = session.get(Token, row.token_id)
        expires = aware(row.expires_at)
        if token is None or token.revoked_at is not None or expires is None or expires < now():
            return None
        return Identity(token.name, row.csrf)


def logout(request: Request) -> None:
    cookie = request.cookies.get(COOKIE)
    if not cookie:
        return
    store: Store = request.app.state.store
    store.write(
        lambda session: session.execute(delete(SessionRow).where(SessionRow.hash == token_hash(cookie)))
    )


def require_csrf(request: Request, supplied: str | None) -> Identity:
    """A form's write guard: a live session and its CSRF token (form field or ``X-CSRF-Token``)."""
    identity = current_session(request)
    if identity is None or identity.csrf is None:
        raise ProblemError(401, "log in with a token first (this form writes)", kind="login-required")
    given = supplied or request.headers.get("x-csrf-token") or ""
    if not hmac.compare_digest(given.encode(), identity.csrf.encode()):
        raise ProblemError(403, "missing or wrong CSRF token: reload the page and submit again", kind="csrf")
    return identity

"""The web application's own tables, apart from the ledger's (own metadata, own Alembic history).

``web_runs``
    one row per submitted run (a job): kind, scenario, parameters, seed, state, progress, timings,
    the scenario digest and package version, and the cache key;
``web_results``
    one row per distinct computation, keyed by the cache key (scenario digest, kind, parameters,
    seed, version): the result JSON and its artefacts (CSV, brief HTML and PDF) live here, written in
    the same transaction that marks the run done;
``web_scenarios``
    uploaded scenario files (text, as uploaded), keyed by the scenario digest;
``web_digests``
    digests of posted articles (the article's text and the digest's JSON);
``web_tokens`` and ``web_sessions``
    bearer tokens (only their SHA-256) and browser sessions (only the SHA-256 of the cookie), each
    session with its CSRF token.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Artifact", "Base", "DigestRow", "Result", "Run", "SessionRow", "StoredScenario", "Token"]


class Base(DeclarativeBase):
    """Metadata of the web tables only (the ledger keeps its own)."""


class Run(Base):
    __tablename__ = "web_runs"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    scenario_ref: Mapped[str] = mapped_column(String(200))
    scenario_digest: Mapped[str] = mapped_column(String(64))
    parameters: Mapped[str] = mapped_column(Text)  # canonical JSON, defaults filled in
    seed: Mapped[int] = mapped_column(Integer)
    version: Mapped[str] = mapped_column(String(32))
    cache_key: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)  # queued, running, done, failed
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str | None] = mapped_column(Text)  # a problem document (JSON) when failed
    cached: Mapped[int] = mapped_column(Integer, default=0)  # 1: answered from a stored result
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    result_key: Mapped[str | None] = mapped_column(ForeignKey("web_results.key"))


class Result(Base):
    __tablename__ = "web_results"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)  # the result's to_dict() as JSON
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Artifact(Base):
    __tablename__ = "web_artifacts"
    result_key: Mapped[str] = mapped_column(
        ForeignKey("web_results.key", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(64), primary_key=True)  # result.csv, brief.html, brief.pdf
    media_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class StoredScenario(Base):
    __tablename__ = "web_scenarios"
    ref: Mapped[str] = mapped_column(String(32), primary_key=True)  # "u-" + the digest's first 16 hex
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    scenario_id: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class DigestRow(Base):
    __tablename__ = "web_digests"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the first 16 hex of the key
    key: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of (article, sentences, version)
    name: Mapped[str] = mapped_column(String(255))
    sentences: Mapped[int] = mapped_column(Integer)
    article: Mapped[bytes] = mapped_column(LargeBinary)
    payload: Mapped[str] = mapped_column(Text)
    version: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)


class Token(Base):
    __tablename__ = "web_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex of the token
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class SessionRow(Base):
    __tablename__ = "web_sessions"
    hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie value
    token_id: Mapped[int] = mapped_column(ForeignKey("web_tokens.id", ondelete="CASCADE"))
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

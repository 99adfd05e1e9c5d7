"""``/api/v1/digests``: post an article (text, or a file), get its digest; stored, with a permalink."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from pactlab._version import __version__
from pactlab.errors import PactlabError
from pactlab.web.api.paging import Limit, Offset, page
from pactlab.web.api.scenarios import read_upload
from pactlab.web.auth import Identity, require_token
from pactlab.web.middleware import forbid_unknown_query
from pactlab.web.problems import ProblemError, pactlab_problem, responses
from pactlab.web.settings import MAX_ARTICLE_BYTES
from pactlab.web.store import Store, aware, now
from pactlab.web.tables import DigestRow

__all__ = ["make_digest", "router"]

router = APIRouter(
    prefix="/api/v1/digests",
    tags=["digest"],
    dependencies=[Depends(forbid_unknown_query)],
    responses=responses(400, 422),
)
Sentences = Field(5, ge=1, le=50, description="Sentences in the summary.")


class Article(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(min_length=1, max_length=MAX_ARTICLE_BYTES, description="The article (plain text).")
    sentences: int = Sentences
    name: str = Field("article.txt", min_length=1, max_length=200, pattern=r"^[A-Za-z0-9._ -]+$")


def view(row: DigestRow) -> dict[str, Any]:
    moment = aware(row.created_at)
    return {
        "id": row.id,
        "name": row.name,
        "sentences": row.sentences,
        "version": row.version,
        "created_by": row.created_by,
        "created_at": None if moment is None else moment.isoformat(),
        "digest": json.loads(row.payload),
        "links": {"self": f"/api/v1/digests/{row.id}", "page": f"/digest/{row.id}"},
    }


def make_digest(store: Store, name: str, data: bytes, sentences: int, who: str) -> tuple[DigestRow, bool]:
    """Digest an article with the CLI's pipeline (:func:`pactlab.digest.core.digest_file`) and store it."""
    from pactlab.digest.core import digest_file

    key = hashlib.sha256(json.dumps([name, sentences, __version__]).encode() + b"\0" + data).hexdigest()
    try:
        result = digest_file("-", stdin=io.BytesIO(data), name=name, sentences=sentences)
    except PactlabError as error:
        raise pactlab_problem(error, kind="invalid-article") from None
    row = DigestRow(
        id=key[:16],
        key=key,
        name=name,
        sentences=sentences,
        article=data,
        payload=json.dumps(result.to_dict(), allow_nan=False),
        version=__version__,
        created_by=who,
        created_at=now(),
    )
    return store.save_digest(row)


def _answer(row: DigestRow, created: bool, response: Response) -> dict[str, Any]:
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/api/v1/digests/{row.id}"
    return view(row)


@router.post(
    "",
    status_code=201,
    summary="Digest an article given as text",
    responses={200: {"description": "The same article was digested before"}, **responses(401, 413, 422)},
)
def post_text(
    body: Article, request: Request, response: Response, who: Annotated[Identity, Depends(require_token)]
) -> dict[str, Any]:
    data = body.text.encode("utf-8")
    if len(data) > MAX_ARTICLE_BYTES:
        raise ProblemError(413, f"the article is larger than {MAX_ARTICLE_BYTES:,} bytes", kind="too-large")
    row, created = make_digest(request.app.state.store, body.name, data, body.sentences, who.name)
    return _answer(row, created, response)


@router.post(
    "/upload",
    status_code=201,
    summary="Digest an article file (text, Markdown, HTML, PDF)",
    responses={200: {"description": "The same article was digested before"}, **responses(401, 413, 422)},
)
async def post_file(
    request: Request,
    response: Response,
    file: Annotated[UploadFile, File()],
    who: Annotated[Identity, Depends(require_token)],
    sentences: Annotated[int, Form(ge=1, le=50)] = 5,
) -> dict[str, Any]:
    from pactlab.web.api.ledger import import_name

    _name, data = await read_upload(file, MAX_ARTICLE_BYTES)
    name = import_name(file.filename) if file.filename else "article.txt"
    row, created = await run_in_threadpool(
        make_digest, request.app.state.store, name, data, sentences, who.name
    )
    return _answer(row, created, response)


@router.get("", summary="Stored digests, newest first")
def list_digests(
    request: Request, response: Response, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    rows, total = request.app.state.store.digests(offset=offset, limit=limit)
    return page(request, response, [view(r) for r in rows], total=total, offset=offset, limit=limit)


@router.get("/{digest_id}", responses=responses(404), summary="A stored digest")
def get_digest(
    digest_id: Annotated[str, Path(min_length=1, max_length=64)], request: Request
) -> dict[str, Any]:
    row = request.app.state.store.digest(digest_id)
    if row is None:
        raise ProblemError(404, f"no digest {digest_id!r}", kind="unknown-digest")
    return view(row)

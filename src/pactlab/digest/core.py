"""The digest pipeline: intake, sentences, summary, actors, instruments with status, stances."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pactlab.digest.gazetteer import ActorMention, find_actors, gazetteer
from pactlab.digest.instruments import InstrumentHit, best_status, match_instruments
from pactlab.digest.intake import Document, read_document
from pactlab.digest.result import ActorFinding, Digest, InstrumentFinding
from pactlab.digest.sentences import Sentence, split_sentences
from pactlab.digest.stances import read_stances
from pactlab.digest.summary import summarize
from pactlab.errors import ParameterError
from pactlab.results import Provenance
from pactlab.scenario.taxonomy import INSTRUMENT_TITLES, InstrumentKind

if TYPE_CHECKING:
    from pactlab.digest.model import CueFit

__all__ = ["ActorFinding", "Digest", "InstrumentFinding", "digest_document", "digest_file", "digest_text"]


def _actors(mentions: Sequence[ActorMention]) -> tuple[ActorFinding, ...]:
    actors, _ = gazetteer()
    grouped: dict[str, list[ActorMention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.actor, []).append(mention)
    ordered = sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
    return tuple(ActorFinding(k, actors[k].name, actors[k].kind, tuple(v)) for k, v in ordered)


def _instruments(
    sentences: Sequence[Sentence], hits: Sequence[InstrumentHit], fit: CueFit
) -> tuple[InstrumentFinding, ...]:
    found = []
    for kind in InstrumentKind:
        mine = [h for h in hits if h.kind is kind]
        if not mine:
            continue
        miss = 1.0
        for h in mine:
            miss *= 1.0 - fit.precision(h.cue)
        order = sorted({h.sentence for h in mine})
        found.append(
            InstrumentFinding(
                id=kind.value,
                title=INSTRUMENT_TITLES[kind],
                status=best_status(h.status for h in mine),
                score=round(1.0 - miss, 4),
                evidence=tuple(" ".join(sentences[i].text.split()) for i in order),
                sentences=tuple(order),
                statuses=tuple(next(h.status for h in mine if h.sentence == i) for i in order),
            )
        )
    return tuple(sorted(found, key=lambda f: (-f.score, f.sentences[0])))


def digest_document(document: Document, *, sentences: int = 5, fit: CueFit | None = None) -> Digest:
    """Digest a document read by :func:`~pactlab.digest.intake.read_document`.

    Parameters
    ----------
    document : Document
        The cleaned input.
    sentences : int
        Length of the summary (at least 1).
    fit : CueFit, optional
        The fitted cue filter and cue precisions (default: the one shipped with pactlab, made on the
        development set; the evaluation passes the fit of each training fold).
    """
    from pactlab.digest.model import shipped_fit

    if sentences < 1:
        raise ParameterError("sentences", f"must be at least 1, got {sentences}")
    fit = shipped_fit() if fit is None else fit
    parts = split_sentences(document.text)
    mentions = find_actors(document.text)
    hits = match_instruments(parts, disabled=fit.disabled)
    provenance = Provenance(
        model="digest",
        variant="lexical",
        parameters={
            "sentences": sentences,
            "cue_fit": fit.trained_on or "none",
            "cues_disabled": len(fit.disabled),
        },
        seed=None,
        scenario_digest=hashlib.sha256(document.text.encode("utf-8")).hexdigest()[:16],
    )
    return Digest(
        source=document.name,
        title=document.title,
        date=document.date,
        key_sentences=tuple(summarize(parts, sentences)),
        actors=_actors(mentions),
        instruments=_instruments(parts, hits, fit),
        stances=tuple(read_stances(parts, mentions, hits)),
        sentences=tuple(parts),
        provenance=provenance,
    )


def digest_text(text: str, *, name: str = "<text>", sentences: int = 5, fit: CueFit | None = None) -> Digest:
    """Digest a plain-text string (boilerplate is removed as for files).

    Examples
    --------
    >>> d = digest_text("NATO will send long-range missiles to Ukraine. Russia objects to it.")
    >>> [a.id for a in d.actors], [(i.id, i.status) for i in d.instruments]
    (['nato', 'ukr', 'rus'], [('arms_deliveries', 'offered'), ('long_range_strike', 'offered')])
    """
    return digest_file("-", stdin=io.BytesIO(text.encode("utf-8")), name=name, sentences=sentences, fit=fit)


def digest_file(
    source: str | Path,
    *,
    stdin: BinaryIO | None = None,
    name: str | None = None,
    sentences: int = 5,
    fit: CueFit | None = None,
) -> Digest:
    """Read ``source`` (a path or ``"-"``) and digest it."""
    if sentences < 1:
        raise ParameterError("sentences", f"must be at least 1, got {sentences}")
    document = read_document(source, stdin=stdin)
    if name is not None:
        document = Document(
            name, document.kind, document.title, document.text, document.date, document.language
        )
    return digest_document(document, sentences=sentences, fit=fit)

"""The digest pipeline: intake, sentences, summary, actors, instruments, stances."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pactlab.digest.gazetteer import ActorMention, find_actors, gazetteer
from pactlab.digest.instruments import InstrumentHit, match_instruments
from pactlab.digest.intake import Document, read_document
from pactlab.digest.sentences import Sentence, split_sentences
from pactlab.digest.stances import Stance, read_stances
from pactlab.digest.summary import summarize
from pactlab.errors import PactlabError
from pactlab.scenario.taxonomy import INSTRUMENT_TITLES, InstrumentKind

__all__ = ["ActorFinding", "Digest", "InstrumentFinding", "digest_document", "digest_file", "digest_text"]


@dataclass(frozen=True, slots=True)
class ActorFinding:
    """An actor the text names, with every mention's text and position."""

    id: str
    name: str
    kind: str
    mentions: tuple[ActorMention, ...]


@dataclass(frozen=True, slots=True)
class InstrumentFinding:
    """An instrument the text discusses: its score in [0, 1] and its evidence sentences."""

    id: str
    title: str
    score: float
    evidence: tuple[str, ...]
    sentences: tuple[int, ...]
    methods: tuple[str, ...]


@dataclass(frozen=True)
class Digest:
    """The structured reading of one text."""

    source: str
    title: str
    summary: tuple[Sentence, ...]
    actors: tuple[ActorFinding, ...]
    instruments: tuple[InstrumentFinding, ...]
    stances: tuple[Stance, ...]
    sentences: tuple[Sentence, ...] = field(repr=False)
    semantic: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``pactlab digest --json`` (exactly the documented keys)."""
        return {
            "summary": [s.text for s in self.summary],
            "actors": [
                {
                    "id": a.id,
                    "name": a.name,
                    "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in a.mentions],
                }
                for a in self.actors
            ],
            "instruments": [
                {"id": i.id, "score": round(i.score, 4), "evidence": list(i.evidence)}
                for i in self.instruments
            ],
            "stances": [
                {"actor": s.actor, "instrument": s.instrument, "stance": s.stance, "evidence": s.evidence}
                for s in self.stances
            ],
        }


def _actors(mentions: Sequence[ActorMention]) -> tuple[ActorFinding, ...]:
    actors, _ = gazetteer()
    grouped: dict[str, list[ActorMention]] = {}
    for mention in mentions:
        grouped.setdefault(mention.actor, []).append(mention)
    ordered = sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[1][0].start))
    return tuple(ActorFinding(k, actors[k].name, actors[k].kind, tuple(v)) for k, v in ordered)


def _instruments(
    sentences: Sequence[Sentence], hits: Sequence[InstrumentHit]
) -> tuple[InstrumentFinding, ...]:
    found = []
    for kind in InstrumentKind:
        mine = [h for h in hits if h.kind is kind and not h.negated]
        if not mine:
            continue
        miss = 1.0
        for h in mine:
            miss *= 1.0 - h.weight
        order = sorted({h.sentence for h in mine})
        found.append(
            InstrumentFinding(
                kind.value,
                INSTRUMENT_TITLES[kind],
                1.0 - miss,
                tuple(sentences[i].text for i in order),
                tuple(order),
                tuple(sorted({h.method for h in mine})),
            )
        )
    return tuple(sorted(found, key=lambda f: (-f.score, f.sentences[0])))


def _use_semantic(semantic: bool | None) -> bool:
    if semantic is not None:
        return semantic
    if os.environ.get("PACTLAB_DIGEST_SEMANTIC", "").strip().lower() in ("0", "false", "no", "off"):
        return False
    from pactlab.digest import semantic as _semantic

    return _semantic.available()


def digest_document(document: Document, *, sentences: int = 5, semantic: bool | None = None) -> Digest:
    """Digest a document read by :func:`~pactlab.digest.intake.read_document`.

    Parameters
    ----------
    document : Document
        The cleaned input.
    sentences : int
        Length of the summary (at least 1).
    semantic : bool or None
        Use the sentence-embedding matcher as well as the lexical one; ``None`` uses it when the
        ``semantic`` extra is installed and ``PACTLAB_DIGEST_SEMANTIC`` is not ``0``.
    """
    if sentences < 1:
        raise PactlabError.at("--sentences", "", f"must be at least 1, got {sentences}")
    parts = split_sentences(document.text)
    mentions = find_actors(document.text)
    hits = match_instruments(parts)
    use_semantic = _use_semantic(semantic)
    if use_semantic:
        from pactlab.digest.semantic import match_semantic

        hits = hits + match_semantic(parts, lexical=hits)
    return Digest(
        source=document.name,
        title=document.title,
        summary=tuple(summarize(parts, sentences)),
        actors=_actors(mentions),
        instruments=_instruments(parts, hits),
        stances=tuple(read_stances(parts, mentions, hits)),
        sentences=tuple(parts),
        semantic=use_semantic,
    )


def digest_text(
    text: str, *, name: str = "<text>", sentences: int = 5, semantic: bool | None = None
) -> Digest:
    """Digest a plain-text string (boilerplate is removed as for files).

    Examples
    --------
    >>> d = digest_text("NATO will send long-range missiles to Ukraine. Russia objects to it.",
    ...                 semantic=False)
    >>> [a.id for a in d.actors], [i.id for i in d.instruments]
    (['nato', 'ukr', 'rus'], ['arms_deliveries', 'long_range_strike'])
    """
    import io

    return digest_file(
        "-", stdin=io.BytesIO(text.encode("utf-8")), name=name, sentences=sentences, semantic=semantic
    )


def digest_file(
    source: str | Path,
    *,
    stdin: BinaryIO | None = None,
    name: str | None = None,
    sentences: int = 5,
    semantic: bool | None = None,
) -> Digest:
    """Read ``source`` (a path or ``"-"``) and digest it."""
    document = read_document(source, stdin=stdin)
    if name is not None:
        document = Document(name, document.kind, document.title, document.text)
    return digest_document(document, sentences=sentences, semantic=semantic)

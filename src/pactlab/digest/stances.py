"""Stances: support, oppose or conditional, per actor and instrument, only where the text attributes one.

A stance is read only for an actor that is the subject of the clause that carries an instrument cue:
its mention stands before the clause's first verb, is not the object of a preposition ("attacks against
Ukraine", "signed with the G7") and is not in a leading subordinate clause ("If Russia attacks again,
Poland will provide..."), and the clause is not passive or about receiving ("Ukraine will be invited",
"Ukraine received"): the subject of those is the recipient. Coordinated subjects share the verb
("President Volodymyr Zelensky and U.S.
President Joe Biden signed..."). Without a parser this is the shallow subject heuristic of
chunk-based relation extraction (Abney 1991, "Parsing by chunks"): the first noun-phrase chunk before
the first verb group.

The stance then comes from the verb and the instrument's status in that sentence: an opposition verb
("condemns", "rejects", "opposes") or a refusal is ``oppose``; a deferred or conditional offer is
``conditional``; a commitment (the status ``offered``) or a proposal verb ("proposes", "calls for") is
``support``. A mere discussion without a proposal verb gives no stance. So "Russia condemns arms
deliveries" never yields Russian support for them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pactlab.digest.gazetteer import ActorMention
from pactlab.digest.instruments import InstrumentHit
from pactlab.digest.sentences import Sentence

__all__ = ["Stance", "read_stances"]

_VERB = re.compile(
    r"\b(?:will|would|shall|has|have|had|is|are|was|were|can|could|may|might|must|should|did|does|do"
    r"|said|says|say|told|signed|signs|sign|agreed|agrees|agree|pledged|pledges|promised|promises"
    r"|announced|announces|decided|decides|refused|refuses|rejected|rejects|ruled|rules|opposed|opposes"
    r"|oppose|condemned|condemns|condemn|supports|supported|support|backs|backed|back|welcomed|welcomes"
    r"|approved|approves|adopted|adopts|provided|provides|sent|sends|delivered|delivers|supplied|supplies"
    r"|gave|gives|offered|offers|plans|planned|intends|intended|wants|wanted|calls|called|urged|urges"
    r"|proposed|proposes|confirmed|confirms|declared|declares|stressed|insisted|insists|imposed|imposes"
    r"|launched|launches|allocated|allocates|committed|commits|continues|continued|reaffirmed|reaffirms"
    r"|reaffirm|paused|pauses|suspended|suspends|halted|halts|blocked|blocks|vetoed|objected|objects"
    r"|warned|warns|dismissed|dismisses|affirmed|affirms|affirm|recognize|recognise|recognizes"
    r"|recognises|indicated|indicates|held|holds|hailed|hails|criticized|criticised|denounced|denounces"
    r"|approved|agreed|joined|joins|became|becomes|remains|remained|seeks|sought|asked|asks|requested"
    r"|requests|expects|expected|hopes|hoped|intend|plan|want|seek|defended|defends|stalled|stalls"
    r"|received|receives|got|gets|began|begins|started|starts|met|meets|needs|needed)\b",
    re.IGNORECASE,
)
_OPPOSE = re.compile(
    r"\b(?:oppos\w+|reject\w*|refus\w+|ruled? out|rules out|object\w*|warn\w* against|resist\w*|block\w*"
    r"|veto\w*|condemn\w*|criticis\w+|criticiz\w+|denounc\w+|dismiss\w+|decr[iy]\w*|against)\b",
    re.IGNORECASE,
)
_PROPOSE = re.compile(
    r"\b(?:propos\w+|call\w* for|urg\w+|want\w*|seek\w*|sought|back\w*|favou?r\w*|support\w*|push\w*"
    r"|ask\w*|request\w*|insist\w*|hop\w+|welcom\w+|endors\w+|plead\w*)\b",
    re.IGNORECASE,
)
_PREPOSITION = re.compile(
    r"\b(?:of|for|to|with|against|by|from|on|in|at|about|toward|towards|into|between|among|including"
    r"|than|like|via|under|over|after|before)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
    r"(?:[\w.'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
_PASSIVE = re.compile(
    r"(?:(?:will|would|shall|can|could|may|might|must|should)\s+(?:not\s+)?be|is|are|was|were|has been"
    r"|have been|had been)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ght)\b|(?:received|receives|receive|got|gets"
    r"|obtained|obtains)\b",
    re.IGNORECASE,
)
_LEADING_CLAUSE = re.compile(
    r"^\s*(?:If|When|Once|After|Although|Though|As|While|Unless|Since|Before|Because)\b[^,]*,", re.IGNORECASE
)
_CLAUSE_BREAK = re.compile(r"[;:]|\bbut\b|\bwhile\b|\bwhereas\b|\bwhich\b|\bwho\b|\bafter\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Stance:
    """One actor's stance on one instrument, with the sentence that states it."""

    actor: str
    instrument: str
    stance: str
    evidence: str
    sentence: int


def _clause_start(text: str, cue_at: int) -> int:
    """Where the clause holding the cue starts, after any leading subordinate clause."""
    start = 0
    for brk in _CLAUSE_BREAK.finditer(text, 0, cue_at):
        start = brk.end()
    lead = _LEADING_CLAUSE.match(text[start:cue_at])
    return start + lead.end() if lead else start


def subjects(sentence: Sentence, mentions: Sequence[ActorMention], cue_at: int) -> list[ActorMention]:
    """The actor mentions that are the subject of the clause holding the cue at ``cue_at`` (in the sentence).

    Examples
    --------
    >>> from pactlab.digest.gazetteer import find_actors
    >>> from pactlab.digest.sentences import split_sentences
    >>> s = split_sentences("If Russia attacks again, Poland will provide air defence to Ukraine.")[0]
    >>> [m.actor for m in subjects(s, find_actors(s.text), s.text.index("air"))]
    ['pol']
    """
    text = sentence.text
    begin = _clause_start(text, cue_at)
    verb = _VERB.search(text, begin, cue_at)
    if verb is None or _PASSIVE.match(text, verb.start()):
        return []  # no verb, or a passive or receiving one: the subject is the recipient
    out = []
    for mention in mentions:
        at = mention.start - sentence.start
        if not begin <= at < verb.start():
            continue
        if _PREPOSITION.search(text[begin:at]):
            continue
        out.append(mention)
    return out


def _classify(text: str, subject_end: int, hit: InstrumentHit) -> str | None:
    between = text[subject_end : hit.start]
    if hit.status == "refused" or _OPPOSE.search(between):
        return "oppose"
    if hit.status == "conditional":
        return "conditional"
    if hit.status == "offered" or _PROPOSE.search(between):
        return "support"
    return None


def read_stances(
    sentences: Sequence[Sentence], mentions: Sequence[ActorMention], hits: Sequence[InstrumentHit]
) -> list[Stance]:
    """Stances of the subjects of each instrument's evidence sentences.

    ``mentions`` carry spans in the document text; ``hits`` carry spans within their sentence. One stance
    per (actor, instrument): the first stated one.
    """
    best: dict[tuple[str, str], Stance] = {}
    for hit in hits:
        sentence = sentences[hit.sentence]
        inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
        for mention in subjects(sentence, inside, hit.start):
            stance = _classify(sentence.text, mention.end - sentence.start, hit)
            if stance is None:
                continue
            key = (mention.actor, hit.kind.value)
            if key not in best:
                best[key] = Stance(mention.actor, hit.kind.value, stance, sentence.text, sentence.index)
    return sorted(best.values(), key=lambda s: (s.sentence, s.actor, s.instrument))

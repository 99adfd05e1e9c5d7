"""Stances: support, oppose, conditional or unclear, per actor and instrument, with the evidence.

A stance is read from a sentence that carries both an instrument cue and an actor mention placed
before the cue and not as a prepositional object ("attacks against Ukrainian targets" does not make
Ukraine a stance holder). The stance comes from cue words in the sentence, checked in this order:
negation of the instrument cue (oppose), explicit opposition verbs (oppose), conditions ("if",
"unless", "when ... conditions are met": conditional), support verbs ("support", "back", "will
provide", "agreed", "signed": support); otherwise unclear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pactlab.digest.gazetteer import ActorMention
from pactlab.digest.instruments import InstrumentHit
from pactlab.digest.sentences import Sentence

__all__ = ["Stance", "read_stances"]

_OPPOSE = re.compile(
    r"\b(?:oppos\w+|reject\w*|refus\w+|ruled? out|object\w*|warn\w* against"
    r"|resist\w*|block\w*|veto\w*)\b",
    re.IGNORECASE,
)
_CONDITION = re.compile(
    r"\b(?:if|unless|provided that|on condition|conditional|once|as soon as"
    r"|conditions are met|in the event of|subject to)\b",
    re.IGNORECASE,
)
_SUPPORT = re.compile(
    r"\b(?:support\w*|back\w*|endorse\w*|favou?r\w*|welcome\w*|commit\w*|pledg\w+|promis\w+"
    r"|agree\w*|sign\w*|approv\w+|adopt\w*|decided|will (?:provide|send|deliver|supply|give|work|each)"
    r"|has (?:given|sent|provided|delivered)|have (?:given|sent|provided|delivered)|provided|sent"
    r"|call\w* for|propos\w+|launch\w*|willingness|intend\w*|allocat\w+)\b",
    re.IGNORECASE,
)
_OBJECT_PREP = re.compile(
    r"\b(?:against|to|for|with|toward|towards|on|into|at|from|of|by|support|supports|supporting|help"
    r"|helps|reassure|reassures|arm|arms|aid|assist|assists|protect|defend|deter|deters|deterring"
    r"|invite|invited|join|joins)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Stance:
    """One actor's stance on one instrument, with the sentence that states it."""

    actor: str
    instrument: str
    stance: str
    evidence: str
    sentence: int


def _classify(text: str, hit: InstrumentHit) -> str:
    if hit.negated or _OPPOSE.search(text):
        return "oppose"
    if _CONDITION.search(text):
        return "conditional"
    if _SUPPORT.search(text):
        return "support"
    return "unclear"


def read_stances(
    sentences: Sequence[Sentence], mentions: Sequence[ActorMention], hits: Sequence[InstrumentHit]
) -> list[Stance]:
    """Stances of the actors named in each instrument's evidence sentences.

    ``mentions`` carry spans in the document text; ``hits`` carry spans within their sentence.
    One stance per (actor, instrument): the first stated one that is not "unclear", else "unclear".
    """
    best: dict[tuple[str, str], Stance] = {}
    for hit in hits:
        sentence = sentences[hit.sentence]
        cue_at = sentence.start + hit.start
        for mention in mentions:
            if not sentence.start <= mention.start < cue_at:
                continue
            before = sentence.text[: max(0, mention.start - sentence.start)]
            if _OBJECT_PREP.search(before[-30:]):
                continue
            stance = Stance(
                mention.actor, hit.kind.value, _classify(sentence.text, hit), sentence.text, sentence.index
            )
            key = (stance.actor, stance.instrument)
            if key not in best or (best[key].stance == "unclear" and stance.stance != "unclear"):
                best[key] = stance
    return sorted(best.values(), key=lambda s: (s.sentence, s.actor, s.instrument))

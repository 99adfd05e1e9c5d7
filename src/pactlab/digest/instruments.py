"""Lexical matching of sentences onto the instrument taxonomy, with a status for every hit.

Each sentence is matched against the cues of :mod:`pactlab.digest.cues`; a cue is dropped when its
kind's exclusion fires on the sentence, or when the fitted cue filter (:mod:`pactlab.digest.model`)
switched it off. Every hit then gets a status read from its clause:

- ``refused``: a negation or refusal governs the cue within its clause ("will not send", "refused to",
  "paused", "ruled out"), in the spirit of NegEx (Chapman et al. 2001, "A simple algorithm for
  identifying negated findings and diseases in discharge summaries", J. Biomed. Inform. 34(5));
- ``conditional``: the offer is deferred or tied to a condition ("when conditions are met", "once
  hostilities cease", "future membership"); a trigger such as "in the event of an armed attack" is not
  a condition on the offer but its content, and does not count;
- ``discussed``: proposed, negotiated, requested or considered ("proposal", "talks", "could");
- ``offered``: otherwise (given, signed, pledged, delivered).

An instrument found in a text takes the most committed status among its hits, in the order offered >
conditional > refused > discussed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pactlab.digest.cues import CUES, EXCLUDE, SECURITY_CONTEXT
from pactlab.digest.sentences import Sentence
from pactlab.scenario.taxonomy import InstrumentKind as K

__all__ = [
    "IMPLIED",
    "STATUSES",
    "WEAPON_KINDS",
    "InstrumentHit",
    "best_status",
    "match_instruments",
    "negated",
    "status_of",
]

STATUSES = ("offered", "conditional", "refused", "discussed")
"""Instrument statuses, most committed first."""


@dataclass(frozen=True, slots=True)
class InstrumentHit:
    """One sentence's evidence for one instrument kind: where the cue is, which cue, what status."""

    kind: K
    sentence: int
    start: int
    end: int
    status: str
    cue: str
    method: str = "lexical"

    @property
    def negated(self) -> bool:
        """Whether the instrument is refused in this sentence."""
        return self.status == "refused"


_NEGATION = re.compile(
    r"\b(?:will not|won['’]t|would not|wouldn['’]t|shall not|does not|do not|did not|didn['’]t"
    r"|cannot|can['’]t|not to|no longer|never|refus\w+|declin\w+ to|rul\w+ out|rejects?|rejected"
    r"|oppos\w+|against (?:sending|delivering|providing)|no (?:plans?|intention) to|halt\w*|suspend\w*"
    r"|paus\w+|stop\w* (?:sending|delivering|providing)|limits in|refrain\w*|resolve not|cut off"
    r"|froze|frozen|freez\w+|blocks?|blocked|not (?:yet )?(?:ready|realistic|a realistic)|stalled"
    r"|reluctan\w+|abandon\w*|cancel\w*|without)\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:]|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b|\binstead\b", re.IGNORECASE)
_CONDITION = re.compile(
    r"\b(?:when (?:\w+ )?(?:allies agree|conditions are met|all current members agree)|conditions are met"
    r"|will become a member|end before|before \w+ (?:could|can) be invited"
    r"|once (?:a |the )?(?:ceasefire|hostilities|fighting|peace"
    r"|the war)|(?<!even )after (?:the )?(?:war|hostilities"
    r"|fighting|a ceasefire|a peace)|hostilities (?:cease|end)|following the cessation|future (?:\w+ )?"
    r"member(?:ship)?|eventual (?:\w+ )?membership|bridge to|irreversible path|path to (?:\w+ )?membership"
    r"|only when|can only join|until (?:the )?(?:war|Russia)|depends on a ceasefire|in the event of a"
    r" (?:peace|ceasefire)|in the event of a peace deal|would only|on condition|subject to|provided that"
    r"|once in effect|after ratification|if (?:approved|ratified))\b",
    re.IGNORECASE,
)
_DISCUSSED = re.compile(
    r"\b(?:propos\w+|negotiat\w+|talks?|discuss\w*|consider\w*|could|might|may|would|request\w*"
    r"|call\w* for|urg\w+|asks?|asked|aims? to|seeks?|sought|hop\w+|debat\w+|recommend\w*|plans?"
    r"|envisag\w+|on the table|options?|desire|pleading|pushing|push for|moving closer|expected to"
    r"|will (?:begin|announce|unveil)|to begin|wants|insist\w*|should|need\w*|requires?)\b",
    re.IGNORECASE,
)
_RANK = {status: rank for rank, status in enumerate(STATUSES)}
WEAPON_KINDS = frozenset({K.LONG_RANGE_STRIKE, K.AIR_DEFENCE, K.AMMUNITION})
"""Kinds that are weapons: a transfer of one is also an arms delivery, with the same status."""
IMPLIED = "arms_deliveries/implied"
"""The cue name of an arms delivery implied by a weapon kind."""


def _clause_before(text: str, cue_start: int) -> str:
    before = text[:cue_start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    return before[breaks[-1].end() :] if breaks else before


def negated(text: str, cue_start: int) -> bool:
    """Whether a negation or refusal governs the cue starting at ``cue_start`` within its clause.

    Examples
    --------
    >>> negated("Berlin will not send Taurus missiles.", 21)
    True
    >>> negated("Berlin will send Taurus missiles, not tanks.", 17)
    False
    """
    return _NEGATION.search(_clause_before(text, cue_start)[-70:]) is not None


def status_of(text: str, start: int, end: int, kind: K) -> str:
    """The status of the instrument cue at ``text[start:end]`` (see the module docstring).

    Examples
    --------
    >>> status_of("Scholz refuses to provide Taurus missiles.", 26, 32, K.LONG_RANGE_STRIKE)
    'refused'
    >>> status_of("A force will deploy once hostilities cease.", 2, 7, K.POST_HOSTILITIES_GUARANTEE)
    'conditional'
    """
    clause = _clause_before(text, start)[-70:]
    window = text[max(0, start - 60) : end + 50]
    if _CONDITION.search(window):
        return "conditional"
    for refusal in _NEGATION.finditer(clause):
        word = refusal.group(0).lower()
        if word.startswith(("fro", "free")) and "asset" in text[refusal.end() : refusal.end() + 40]:
            continue  # "frozen Russian assets" is a sanction in force, not a refusal
        if kind is K.SANCTIONS and word.startswith(("fro", "free", "block")):
            continue
        return "refused"
    if _DISCUSSED.search(clause) or _DISCUSSED.search(text[end : end + 40]):
        return "discussed"
    return "offered"


def best_status(statuses: Iterable[str]) -> str:
    """The most committed of ``statuses`` (offered > conditional > refused > discussed)."""
    return min(statuses, key=lambda s: _RANK[s])


def about_security(text: str) -> bool:
    """Whether a text speaks of security at all (see :data:`pactlab.digest.cues.SECURITY_CONTEXT`)."""
    return SECURITY_CONTEXT.search(text) is not None


def match_instruments(
    sentences: Sequence[Sentence], *, disabled: frozenset[str] = frozenset()
) -> list[InstrumentHit]:
    """All lexical hits, one per (sentence, kind), the first enabled cue in the sentence winning.

    Parameters
    ----------
    sentences : sequence of Sentence
        The text's sentences.
    disabled : frozenset of str
        Cue names switched off (the fitted cue filter of :mod:`pactlab.digest.model`).
    """
    hits: list[InstrumentHit] = []
    if not about_security(" ".join(s.text for s in sentences)):
        return hits
    for sentence in sentences:
        if sentence.heading:
            continue
        seen: set[K] = set()
        for cue in CUES:
            if cue.kind in seen or cue.name in disabled:
                continue
            match = cue.pattern.search(sentence.text)
            if match is None:
                continue
            exclusion = EXCLUDE.get(cue.kind)
            if exclusion is not None and exclusion.search(sentence.text):
                continue
            seen.add(cue.kind)
            status = status_of(sentence.text, match.start(), match.end(), cue.kind)
            hits.append(InstrumentHit(cue.kind, sentence.index, match.start(), match.end(), status, cue.name))
        implied = [h for h in hits if h.sentence == sentence.index and h.kind in WEAPON_KINDS]
        if implied and K.ARMS_DELIVERIES not in seen and IMPLIED not in disabled:
            first = implied[0]
            hits.append(
                InstrumentHit(
                    K.ARMS_DELIVERIES, first.sentence, first.start, first.end, first.status, IMPLIED
                )
            )
    return hits

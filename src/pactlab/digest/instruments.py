"""Lexical matching of sentences onto the instrument taxonomy, with negation and hard-case rules.

Each :class:`~pactlab.scenario.taxonomy.InstrumentKind` has cue patterns with a weight (how sure one
cue makes us). A sentence's cue is dropped when an exclusion rule for that kind fires (e.g.
"end-use monitoring" is accounting for delivered weapons, not a monitoring mission; a mutual-defence
clause that comes only with later membership is no collective-defence clause; a promise to "consult"
is never one), and marked negated when a negation ("will not send", "refused to", "ruled out") governs
it within its clause, in the spirit of NegEx (Chapman et al. 2001, "A simple algorithm for identifying
negated findings and diseases in discharge summaries", J. Biomed. Inform. 34(5)).

An instrument is found when at least one non-negated cue matched; its score combines the weights of
its evidence sentences by noisy-or, ``1 - prod(1 - w)``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pactlab.digest.sentences import Sentence
from pactlab.scenario.taxonomy import InstrumentKind as K

__all__ = ["CUES", "Cue", "InstrumentHit", "match_instruments", "negated"]

_H = r"[\s\-‐‑‒–—]"  # space or any hyphen/dash (the article uses non-breaking hyphens)
_S = r"(?:[^.;]|\.(?!\s))"  # any character within the sentence clause (dots in "U.S." and "1.7" allowed)


@dataclass(frozen=True, slots=True)
class Cue:
    """A lexical cue for one instrument kind."""

    kind: K
    pattern: re.Pattern[str]
    weight: float


@dataclass(frozen=True, slots=True)
class InstrumentHit:
    """One sentence's evidence for one instrument kind."""

    kind: K
    sentence: int
    start: int
    end: int
    weight: float
    negated: bool
    method: str = "lexical"


def _c(kind: K, weight: float, *patterns: str) -> list[Cue]:
    return [Cue(kind, re.compile(p, re.IGNORECASE), weight) for p in patterns]


_ARMS = (
    r"arms|weapons?|weaponry|tanks|artillery|armou?red vehicles|military equipment|fighter jets"
    r"|F-16s?|howitzers|javelins?|lethal (?:aid|weapons)|missiles?|drones"
)
CUES: tuple[Cue, ...] = tuple(
    _c(
        K.ARMS_DELIVERIES,
        0.8,
        rf"\b(?:deliver(?:y|ies|ed|ing)?|suppl(?:y|ies|ied|ying)|provi(?:de|ded|des|sion|ding)|send(?:ing|s)?"
        rf"|sent|transfer(?:s|red|ring)?|ship(?:ped|ping|ments?)?|giv(?:e|en|es|ing)|gave|donat\w+)\b"
        rf"(?:{_S}{{0,60}}?)\b(?:{_ARMS})\b",
        r"\b(?:arms|weapons?)\s+(?:transfers?|deliveries|supplies|shipments|packages?)\b",
        rf"\b(?:{_ARMS})\b{_S}{{0,50}}\b(?:sent|delivered|supplied|given|provided)\s+to\b",
        r"\bmilitary (?:aid|assistance)\b",
        r"\bsecurity assistance\b",
        r"\bmodern military equipment\b",
    )
    + _c(
        K.LONG_RANGE_STRIKE,
        0.8,
        rf"\blong{_H}range{_H}+(?:systems?|missiles?|fires|strike|weapons|capabilit\w+|rockets?"
        rf"|artillery|precision)",
        r"\b(?:ATACMS|Storm Shadow|SCALP|Taurus|Tomahawks?|cruise missiles)\b",
        rf"\bdeep{_H}strike\b",
        r"\badvanced missiles\b(?:[^.;]|\.(?!\s)){0,40}\breach\b",
    )
    + _c(
        K.AIR_DEFENCE,
        0.8,
        rf"\b(?:air|missile){_H}defen[cs]e\b",
        rf"\banti{_H}aircraft\b",
        r"\b(?:Patriot|IRIS-T|NASAMS|Stingers?|SAMP/T)\b",
        rf"\bsurface{_H}to{_H}air\b",
    )
    + _c(
        K.AMMUNITION,
        0.8,
        r"\bammunition\b",
        r"\bmunitions\b",
        r"\bartillery (?:shells|rounds)\b",
        r"\b155\s?mm\b",
        r"\bshells\b",
    )
    + _c(
        K.INTELLIGENCE_SHARING,
        0.8,
        r"\bintelligence[\s-](?:sharing|support|cooperation|co-operation|exchange)",
        r"\bshar\w+ (?:of )?intelligence\b",
        r"\b(?:cooperation|co-operation) (?:in|on) intelligence\b",
    )
    + _c(
        K.JOINT_EXERCISES,
        0.8,
        r"\b(?:joint|military|multinational|combined|naval|training|allied) (?:military )?exercises?\b",
        r"\bexercises? (?:with|alongside) (?:allied|NATO|Ukrainian|partner)",
    )
    + _c(
        K.JOINT_PROCUREMENT,
        0.8,
        r"\b(?:joint|common|collective|pooled) (?:procurement|purchas\w+|acquisition)\b",
        r"\bprocurement (?:programs?|programmes?|initiatives?|schemes?)\b",
        r"\bparticipat\w+ in\b(?:[^.;]|\.(?!\s)){0,30}\bprocurement\b",
    )
    + _c(
        K.COUNCIL_GUEST,
        0.8,
        r"\bguest\b(?:[^.;]|\.(?!\s)){0,10}$|\bcouncil\b(?:[^.;]|\.(?!\s)){0,60}\bguest\b|\bguest\b(?:[^.;]|\.(?!\s)){0,60}\bcouncil\b",
        rf"\bnon{_H}voting (?:participant|member|seat|status|participation|observer)",
        rf"\bNATO{_H}Ukraine Council\b",
        r"\bobserver status\b",
    )
    + _c(
        K.BILATERAL_SECURITY_AGREEMENT,
        0.8,
        r"\bbilateral\b(?:[^.;]|\.(?!\s)){0,30}\b(?:security|defen[cs]e|military)\b(?:[^.;]|\.(?!\s)){0,20}"
        r"\b(?:agreements?|commitments?|arrangements?|guarantees?|pacts?|treat(?:y|ies)|cooperation"
        r"|co-operation)\b",
        r"\bsecurity (?:cooperation|co-operation) agreement\b",
        r"\bbilateral (?:agreements?|arrangements?|commitments?)\b",
    )
    + _c(
        K.COLLECTIVE_DEFENCE_CLAUSE,
        0.8,
        r"\bArticle\s*5\b(?!\d)",
        rf"\battack (?:against|on) (?:one|any)\b{_S}{{0,80}}\battack (?:against|on) (?:them )?all\b",
        rf"\b(?:collective|mutual){_H}(?:self{_H})?(?:defen[cs]e|assistance) "
        r"(?:clause|commitment|guarantee|obligation|pact)",
        r"\bwill assist the (?:Party|Parties|state|country)\b",
        r"\bcome to (?:its|the|their) (?:aid|defen[cs]e)\b",
    )
    + _c(
        K.POST_HOSTILITIES_GUARANTEE,
        0.8,
        rf"\b(?:guarantees?|assurances?|commitments?)\b{_S}{{0,80}}\b(?:beyond|after) the (?:formal )?"
        r"end of (?:active )?(?:hostilities|the war|the fighting|fighting|the conflict)",
        rf"\bpost{_H}(?:conflict|war|hostilities|ceasefire|settlement)\b{_S}{{0,30}}"
        r"\b(?:security|guarantees?|architecture|stability|force|arrangements?)\b",
        r"\breassurance force\b",
        rf"\b(?:after|once) (?:a|the) (?:ceasefire|peace (?:deal|agreement|settlement))\b{_S}{{0,60}}"
        r"\b(?:guarantees?|force|security)\b",
    )
    + _c(
        K.MONITORING_MISSION,
        0.8,
        r"\b(?:monitoring|observer|verification|observation) mission\b",
        r"\b(?:ceasefire|truce|armistice) (?:monitor\w*|verification|observers?)\b",
        r"\b(?:international|civilian|unarmed) (?:monitors|observers)\b",
    )
    + _c(
        K.SANCTIONS,
        0.8,
        r"\bsanctions?\b(?! club)",
        r"\brestrictive measures\b",
        r"\b(?:export|import) (?:bans?|controls?|restrictions?)\b",
        r"\basset freezes?\b",
        r"\boil price cap\b",
        r"\bimpose economic (?:and other )?costs on\b",
    )
    + _c(
        K.FINANCIAL_AID,
        0.8,
        r"\b(?:financial|budget(?:ary)?|economic|macro-?financial) (?:support|aid|assistance)\b",
        r"\bgrants? and (?:\w+ )?loans?\b|\bloans? and grants?\b",
        r"\b(?:total )?budget of [€$£]",
    )
)

# A cue is dropped when one of its kind's exclusions matches the sentence.
_EXCLUDE: dict[K, re.Pattern[str]] = {
    K.MONITORING_MISSION: re.compile(rf"\bend{_H}use monitoring\b", re.IGNORECASE),
    K.COLLECTIVE_DEFENCE_CLAUSE: re.compile(
        r"\b(?:future (?:EU |NATO )?member|once (?:it|Ukraine) (?:is|becomes) a member|when .{0,30}"
        r"join|upon accession|after accession|path to (?:EU |NATO )?membership)\b",
        re.IGNORECASE,
    ),
    K.ARMS_DELIVERIES: re.compile(r"\bnon[\s-]lethal (?:assistance|aid)\b", re.IGNORECASE),
    K.JOINT_EXERCISES: re.compile(
        r"\b(?:knees?|hips?|shoulders?|ankles?|elbows?|physio\w*|muscles?"
        r"|arthritis|stretch\w*|workout)\b",
        re.IGNORECASE,
    ),
}
_NEGATION = re.compile(
    r"\b(?:will not|won['’]t|would not|wouldn['’]t|shall not|does not|do not|did not|didn['’]t"
    r"|cannot|can['’]t|not to|no longer|never|refus\w+ to|declin\w+ to|rul\w+ out|rejects?|rejected"
    r"|oppos\w+|against (?:sending|delivering|providing)|no (?:plans?|intention) to|halt\w*|suspend\w*"
    r"|stop\w* (?:sending|delivering|providing))\b",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:]|\bbut\b|\bwhile\b|\bwhereas\b|\bhowever\b", re.IGNORECASE)


def negated(text: str, cue_start: int) -> bool:
    """Whether a negation governs the cue starting at ``cue_start`` within its clause.

    Examples
    --------
    >>> negated("Berlin will not send Taurus missiles.", 21)
    True
    >>> negated("Berlin will send Taurus missiles, not tanks.", 17)
    False
    """
    before = text[:cue_start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return _NEGATION.search(clause[-60:]) is not None


def match_instruments(sentences: Sequence[Sentence]) -> list[InstrumentHit]:
    """All lexical instrument hits, one per (sentence, kind), the first cue in the sentence winning."""
    hits: list[InstrumentHit] = []
    for sentence in sentences:
        if sentence.heading:
            continue
        seen: set[K] = set()
        for cue in CUES:
            if cue.kind in seen:
                continue
            match = cue.pattern.search(sentence.text)
            if match is None:
                continue
            exclusion = _EXCLUDE.get(cue.kind)
            if exclusion is not None and exclusion.search(sentence.text):
                continue
            seen.add(cue.kind)
            hits.append(
                InstrumentHit(
                    cue.kind,
                    sentence.index,
                    match.start(),
                    match.end(),
                    cue.weight,
                    negated(sentence.text, match.start()),
                )
            )
    return hits

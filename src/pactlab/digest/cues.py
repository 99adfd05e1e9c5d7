"""The lexical cues of the instrument matcher: one table of named patterns per instrument kind.

Each cue has a name (``kind/number``) so that the fitted cue filter (:mod:`pactlab.digest.model`) can
switch off a cue that proves unreliable on training texts. The cues were written from the taxonomy's
definitions (``docs/digest.md``), the earlier corpus and the paraphrases quoted in issue 15 ("hold Russian
sovereign assets immobilized", "price restrictions on Russian energy", "support for the defence budget",
"funding for arms procurement", "use of US intelligence and logistics capabilities", "access to defence
stockpiles", "security structure including guarantees for Ukraine"); the development set's figures in
the closing note say how they fare on texts they were not written from.

A text is only read for instruments when it speaks of security at all (:data:`SECURITY_CONTEXT`): a page
on loan guarantees, product warranties, stadium security or sports sanctions has no war, army, alliance,
weapon or aggression in it, and gets no instrument tag (Kohlschütter-style topic gating rather than a
list of every non-security sense of "guarantee").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pactlab.scenario.taxonomy import InstrumentKind as K

__all__ = ["CUES", "EXCLUDE", "SECURITY_CONTEXT", "Cue"]

_H = r"[\s\-‐‑‒–—]"  # space or any hyphen/dash (the source article uses non-breaking hyphens)
_S = r"(?:[^.;]|\.(?!\s))"  # any character within the clause (dots in "U.S." and "1.7" allowed)
_GIVE = (
    r"(?:deliver(?:y|ies|ed|ing|s)?|suppl(?:y|ies|ied|ying)|provi(?:de|ded|des|sion|ding)|send(?:ing|s)?"
    r"|sent|transfer(?:s|red|ring)?|ship(?:ped|ping|ments?)?|giv(?:e|en|es|ing)|gave|donat\w+|pledg\w+"
    r"|sell(?:s|ing)?|sold|sales?|receiv\w+|arriv\w+|hand(?:ed|ing)? over|allocat\w+)"
)
_ARMS = (
    r"arms|weapons?|weaponry|tanks|artillery|armou?red (?:vehicles|fighting vehicles)|military equipment"
    r"|fighter jets|jets|F-16s?|F-35s?|howitzers|javelins?|lethal (?:aid|weapons|arms)|missiles?|drones"
    r"|submarines|launchers|materiel|combat aircraft|aircraft|warships|rifles"
)


@dataclass(frozen=True, slots=True)
class Cue:
    """A named lexical cue for one instrument kind."""

    name: str
    kind: K
    pattern: re.Pattern[str]


def _cues(kind: K, *patterns: str) -> list[Cue]:
    return [Cue(f"{kind.value}/{i}", kind, re.compile(p, re.IGNORECASE)) for i, p in enumerate(patterns, 1)]


CUES: tuple[Cue, ...] = tuple(
    _cues(
        K.ARMS_DELIVERIES,
        rf"\b{_GIVE}\b{_S}{{0,60}}?(?<!non-)(?<!non )\b(?:{_ARMS})\b",
        rf"(?<!non-)(?<!non )\b(?:{_ARMS})\b{_S}{{0,50}}\b(?:sent"
        rf"|delivered|supplied|given|provided|transferred"
        r"|arrived|received)\b",
        r"\b(?:arms|weapons?)\s+(?:transfers?|deliveries|supplies|shipments|packages?|sales?|supplier)\b",
        r"\b(?:military|defen[cs]e) (?:aid|assistance|support|supplies|equipment|materiel)\b",
        r"\bmateri(?:el|al) (?:support|and|,)\b",
        r"\bsecurity assistance\b",
        r"\b(?:access to|tap\w*|draw\w* on|from) (?:their|its|our|the)? ?(?:own )?(?:defen[cs]e )?"
        r"(?:stocks|stockpiles|arsenals)\b",
        r"\b(?:long-term )?materiel\b",
        r"\bdrawdown\b",
    )
    + _cues(
        K.LONG_RANGE_STRIKE,
        rf"\blong{_H}range{_H}+(?:systems?|missiles?|fires|strike|weapons?|capabilit\w+|rockets?"
        rf"|artillery|precision|cruise missiles)",
        r"\b(?:ATACMS|Storm Shadows?|SCALP|Taurus|Tomahawks?)\b",
        rf"\bdeep{_H}strike\b",
        rf"\b{_GIVE}\b{_S}{{0,40}}\bcruise missiles\b",
    )
    + _cues(
        K.AIR_DEFENCE,
        rf"\b(?:air|missile|air{_H}and{_H}missile){_H}defen[cs]e\b",
        rf"\banti{_H}aircraft\b",
        r"\b(?:Patriots?|IRIS-T|NASAMS|Stingers?|SAMP/T|Iron Dome|David's Sling|Avengers?|Gepards?)\b",
        rf"\bsurface{_H}to{_H}air\b",
        r"\bsky protection\b|\bclose the sky\b",
    )
    + _cues(
        K.AMMUNITION,
        r"\bammunition\b",
        r"\bmunitions\b",
        r"\b(?:artillery )?(?:shells|rounds)\b",
        r"\b155\s?-?mm\b|\b155-millimet(?:er|re)\b",
    )
    + _cues(
        K.INTELLIGENCE_SHARING,
        r"\bintelligence[\s-](?:sharing|support|cooperation|co-operation|exchange|data|channels|aid)",
        r"\bshar\w+ (?:of )?intelligence\b",
        r"\b(?:cooperation|co-operation) (?:in|on) intelligence\b",
        r"\b(?:use|flow|provision) of (?:\w+ ){0,2}intelligence\b",
        rf"\b(?:provide|providing|provision of|support|share)\b{_S}{{0,60}}\bintelligence\b",
        r"\bintelligence (?:and|,) (?:logistics|surveillance|reconnaissance|security)\b",
        r"\bintelligence front\b",
    )
    + _cues(
        K.JOINT_EXERCISES,
        r"\b(?:joint|military|multinational|combined|naval|training|allied|air) (?:military )?"
        r"(?:exercises?|drills?)\b",
        r"\bexercises? (?:with|alongside) (?:allied|NATO|Ukrainian|partner)",
        r"\b(?:training (?:and|,) (?:advising|advisory|training exercises|exercises|consulting)"
        r"|military (?:assistance|equipment|aid) and training|equipment and training|combat training)\b",
        r"\btrain(?:ing)? (?:of |for )?(?:the )?(?:Ukrainian|\w+ian|its|their) (?:forces|troops|soldiers"
        r"|pilots|armed forces|military)\b",
        r"\btraining missions?\b",
    )
    + _cues(
        K.JOINT_PROCUREMENT,
        r"\b(?:joint|common|collective|pooled) (?:procurement|purchas\w+|acquisition|orders?)\b",
        r"\bjointly (?:procur\w+|purchas\w+|buy\w*|order\w*|acquir\w+)\b",
        r"\bprocurement (?:programs?|programmes?|initiatives?|schemes?)\b",
        r"\b(?:buy\w*|purchas\w+|order\w*) (?:\w+ ){0,3}together\b|\bclub together\b",
    )
    + _cues(
        K.COUNCIL_GUEST,
        r"\bcouncil\b(?:[^.;]|\.(?!\s)){0,60}\bguest\b|\bguest\b(?:[^.;]|\.(?!\s)){0,60}\bcouncil\b",
        rf"\bnon{_H}voting (?:participant|member|seat|status|participation|observer)",
        rf"\bNATO{_H}Ukraine Council\b",
        r"\bobserver status\b",
    )
    + _cues(
        K.BILATERAL_SECURITY_AGREEMENT,
        rf"\bbilateral\b{_S}{{0,30}}\b(?:security|defen[cs]e|military)\b{_S}{{0,20}}"
        r"\b(?:agreements?|commitments?|arrangements?|guarantees?|pacts?|treat(?:y|ies)|cooperation"
        r"|co-operation|assurances?)\b",
        r"\bsecurity (?:cooperation|co-operation) agreement\b",
        r"\bbilateral (?:agreements?|arrangements?|commitments?|summit)\b",
        r"\b(?:security|defen[cs]e|military|troop access"
        r"|reciprocal access) (?:agreements?|pacts?|accords?|deal"
        r"|treat(?:y|ies)|commitments?)\b",
        r"\b(?:Reciprocal Access Agreement|Mutual Defen[cs]e Treaty|Washington Declaration|RAA)\b",
        r"\bmemorand(?:um|a) of understanding\b|\bMoU\b",
    )
    + _cues(
        K.COLLECTIVE_DEFENCE_CLAUSE,
        r"\bArticle\s*(?:5|Five)\b(?!\d)",
        rf"\battack (?:against|on) (?:one|any)\b{_S}{{0,80}}\battack (?:against|on) (?:them )?all\b",
        rf"\b(?:collective|mutual){_H}(?:self{_H})?(?:defen[cs]e|assistance|security) "
        r"(?:clause|commitment|guarantee|obligation|pact|pledge|treaty)",
        r"\bwill assist the (?:Party|Parties|state|country)\b",
        r"\bcome to (?:its|the|their) (?:aid|defen[cs]e)\b|\bentire force of the alliance\b",
        r"\b(?:NATO|Alliance|alliance)(?:'s)? membership\b|\bmembership (?:\w+ ){0,3}(?:in|of) (?:NATO|the "
        r"(?:NATO )?[Aa]lliance)\b|\bjoin (?:NATO|the [Aa]lliance)\b|\binvit\w+ (?:to )?(?:\w+ )?to join\b"
        r"|\bmembership invitation\b|\bbe invited to join\b"
        r"|\baccession to NATO\b|\b(?:31st|32nd|newest) member\b",
    )
    + _cues(
        K.POST_HOSTILITIES_GUARANTEE,
        rf"\b(?:guarantees?|assurances?|commitments?"
        rf"|help)\b{_S}{{0,80}}\b(?:beyond|after) (?:the )?(?:formal )?"
        r"end of (?:active )?(?:hostilities|the war|the fighting|fighting|the conflict)",
        rf"\bpost{_H}(?:conflict|war|hostilities|ceasefire|settlement)\b{_S}{{0,30}}"
        r"\b(?:security|guarantees?|architecture|stability|force|arrangements?|period)\b",
        r"\b(?:reassurance|multinational|peacekeeping|stabili[sz]ation) (?:forces?|missions?|troops)\b"
        r"|\bMultinational Force Ukraine\b",
        rf"\b(?:after|once|following) (?:a|the|any) (?:ceasefire"
        rf"|cessation|peace (?:deal|agreement|settlement))"
        rf"\b{_S}{{0,60}}\b(?:guarantees?|force|security|troops)\b",
        rf"\b(?:guarantees?|force|security|troops|mission)\b{_S}{{0,80}}\b(?:once|after|following|when) "
        r"(?:the )?(?:hostilities|fighting|war|the war) (?:cease|end|ends|stop|stops|is over)",
        rf"\bsecurity (?:structure|architecture|framework)\b{_S}{{0,40}}\bguarantees?\b",
        r"\b(?:police|secure|guarantee|monitor) (?:a|any|the) (?:peace|ceasefire) (?:agreement|deal)\b"
        r"|\bboth during the war and after\b|\bin the event of a (?:peace deal|ceasefire)\b",
        rf"\bsecurity guarantees?\b{_S}{{0,60}}\b(?:settlement|peace deal|ceasefire|after the war)\b"
        rf"|\b(?:settlement|peace deal|ceasefire)\b{_S}{{0,40}}\bsecurity guarantees?\b",
    )
    + _cues(
        K.MONITORING_MISSION,
        r"\b(?:monitoring|observer|verification|observation|civilian) (?:mission|capacity)\b",
        r"\b(?:ceasefire|truce|armistice) (?:monitor\w*|verification|observers?)\b",
        r"\b(?:international|civilian|unarmed|EU) (?:monitors|observers|monitoring experts)\b",
        r"\bmonitoring (?:and|,) verification\b",
    )
    + _cues(
        K.SANCTIONS,
        r"\bsanction(?:s|ed|ing)?\b(?! club)",
        r"\brestrictive measures\b",
        r"\b(?:export|import) (?:bans?|controls?|restrictions?)\b",
        r"\b(?:asset|assets) (?:freezes?|frozen)\b|\bfrozen (?:\w+ ){0,2}assets\b|\bfreez\w+ (?:\w+ ){0,3}"
        r"assets\b",
        r"\bimmobili[sz]\w*\b",
        r"\b(?:oil )?price (?:cap|ceiling|restrictions?)\b(?:[^.;]|\.(?!\s)){0,40}\b(?:oil|crude|energy"
        r"|gas|petroleum)\b|\b(?:oil|crude|energy|gas) price (?:cap|ceiling)\b",
        r"\bimpose economic (?:and other )?costs on\b",
        r"\bblacklist\w*\b|\bembargo\w*\b|\bfrom (?:the )?SWIFT\b|\bshadow fleet\b",
    )
    + _cues(
        K.FINANCIAL_AID,
        r"\b(?:financial|budget(?:ary)?|economic|macro-?financial|fiscal) (?:support|aid|assistance)\b",
        r"\bgrants? and (?:\w+ )?loans?\b|\bloans? and grants?\b",
        r"\b(?:total )?budget of [€$£]",
        r"\b(?:support|funding|financing|funds?) for (?:the "
        r"|its |their |\w+'s )?(?:defen[cs]e |state |national )?"
        r"budget\b",
        r"\b(?:funding|financing|funds?|money) (?:for|of) (?:\w+ ){0,2}(?:arms|weapons?|defen[cs]e) "
        r"(?:procurement|purchases?|industry)\b",
        r"\b(?:[$€£]\s?\d[\d.,]*|\d[\d.,]* (?:billion|bn|million)) (?:\w+ ){0,3}loans?\b",
        r"\bloans? (?:to|for) (?:Ukraine|Kyiv|Kiev|the government|the country|[A-Z]\w+'s government)\b",
        r"\b(?:minimum baseline )?funding of [€$£]|\bfinancing"
        r" of new\b|\bfinancial and military assistance\b",
        r"\bmacro-?financial\b|\breceive (?:funds|funding|financing)\b|\bAssistance Fund\b",
        r"\b(?:funding|financing|funds?) (?:for|of) (?:\w+ ){0,2}(?:missile |air )?defen[cs]e\b",
    )
)

# A cue is dropped when one of its kind's exclusions matches the sentence.
EXCLUDE: dict[K, re.Pattern[str]] = {
    K.MONITORING_MISSION: re.compile(rf"\bend{_H}use monitoring\b", re.IGNORECASE),
    K.COLLECTIVE_DEFENCE_CLAUSE: re.compile(r"\bCollective Security Treaty Organi[sz]ation\b|\bCSTO\b"),
    K.ARMS_DELIVERIES: re.compile(
        r"\bnon[\s-]lethal (?:assistance|aid|equipment)\b|\bRussian (?:cruise )?missiles\b|\bg(?:a|i)ve up\b"
        r"|\bgiving up\b|\bhelmets\b|\bblankets\b|\btents\b"
        r"|\bmissile attacks\b|\battacks? (?:by|with) (?:Russian )?(?:missiles|drones)\b",
        re.IGNORECASE,
    ),
    K.JOINT_EXERCISES: re.compile(
        r"\b(?:knees?|hips?|shoulders?|ankles?|elbows?|physio\w*|muscles?|arthritis|stretch\w*|workout"
        r"|emergency services|fire (?:service|and rescue)|ambulance|paramedics)\b",
        re.IGNORECASE,
    ),
    K.INTELLIGENCE_SHARING: re.compile(
        r"\b(?:threat intelligence|cyber|business intelligence|artificial intelligence)\b", re.IGNORECASE
    ),
    K.SANCTIONS: re.compile(
        r"\b(?:doping|athletes?|clubs?|players?|disciplinary|fines?|UEFA|FIFA|match(?:es)?)\b", re.IGNORECASE
    ),
    K.AMMUNITION: re.compile(r"\b(?:eggs?|sea ?shells|shellfish|rounds of (?:talks|golf|negotiations))\b"),
}

SECURITY_CONTEXT = re.compile(
    r"\b(?:war|wars|military|militar\w+|armed forces|army|armies|troops|soldiers|navy|naval|air force"
    r"|defen[cs]e (?:minist\w+|secretary|forces|industr\w+|cooperation|pact|agreement|needs|budget)"
    r"|defen[cs]e ministers?|invasion|invaded|aggression|aggressor|ceasefire|hostilities|alliance|allies"
    r"|NATO|weapons?|missiles?|arms|ammunition|artillery|deterrence|deterring|nuclear|tanks|howitzers"
    r"|(?:air|missile) defen[cs]e|shar\w+ intelligence"
    r"|intelligence[- ]sharing|armed (?:attack|force|conflict)"
    r"|(?:collective|self|mutual)[- ]defen[cs]e"
    r"|sanctions? (?:against|on) (?:[A-Z]\w+|the [A-Z]\w+)"
    r"|security (?:guarantees?|assurances?|agreements?|assistance|commitments?|council|policy|situation"
    r"|provider)|peace and security|conflicts?|fighting|offensive|peace (?:deal|talks"
    r"|agreement|process|negotiations))\b",
    re.IGNORECASE,
)
"""A text without any of these words is not about security, and gets no instrument tag."""

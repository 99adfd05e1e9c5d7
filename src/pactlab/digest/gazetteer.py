"""An actor gazetteer: states, alliances, coalitions, organisations and persons, resolved to actor ids.

States come from ISO 3166-1 through pycountry (ids are the lower-case alpha-3 codes: ``usa``, ``deu``,
``ukr``, ``rus``); :mod:`pactlab.digest.gazetteer_data` adds short names, adjectives and demonyms,
capitals and institutions used as metonyms, organisations and coalitions (``nato``, ``eu``, ``g7``,
``osce`` for the OSCE and the CSCE, ``cotw`` for the Coalition of the Willing, ``udcg`` for the Ramstein
group) and persons, each mapped to the actor they speak for ("Zelensky" is Ukraine; the mention keeps
the person). "The alliance" and "Allies" resolve to NATO, "the Contact Group" to the Ramstein group and
"the coalition" to the Coalition of the Willing, only where the text names them.

The text is matched with line breaks read as spaces and words hyphenated across a line break joined
("European\\nUnion", "Euro-\\npean Union"); spans are those of the original text. Rules keep non-actors
out:

- a capital right after a locative preposition ("in Vienna") or before an event noun ("the Vilnius
  summit") is a place; so is a state in an address ("Sivakasi, Tamilnadu, India"), never an
  organisation ("in Vilnius on 12 July, G7 leaders");
- an adjective or demonym names the state only where it does not describe a person or a team ("the
  Austrian footballer", "the Austrian scored");
- a state named in a sentence about sport is a national team, not a state actor;
- a state name inside a longer proper name of a database, publication or institution ("Ukraine Support
  Tracker", "Kyiv Post") is not the state, nor is "Security Council" in "National Security Council".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pactlab.digest.gazetteer_data import ADJECTIVES, CAPITALS, NAMES, ORGANISATIONS, PERSONS

__all__ = ["Actor", "ActorMention", "find_actors", "gazetteer"]


@dataclass(frozen=True, slots=True)
class Actor:
    """A gazetteer entry."""

    id: str
    name: str
    kind: str  # "state" or "organisation"


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One mention of an actor: the actor id, the matched text, its span, and the person if one."""

    actor: str
    text: str
    start: int
    end: int
    person: str | None = None


_REFERENTS = {
    "nato": re.compile(r"\b(?:[Tt]he [Aa]lliance|Allies|Allied)\b"),
    "udcg": re.compile(r"\b(?:the|The) Contact Group\b"),
    "cotw": re.compile(r"\b(?:the|The) coalition\b(?! of)"),
}
_LOCATIVE = re.compile(r"(?:\b(?:in|at|near|from|into|outside|around|across|to the|based in)\s+)$")
_EVENT_NOUN = re.compile(
    r"^\s+(?:(?:NATO|EU|G7|G20|OSCE|UN)\s+)?(?:[Ss]ummit|[Cc]onference|[Ff]ormat|[Pp]rocess|[Mm]emorandum|"
    r"[Dd]eclaration|[Cc]ommuniqu[ée]|[Cc]harter|[Tt]reaty|[Aa]ir [Bb]ase|[Cc]onvention [Cc]ent(?:er|re))\b"
)
_AMBIGUOUS = frozenset({"Chad", "Jordan", "Jersey", "Guernsey", "Niger", "Georgia (state)", "Isle of Man"})
_NOT_AFTER = re.compile(r"(?:\b(?:North|South|Latin|Central)\s+)$")
_MONTHS = frozenset(
    {
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    }
)  # fmt: skip
_PERSON_NOUN = re.compile(
    r"^\s*(?:-born\b|(?:\w+\s+)?(?:footballer|player|striker|midfielder|defender|goalkeeper|forward"
    r"|winger|coach|international|team|club|athlete|tennis|skier|cyclist|boxer|driver|champion|star"
    r"|singer|actor|actress|artist|writer|novelist|composer|cuisine|food|wine|language|restaurant"
    r"|model|chef|grandmaster|swimmer|runner)s?\b)",
    re.IGNORECASE,
)
_NOMINAL_END = re.compile(r"^\s*(?:[,.;:!?)]|(?:scored|said|added|won|lost|played|joined|signed)\b)")
_SPORT = re.compile(
    r"\b(?:scored|goals?|friendly|league|stadium|penalty|equalis\w+|equaliz\w+|referee|tournament"
    r"|World Cup|Euro \d{4}|Champions League|Premier League|Bundesliga|national team|kick-off|UEFA|FIFA"
    r"|footballers?|midfielder|striker|goalkeeper|header|injury time|penalty area|sanctioned with a fine)\b"
)
_EVENT_LOCATIVE = re.compile(
    r"\b(?:summit|meeting|meetings|talks|conference|held|hosted|ceremony|visit|trip|base|headquarters"
    r"|HQ|sidelines)\s+(?:(?:held\s+)?in|at)\s+(?:southeastern\s+|northern\s+|southern\s+)?$",
    re.IGNORECASE,
)
_LONGER_NAME = re.compile(
    r"^\s+(?:Support\s+)?(?:Tracker|Database|Dataset|Index|Monitor|Institute|University|Tech|Times|Post"
    r"|News|Today|Herald|Daily|Insider|Airlines?|Telecom|Railways?|Open|Cup|Grand Prix|Pravda|Arbitration"
    r"|Association|Express|HQ|headquarters)\b"
)


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, Actor], dict[str, str]]:
    """All actors by id, and every surface form with the actor id it resolves to."""
    import pycountry

    actors: dict[str, Actor] = {}
    forms: dict[str, str] = {}
    for country in pycountry.countries:
        ident = country.alpha_3.lower()
        name = getattr(country, "common_name", None) or country.name
        actors[ident] = Actor(ident, name, "state")
        for form in {country.name, name, getattr(country, "official_name", None)}:
            if form and "," not in form and form not in _AMBIGUOUS:
                forms[form] = ident
    for table in (NAMES, ADJECTIVES, PERSONS):
        for ident, extra in table.items():
            for form in extra:
                forms[form] = ident
    for ident, display in (("usa", "United States"), ("gbr", "United Kingdom"), ("rus", "Russia")):
        actors[ident] = Actor(ident, display, "state")
    for ident, (display, extra) in ORGANISATIONS.items():
        actors[ident] = Actor(ident, display, "organisation")
        for form in extra:
            forms[form] = ident
    return actors, forms


@lru_cache(maxsize=1)
def _kinds() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    adjectives = frozenset(f for forms in ADJECTIVES.values() for f in forms)
    persons = frozenset(f for forms in PERSONS.values() for f in forms)
    organisations = frozenset(f for _, forms in ORGANISATIONS.values() for f in forms)
    return adjectives, persons, organisations


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    _, forms = gazetteer()
    alternatives = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(f) for f in alternatives)
    return re.compile(rf"(?<![\w.])(?:{body})(?:['’]s)?(?!\w|-[a-z])")


def _normalise(text: str) -> tuple[str, list[int]]:
    """The text with line breaks as spaces and end-of-line hyphens removed, and each character's origin."""
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "-" and i + 1 < n and text[i + 1] == "\n" and i > 0 and text[i - 1].isalpha():
            j = i + 2
            if j < n and text[j].islower():
                i = j  # "Euro-\npean": drop the hyphen and the line break
                continue
        out.append(" " if c in "\n\r\t" else c)
        origin.append(i)
        i += 1
    return "".join(out), origin


def _sentence_of(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start))
    right = text.find(". ", end)
    return text[left + 1 : right if right >= 0 else len(text)]


def _is_place(text: str, start: int, end: int, form: str, organisation: bool) -> bool:
    before = text[max(0, start - 40) : start]
    if _EVENT_LOCATIVE.search(before):
        return True  # "the G7 summit in Italy", "the meeting at NATO HQ"
    if form in CAPITALS:
        dateline = (start == 0 or text[start - 1] == "\n") and re.match(r"\s*[,(–—-]", text[end : end + 3])
        return bool(_LOCATIVE.search(before) or _EVENT_NOUN.match(text[end : end + 25]) or dateline)
    if organisation:
        return False
    if _NOT_AFTER.search(before):
        return True  # "North America", "North American allies"
    address = re.search(r"\b([A-Z][a-z]+),\s*$", before)  # "Sivakasi, Tamilnadu, India"
    return bool(
        address
        and (address.group(1) in CAPITALS or address.group(1) not in gazetteer()[1])
        and address.group(1) not in _MONTHS
        and re.search(r"\bin\s+[A-Z]", text[max(0, start - 60) : start]) is not None
    )


def _not_an_actor(text: str, start: int, end: int, form: str) -> bool:
    adjectives, persons, organisations = _kinds()
    if form in organisations:
        if form == "Security Council" and text[max(0, start - 9) : start] == "National ":
            return True
        return _is_place(text, start, end, form, organisation=True)
    if _is_place(text, start, end, form, organisation=False):
        return True
    after = text[end : end + 40]
    if _LONGER_NAME.match(after):
        return True
    if form in persons:
        return False
    if form in adjectives and (
        _PERSON_NOUN.match(after)
        or (text[max(0, start - 4) : start].lower() == "the " and _NOMINAL_END.match(after))
    ):
        return True
    return _SPORT.search(_sentence_of(text, start, end)) is not None


def find_actors(text: str) -> list[ActorMention]:
    """Find the actor mentions in ``text``, in order.

    Examples
    --------
    >>> [m.actor for m in find_actors("German leadership backs Kyiv; Moscow objects; staff in London.")]
    ['deu', 'ukr', 'rus']
    >>> [(m.actor, m.person) for m in find_actors("President Zelensky met the European\\nUnion.")]
    [('ukr', 'Zelensky'), ('eu', None)]
    """
    _, forms = gazetteer()
    _, persons, _ = _kinds()
    flat, origin = _normalise(text)
    mentions: list[ActorMention] = []
    for match in _pattern().finditer(flat):
        form = re.sub(r"['’]s$", "", match.group(0))
        if form not in forms:
            continue
        if form in ("US", "UN") and flat[match.end() : match.end() + 1].isalpha():
            continue
        if re.search(r"(?:^|[^\w-])[a-z]+-$", flat[max(0, match.start() - 12) : match.start()]):
            continue  # "non-Russian", "anti-American" (but "German-British", "US-Ukraine" stay)
        start, stop = match.start(), match.start() + len(form)
        if _not_an_actor(flat, start, stop, form):
            continue
        s, e = origin[match.start()], origin[match.end() - 1] + 1
        mentions.append(ActorMention(forms[form], text[s:e], s, e, form if form in persons else None))
    named = {m.actor for m in mentions}
    for ident, referent in _REFERENTS.items():
        if ident in named:
            for match in referent.finditer(flat):
                s, e = origin[match.start()], origin[match.end() - 1] + 1
                mentions.append(ActorMention(ident, text[s:e], s, e))
    mentions.sort(key=lambda m: m.start)
    return mentions

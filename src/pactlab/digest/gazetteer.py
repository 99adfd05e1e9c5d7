"""An actor gazetteer: states, alliances and organisations, resolved to pactlab actor ids.

States come from ISO 3166-1 through pycountry (ids are the lower-case alpha-3 codes: ``usa``,
``deu``, ``ukr``, ``rus``); the states analysts of European security name most often also carry short
names, adjectives and demonyms, capitals used as metonyms ("Kyiv", "Moscow", "Washington") and
institutional forms ("the Kremlin", "the Pentagon"). Organisations have short ids (``nato``, ``eu``,
``g7``, ``un``, ``osce``, ``coe``). "The alliance" and "Allies" resolve to NATO only where the text
names NATO.

Two rules keep places from passing as actors: a capital right after a locative preposition ("in
Vienna", "staff based in London") or before an event noun ("the Vilnius summit") is a place; so is a
country in an address ("Sivakasi, Tamilnadu, India").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Actor", "ActorMention", "find_actors", "gazetteer"]


@dataclass(frozen=True, slots=True)
class Actor:
    """A gazetteer entry."""

    id: str
    name: str
    kind: str  # "state" or "organisation"


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One mention of an actor: the actor id, the matched text and its character span."""

    actor: str
    text: str
    start: int
    end: int


# id: (display name, extra surface forms). Forms are matched case-sensitively as whole words.
_STATE_FORMS: dict[str, tuple[str, ...]] = {
    "usa": (
        "United States",
        "United States of America",
        "U.S.",
        "US",
        "USA",
        "U.S.A.",
        "America",
        "American",
        "Americans",
        "Washington",
        "the Pentagon",
        "Pentagon",
        "White House",
        "State Department",
        "Department of Defense",
    ),
    "gbr": (
        "United Kingdom",
        "UK",
        "U.K.",
        "Britain",
        "Great Britain",
        "British",
        "Briton",
        "London",
        "Downing Street",
        "Whitehall",
    ),
    "deu": ("Germany", "German", "Germans", "Berlin", "Bundeswehr"),
    "fra": ("France", "French", "Paris", "Élysée", "Elysee"),
    "ita": ("Italy", "Italian", "Italians", "Rome"),
    "can": ("Canada", "Canadian", "Canadians", "Ottawa"),
    "jpn": ("Japan", "Japanese", "Tokyo"),
    "rus": ("Russia", "Russian Federation", "Russian", "Russians", "Moscow", "Kremlin", "the Kremlin"),
    "ukr": ("Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev"),
    "blr": ("Belarus", "Belarusian", "Minsk"),
    "pol": ("Poland", "Polish", "Poles", "Warsaw"),
    "tur": ("Turkey", "Türkiye", "Turkish", "Ankara"),
    "chn": ("China", "Chinese", "People's Republic of China", "Beijing"),
    "irn": ("Iran", "Iranian", "Tehran"),
    "prk": ("North Korea", "North Korean", "Pyongyang", "DPRK"),
    "kor": ("South Korea", "South Korean", "Republic of Korea", "Seoul"),
    "aus": ("Australia", "Australian", "Canberra"),
    "nld": ("Netherlands", "Dutch", "The Hague"),
    "bel": ("Belgium", "Belgian"),
    "esp": ("Spain", "Spanish", "Madrid"),
    "swe": ("Sweden", "Swedish", "Stockholm"),
    "fin": ("Finland", "Finnish", "Helsinki"),
    "nor": ("Norway", "Norwegian", "Oslo"),
    "dnk": ("Denmark", "Danish", "Copenhagen"),
    "est": ("Estonia", "Estonian", "Tallinn"),
    "lva": ("Latvia", "Latvian", "Riga"),
    "ltu": ("Lithuania", "Lithuanian", "Vilnius"),
    "hun": ("Hungary", "Hungarian", "Budapest"),
    "svk": ("Slovakia", "Slovak", "Bratislava"),
    "cze": ("Czech Republic", "Czechia", "Czech", "Prague"),
    "rou": ("Romania", "Romanian", "Bucharest"),
    "bgr": ("Bulgaria", "Bulgarian", "Sofia"),
    "grc": ("Greece", "Greek", "Athens"),
    "prt": ("Portugal", "Portuguese", "Lisbon"),
    "mda": ("Moldova", "Moldovan", "Chisinau"),
    "geo": ("Georgia", "Georgian", "Tbilisi"),
    "isr": ("Israel", "Israeli", "Jerusalem"),
    "ind": ("India", "Indian", "New Delhi"),
    "aut": ("Austria", "Austrian", "Vienna"),
    "che": ("Switzerland", "Swiss", "Bern"),
}
# Capitals and seats of government: actors as metonyms, places after a locative preposition.
_CAPITALS = frozenset(
    [
        "Washington",
        "London",
        "Berlin",
        "Paris",
        "Rome",
        "Ottawa",
        "Tokyo",
        "Moscow",
        "Kyiv",
        "Kiev",
        "Minsk",
        "Warsaw",
        "Ankara",
        "Beijing",
        "Tehran",
        "Pyongyang",
        "Seoul",
        "Canberra",
        "Madrid",
        "Stockholm",
        "Helsinki",
        "Oslo",
        "Copenhagen",
        "Tallinn",
        "Riga",
        "Vilnius",
        "Budapest",
        "Bratislava",
        "Prague",
        "Bucharest",
        "Sofia",
        "Athens",
        "Lisbon",
        "Chisinau",
        "Tbilisi",
        "Jerusalem",
        "Vienna",
        "Bern",
    ]
) | {"The Hague", "New Delhi"}
_ORGANISATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "nato": (
        "NATO",
        (
            "NATO",
            "North Atlantic Treaty Organization",
            "North Atlantic Treaty Organisation",
            "North Atlantic Council",
            "OTAN",
        ),
    ),
    "eu": (
        "European Union",
        (
            "EU",
            "European Union",
            "European Commission",
            "European Council",
            "Council of the European Union",
            "Council of the EU",
            "European Parliament",
        ),
    ),
    "g7": ("G7", ("G7", "G-7", "Group of Seven")),
    "g20": ("G20", ("G20", "G-20", "Group of Twenty")),
    "un": (
        "United Nations",
        ("UN", "U.N.", "United Nations", "Security Council", "UN Security Council", "General Assembly"),
    ),
    "osce": (
        "OSCE",
        (
            "OSCE",
            "Organization for Security and Co-operation in Europe",
            "Organization for Security and Cooperation in Europe",
        ),
    ),
    "coe": ("Council of Europe", ("Council of Europe",)),
    "iaea": ("IAEA", ("IAEA", "International Atomic Energy Agency")),
    "imf": ("IMF", ("IMF", "International Monetary Fund")),
}
_ALLIANCE_FORMS = re.compile(r"\b(?:[Tt]he [Aa]lliance|Allies|Allied)\b")
_LOCATIVE = re.compile(r"(?:\b(?:in|at|near|from|into|outside|around|across|to the)\s+)$")
_EVENT_NOUN = re.compile(
    r"^\s+(?:(?:NATO|EU|G7|G20|OSCE|UN)\s+)?(?:[Ss]ummit|[Cc]onference|[Ff]ormat|[Pp]rocess|[Mm]emorandum|"
    r"[Dd]eclaration|[Cc]ommuniqu[ée]|[Cc]harter|[Tt]reaty)\b"
)
_AMBIGUOUS = frozenset({"Chad", "Jordan", "Jersey", "Guernsey", "Georgia (state)", "Niger"})
_NOT_AFTER = re.compile(r"(?:\b(?:North|South|Latin|Central)\s+)$")


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
    for ident, extra in _STATE_FORMS.items():
        for form in extra:
            forms[form] = ident
    actors["usa"] = Actor("usa", "United States", "state")
    actors["gbr"] = Actor("gbr", "United Kingdom", "state")
    actors["rus"] = Actor("rus", "Russia", "state")
    for ident, (name, extra) in _ORGANISATIONS.items():
        actors[ident] = Actor(ident, name, "organisation")
        for form in extra:
            forms[form] = ident
    return actors, forms


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    _, forms = gazetteer()
    alternatives = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(f) for f in alternatives)
    return re.compile(rf"(?<![\w.-])(?:{body})(?:['’]s)?(?![\w-])")


def _is_place(text: str, start: int, end: int, form: str) -> bool:
    before = text[max(0, start - 30) : start]
    if form in _CAPITALS:
        return bool(_LOCATIVE.search(before) or _EVENT_NOUN.match(text[end : end + 25]))
    if _NOT_AFTER.search(before):
        return True  # "North America", "North American allies"
    # an address: "Sivakasi, Tamilnadu, India"
    address = re.search(r"\b([A-Z][a-z]+),\s*$", before)
    return bool(
        address
        and address.group(1) not in gazetteer()[1]
        and re.search(r"\bin\s+[A-Z]", text[max(0, start - 60) : start]) is not None
    )


def find_actors(text: str) -> list[ActorMention]:
    """Find the actor mentions in ``text``, in order.

    Examples
    --------
    >>> [m.actor for m in find_actors("German leadership backs Kyiv; Moscow objects; staff in London.")]
    ['deu', 'ukr', 'rus']
    """
    _, forms = gazetteer()
    mentions: list[ActorMention] = []
    for match in _pattern().finditer(text):
        surface = match.group(0)
        form = re.sub(r"['’]s$", "", surface)
        if form not in forms:
            continue
        if form in ("US", "UN") and text[match.end() : match.end() + 1].isalpha():
            continue
        if _is_place(text, match.start(), match.start() + len(form), form):
            continue
        mentions.append(ActorMention(forms[form], surface, match.start(), match.end()))
    if any(m.actor == "nato" for m in mentions):
        for match in _ALLIANCE_FORMS.finditer(text):
            mentions.append(ActorMention("nato", match.group(0), match.start(), match.end()))
        mentions.sort(key=lambda m: m.start)
    return mentions

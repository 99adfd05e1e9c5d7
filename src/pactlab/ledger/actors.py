"""Mapping source names of donors and aid types onto pactlab ids.

Actor ids
---------
pactlab names a state by its ISO 3166-1 alpha-3 code in lower case ("usa", "deu", "gbr"); a state
that no longer exists by its ISO 3166-3 alpha-3 code ("sun" for the Soviet Union, "csk"
Czechoslovakia, "yug" Yugoslavia, "ddr" East Germany); and an organisation by a short lower-case id
("eu" for the EU's Commission and Council, "eu_epf" the European Peace Facility, "eu_eib" the
European Investment Bank, "nato", "un"). Names are looked up exactly (never fuzzily: a fuzzy match
sends "Kosovo" to Serbia) in pycountry's ISO 3166 table, after the explicit aliases below; any other
name (SIPRI's non-state actors, "unknown supplier(s)") becomes a slug of the name, so nothing is
silently merged.

Hand-kept ledgers (the plain CSV format and ``pactlab ledger add``) are stricter
(:func:`known_actor`): a guarantor must be an ISO 3166 country (code or name) or one of the
organisations above; anything else (``xyz``) is refused with the nearest known ids. Case never makes a
second actor (ids are lower case), and a name mixing scripts (a Cyrillic "а" among Latin letters, which
looks the same) is refused with the offending characters named (:func:`mixed_script`), in every
importer, so that a homoglyph never creates a second actor or reference.

Instruments
-----------
Source categories map onto :class:`pactlab.scenario.taxonomy.InstrumentKind` ids
(:data:`AID_TYPES`): Kiel's military aid onto ``arms_deliveries``, financial aid onto
``financial_aid``; the taxonomy has no humanitarian kind, so Kiel's humanitarian aid (non-military
support given in money or kind) also maps onto ``financial_aid`` while the record keeps ``aid_type =
"humanitarian"``. Weapon categories (PUN, SIPRI descriptions) map air-defence systems onto
``air_defence``, rocket artillery and missiles onto ``long_range_strike``, ammunition onto
``ammunition`` and the rest onto ``arms_deliveries``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from pactlab.scenario.taxonomy import InstrumentKind

__all__ = ["AID_TYPES", "actor_id", "instrument_for_weapon", "known_actor", "mixed_script"]

_ALIASES: dict[str, str] = {
    "eu": "eu",
    "eu (commission and council)": "eu",
    "european union": "eu",
    "european union**": "eu",
    "european peace facility": "eu_epf",
    "european investment bank": "eu_eib",
    "nato**": "nato",
    "nato": "nato",
    "united nations**": "un",
    "united nations": "un",
    "soviet union": "sun",
    "czechoslovakia": "csk",
    "yugoslavia": "yug",
    "east germany (gdr)": "ddr",
    "east germany": "ddr",
    "turkiye": "tur",
    "turkey": "tur",
    "russia": "rus",
    "uae": "are",
    "dr congo": "cod",
    "bosnia-herzegovina": "bih",
    "cote d'ivoire": "civ",
    "brunei": "brn",
    "north yemen": "yar",
    "south yemen": "ymd",
    "south vietnam": "vdr",
    "kosovo": "xkx",
    "uk": "gbr",
    "us": "usa",
    "usa": "usa",
}

AID_TYPES: dict[str, InstrumentKind] = {
    "military": InstrumentKind.ARMS_DELIVERIES,
    "financial": InstrumentKind.FINANCIAL_AID,
    "humanitarian": InstrumentKind.FINANCIAL_AID,
}


@lru_cache(maxsize=4096)
def actor_id(name: str) -> str:
    """The pactlab actor id of a donor, supplier or guarantor name (or ISO alpha-2/alpha-3 code)."""
    import pycountry

    key = " ".join(name.strip().lower().split())
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_3).lower()
    except LookupError:
        slug = re.sub(r"[^a-z0-9]+", "_", key).strip("_")
        return slug or "unknown"


def _script(char: str) -> str | None:
    """The script of a letter (first word of its Unicode name: LATIN, CYRILLIC, GREEK...)."""
    if not char.isalpha():
        return None
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def mixed_script(text: str) -> str | None:
    """A message when ``text`` mixes Latin letters with letters of another script, else ``None``.

    "usа" with a Cyrillic "а" (U+0430) looks like "usa" but is another string: such an id would
    silently create a second actor or reference (Unicode TR 39, mixed-script confusables).
    """
    scripts = {s for s in map(_script, text) if s is not None}
    if "LATIN" not in scripts or len(scripts) == 1:
        return None
    odd = [c for c in text if _script(c) not in (None, "LATIN")]
    names = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in dict.fromkeys(odd))
    return f"{text!r} mixes Latin letters with look-alike letters of another script: {names}"


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    """Known actor ids and names (lower case) -> actor id."""
    import pycountry

    out = {alias: gid for alias, gid in _ALIASES.items()}
    out.update({gid: gid for gid in _ALIASES.values()})
    for country in pycountry.countries:
        gid = str(country.alpha_3).lower()
        for name in (country.alpha_3, country.alpha_2, country.name, getattr(country, "common_name", "")):
            if name:
                out[" ".join(str(name).lower().split())] = gid
    return out


def known_actor(name: str) -> tuple[str | None, str | None]:
    """``(actor id, None)`` for a known guarantor, or ``(None, message)`` with suggestions."""
    odd = mixed_script(name)
    if odd:
        return None, odd
    key = " ".join(unicodedata.normalize("NFKC", name).strip().lower().split())
    known = _known()
    if key in known:
        return known[key], None
    gid = actor_id(key)  # pycountry's lookup also knows official names ("Federal Republic of ...")
    if gid in _iso3():
        return gid, None
    near = difflib.get_close_matches(key, list(known), n=4, cutoff=0.7)
    ids = list(dict.fromkeys(known[n] for n in near))
    hint = f"; did you mean {', '.join(ids)}?" if ids else ""
    return None, (
        f"unknown guarantor {name!r}{hint} (an ISO 3166 country code or name such as usa, deu, "
        "Germany; an organisation: eu, eu_eib, eu_epf, nato, un; a former state: sun, csk, ddr, yug)"
    )


@lru_cache(maxsize=1)
def _iso3() -> frozenset[str]:
    return frozenset(_known().values())


def instrument_for_weapon(category: str) -> InstrumentKind:
    """The instrument kind of a weapon category or description (PUN, SIPRI)."""
    text = category.lower()
    if "air defen" in text or "sam system" in text or text.startswith("sam") or "air search radar" in text:
        return InstrumentKind.AIR_DEFENCE
    if any(
        w in text
        for w in (
            "rocket launcher",
            "multiple launch",
            "mrl",
            "ballistic missile",
            "land-attack missile",
            "cruise missile",
            "guided rocket",
        )
    ):
        return InstrumentKind.LONG_RANGE_STRIKE
    if any(w in text for w in ("ammunition", "shell", "guided bomb")):
        return InstrumentKind.AMMUNITION
    return InstrumentKind.ARMS_DELIVERIES

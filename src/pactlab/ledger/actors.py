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

import re
from functools import lru_cache

from pactlab.scenario.taxonomy import InstrumentKind

__all__ = ["AID_TYPES", "actor_id", "instrument_for_weapon"]

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

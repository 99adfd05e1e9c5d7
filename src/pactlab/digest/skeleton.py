"""A scenario skeleton from a digest: actors, one issue per instrument found, options, empty positions.

The skeleton follows the scenario format of :mod:`pactlab.scenario`. Positions are left empty
(``position: null``, ``salience: null``) with the text's evidence quoted as their rationale; it
validates with ``pactlab scenarios validate`` once the analyst has filled them in. Until then,
validation reports each empty position at its field path.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from pactlab.digest.result import Digest
from pactlab.errors import PactlabError, ParameterError

__all__ = ["skeleton_data", "skeleton_yaml", "write_skeleton"]

_HEADER = """\
# Scenario skeleton written by `pactlab digest` from {source}.
# Fill in every `position` (on the issue's 0-100 scale) and `salience` (0-1), review the rationales,
# set each issue's `status_quo`, name the deterrence `challenger` and `target` (actor ids), then check it
# with `pactlab scenarios validate THIS_FILE`.
# metadata.as_of: {as_of_note}
# Each issue's `status` comment gives the instrument's status in the text (offered, conditional,
# refused, discussed); options are drafted only for instruments offered or conditional.
"""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].strip("-") or "digest"


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _positions(digest: Digest, instrument: str) -> list[dict[str, Any]]:
    stated = {s.actor: s for s in digest.stances if s.instrument == instrument}
    out = []
    for actor in digest.actors:
        stance = stated.get(actor.id)
        if stance is not None:
            rationale = f"Text ({stance.stance}): \u201c{_quote(stance.evidence)}\u201d"
        else:
            rationale = "The text states no stance of this actor on this instrument."
        out.append(
            {"actor": actor.id, "position": None, "salience": None, "source": None, "rationale": rationale}
        )
    return out


def skeleton_data(
    digest: Digest, *, as_of: dt.date | None = None, scenario_id: str | None = None
) -> dict[str, Any]:
    """The skeleton as plain data (the YAML document's content).

    Parameters
    ----------
    digest : Digest
        The digest of one text.
    as_of : date, optional
        The scenario's date. Default: the article's own date when the digest found one; otherwise
        ``None``, left for the analyst to fill in (never today's date: a scenario forecasting a decision
        may use only what was public before its ``as_of``).
    scenario_id : str, optional
        The scenario id (default: a slug of the title or file name).
    """
    if not digest.actors:
        raise PactlabError.at(
            digest.source,
            "",
            "no actors found in the text; a scenario needs at least one actor, so no skeleton was written",
        )
    title = digest.title or Path(digest.source).stem
    sources = [{"id": "text", "citation": _quote(f"{title} ({digest.source})", 500)}]
    actors = [{"id": a.id, "name": a.name, "kind": a.kind} for a in digest.actors]
    issues, instruments, options = [], [], []
    for found in digest.instruments:
        supporters = [
            s.actor
            for s in digest.stances
            if s.instrument == found.id and s.stance in ("support", "conditional")
        ]
        issues.append(
            {
                "id": found.id,
                "title": f"Extent of {found.title.lower()}",
                "scale": {
                    "lower": 0.0,
                    "upper": 100.0,
                    "unit": "",
                    "anchors": {
                        "0": f"no {found.title.lower()}",
                        "100": f"{found.title.lower()} in full, as discussed in the text",
                    },
                },
                "status_quo": None,
                "positions": _positions(digest, found.id),
            }
        )
        instruments.append(
            {
                "id": found.id,
                "kind": found.id,
                "title": found.title,
                "source": "text",
                "rationale": f"Status in the text: {found.status} (score {found.score:.2f}). Evidence: "
                f"\u201c{_quote(found.evidence[0])}\u201d",
                "guarantors": supporters,
            }
        )
        if found.status in ("offered", "conditional"):
            level = 50.0 if found.status == "offered" else 25.0
            options.append(
                {
                    "id": f"adopt-{found.id}".replace("_", "-"),
                    "title": f"Adopt {found.title.lower()}"
                    + (" (conditional or deferred in the text)" if found.status == "conditional" else ""),
                    "instruments": [found.id],
                    "guarantors": supporters,
                    "adoption": {"issue": found.id, "level": level},
                }
            )
    chosen = as_of.isoformat() if as_of is not None else digest.date
    return {
        "metadata": {
            "id": scenario_id or _slug(title),
            "title": title,
            "as_of": chosen,
            "description": "Skeleton from pactlab digest; positions to be filled in by the analyst.",
            "sources": sources,
        },
        "actors": actors,
        "issues": issues,
        "instruments": instruments,
        "options": options,
        # the deterrence analysis of the options needs the analyst to say who would attack whom: left
        # empty (never guessed from the text), so that validation names both until they are filled in
        "deterrence": {"challenger": None, "target": None},
    }


def skeleton_yaml(digest: Digest, *, as_of: dt.date | None = None, scenario_id: str | None = None) -> str:
    """The skeleton as a YAML document with a header comment."""
    data = skeleton_data(digest, as_of=as_of, scenario_id=scenario_id)
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    if data["metadata"]["as_of"] is None:
        note = "the text gives no date: fill in the date of the decision this scenario forecasts"
    elif as_of is None:
        note = "the article's own date, as found in the text; change it to the decision date if needed"
    else:
        note = "as given"
    return _HEADER.format(source=digest.source, as_of_note=note) + body


def write_skeleton(
    digest: Digest,
    path: str | Path,
    *,
    as_of: dt.date | None = None,
    scenario_id: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the skeleton to ``path`` (all or nothing: a temporary file renamed into place).

    Raises
    ------
    PactlabError
        When ``path`` exists and ``overwrite`` is false, its folder does not exist, or the write fails.
    """
    target = Path(path)
    if target.exists() and not overwrite:
        raise ParameterError("overwrite", f"{target} exists and was not overwritten")
    text = skeleton_yaml(digest, as_of=as_of, scenario_id=scenario_id)
    if not target.parent.is_dir():
        raise PactlabError.at(str(target), "", "the folder does not exist")
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise PactlabError.at(str(target), "", f"cannot write the skeleton: {error.strerror}") from None
    return target

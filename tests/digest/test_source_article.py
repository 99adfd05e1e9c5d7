"""What issue 8 requires of the digest of ``../shared/docs/source-article.txt``.

The expected actors and instruments are the issue's own list, read from the article by hand (not from
the code's output): NATO, the United States, Germany, Russia and Ukraine; arms deliveries, long-range
strike systems, joint exercises, joint procurement, intelligence sharing, council participation as a
guest, a bilateral security agreement and a post-hostilities guarantee; and no collective-defence
clause, since the article speaks of membership timelines, not of a guarantee.
"""

from __future__ import annotations

import json

import pytest

from pactlab.cli import main

BOILERPLATE = (
    "No time to read",
    "Get a summary",
    "Previous Article",
    "Next Article",
    "Ukraine aid: tracking costs",
    "Algorithm estimates biological sex",
)


@pytest.mark.parametrize("count", [3, 5, 8, 40])
def test_summary_has_no_boilerplate(article_digest, source_article, count) -> None:  # type: ignore[no-untyped-def]
    from pactlab.digest import digest_file

    digest = article_digest if count == 5 else digest_file(source_article, sentences=count)
    text = " ".join(s.text for s in digest.key_sentences)
    for phrase in BOILERPLATE:
        assert phrase not in text
    assert len(digest.key_sentences) == min(count, sum(not s.heading for s in digest.sentences))


def test_summary_keeps_text_order(article_digest) -> None:  # type: ignore[no-untyped-def]
    starts = [s.start for s in article_digest.key_sentences]
    assert starts == sorted(starts)


def test_actors(article_digest) -> None:  # type: ignore[no-untyped-def]
    ids = {a.id for a in article_digest.actors}
    assert {"nato", "usa", "deu", "rus", "ukr"} <= ids
    german = next(a for a in article_digest.actors if a.id == "deu")
    assert [m.text for m in german.mentions] == ["German"]  # "German leadership"


def test_instruments(article_digest) -> None:  # type: ignore[no-untyped-def]
    ids = {i.id for i in article_digest.instruments}
    assert {
        "arms_deliveries",
        "long_range_strike",
        "joint_exercises",
        "joint_procurement",
        "intelligence_sharing",
        "council_guest",
        "bilateral_security_agreement",
        "post_hostilities_guarantee",
    } <= ids
    assert "collective_defence_clause" not in ids
    for found in article_digest.instruments:
        assert 0.0 < found.score <= 1.0
        assert found.evidence


def test_german_support_for_post_hostilities_guarantees(article_digest) -> None:  # type: ignore[no-untyped-def]
    """The article: "German leadership has indicated support for such guarantees"."""
    stances = {(s.actor, s.instrument): s for s in article_digest.stances}
    stance = stances[("deu", "post_hostilities_guarantee")]
    assert stance.stance == "support"
    assert "German leadership has indicated support" in stance.evidence


def test_cli_json_shape(source_article, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["digest", str(source_article), "--json", "--sentences", "4"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "source", "title", "date", "summary", "actors", "instruments", "stances", "sentences", "provenance",
    }  # fmt: skip
    assert len(out["summary"]) == 4
    assert all(set(a) == {"id", "name", "kind", "mentions"} for a in out["actors"])
    assert all(
        set(i) == {"id", "title", "status", "score", "evidence", "sentences", "statuses"}
        for i in out["instruments"]
    )
    assert all(s["status"] in {"offered", "conditional", "refused", "discussed"} for s in out["instruments"])
    assert all(set(s) == {"actor", "instrument", "stance", "evidence", "sentence"} for s in out["stances"])
    assert out["provenance"]["model"] == "digest"
    text = source_article.read_text(encoding="utf-8")
    for actor in out["actors"]:
        for m in actor["mentions"]:
            assert m["text"] == text[m["start"] : m["end"]]


def test_result_protocol(article_digest) -> None:  # type: ignore[no-untyped-def]
    """The result protocol: provenance, JSON round trip, a frame, a text summary, notebook HTML."""
    from pactlab.digest import Digest

    data = json.loads(json.dumps(article_digest.to_dict()))
    again = Digest.from_dict(data)
    assert again.to_dict() == article_digest.to_dict()
    assert again.provenance.model == "digest"
    assert again.provenance.variant == "lexical"
    frame = article_digest.to_frame()
    assert list(frame["instrument"]) == [i.id for i in article_digest.instruments]
    assert set(frame["status"]) <= {"offered", "conditional", "refused", "discussed"}
    text = article_digest.summary()
    assert isinstance(text, str)
    assert "Instruments" in text
    assert "<table" in article_digest._repr_html_()
    assert "Provenance" in article_digest._repr_html_()

"""Hypothesis properties of the splitter, the summary, the matcher and the whole digest."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pactlab.digest import digest_text, find_actors, split_sentences, summarize
from pactlab.errors import PactlabError

WORDS = st.sampled_from(
    [
        "NATO",
        "Ukraine",
        "Germany",
        "will",
        "send",
        "arms",
        "the",
        "Mr.",
        "U.S.",
        "said",
        "sanctions",
        "joint",
        "exercises",
        "air",
        "defence",
        "not",
        "if",
        '"quote"',
        "1.7",
        "e.g.",
        "Kyiv",
        "in",
        "London",
        "monitoring",
        "mission",
        "long-range",
        "missiles",
        "a",
    ]
)
ENDS = st.sampled_from([".", "!", "?", '."', ""])
SENTENCE = st.builds(
    lambda ws, e: " ".join(ws).capitalize() + e, st.lists(WORDS, min_size=1, max_size=12), ENDS
)
TEXT = st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=4).map(
    "\n\n".join
)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(TEXT)
def test_splitter_loses_no_text_and_keeps_order(text: str) -> None:
    sentences = split_sentences(text)
    covered = "".join(text[s.start : s.end] for s in sentences)
    assert "".join(covered.split()) == "".join(text.split())
    for a, b in itertools.pairwise(sentences):
        assert a.end <= b.start
    for s in sentences:
        assert s.text == " ".join(text[s.start : s.end].split())


@FAST
@given(TEXT, st.integers(min_value=1, max_value=6))
def test_summary_is_an_ordered_subset(text: str, count: int) -> None:
    sentences = split_sentences(text)
    body = [s for s in sentences if not s.heading]
    picked = summarize(sentences, count)
    assert len(picked) == min(count, len(body))
    assert [s.index for s in picked] == sorted(s.index for s in picked)
    assert all(s in body for s in picked)


@FAST
@given(TEXT)
def test_mentions_point_into_the_text(text: str) -> None:
    for m in find_actors(text):
        assert text[m.start : m.end] == m.text


@FAST
@given(
    st.sampled_from(
        [
            "send air defence systems",
            "deliver tanks",
            "share intelligence",
            "impose sanctions on Russia",
            "send long-range missiles",
        ]
    ),
    st.sampled_from(["Germany", "The United States", "France"]),
)
def test_negation_makes_the_instrument_refused(action: str, actor: str) -> None:
    """Issue 15: a negated instrument is kept with the status ``refused`` (it used to be dropped)."""
    affirmed = digest_text(f"{actor} will {action} to Ukraine.")
    negated = digest_text(f"{actor} will not {action} to Ukraine.")
    assert affirmed.instruments
    assert {i.status for i in affirmed.instruments} == {"offered"}
    assert [i.id for i in negated.instruments] == [i.id for i in affirmed.instruments]
    assert {i.status for i in negated.instruments} == {"refused"}
    assert {s.stance for s in negated.stances} <= {"oppose"}


@FAST
@given(TEXT)
def test_digest_is_deterministic(text: str) -> None:
    try:
        first = digest_text(text)
    except PactlabError:  # random word salad may be refused as non-English: then consistently
        with pytest.raises(PactlabError):
            digest_text(text)
        return
    assert digest_text(text).to_dict() == first.to_dict()

"""The evaluation corpus: negatives yield no instruments, and precision/recall stay above floors.

The corpus (tests/digest/corpus) holds 12 short excerpts of public documents with hand-written labels
(ground_truth.yaml, committed before any matcher code). Caveat, stated in the closing note as well: the
lexical cues were written by the same author after reading these texts, so the corpus is a development
set, not a held-out test; its figures are optimistic. The floors are therefore set below the measured
development figures (lexical: instrument P 1.00 R 1.00, actor P 1.00 R 1.00 at commit time) with room
for one or two errors per category, not at them: instruments precision >= 0.90 and recall >= 0.85 (over
24 labelled instrument mentions, 0.85 allows three misses), actors precision and recall >= 0.90 (42 labels).
"""

from __future__ import annotations

import pytest

from pactlab.digest import digest_file
from pactlab.digest.evaluation import evaluate_corpus

from .conftest import CORPUS

NEGATIVES = sorted(CORPUS.glob("1*_negative_*.txt"))


def test_corpus_has_at_least_eight_texts_with_sources() -> None:
    import yaml

    truth = yaml.safe_load((CORPUS / "ground_truth.yaml").read_text(encoding="utf-8"))["texts"]
    assert len(truth) >= 8
    for name, labels in truth.items():
        assert (CORPUS / f"{name}.txt").is_file()
        assert "http" in labels["source"]
    assert len(NEGATIVES) == 3


@pytest.mark.parametrize("path", NEGATIVES, ids=[p.stem for p in NEGATIVES])
def test_negatives_yield_no_instruments(path) -> None:  # type: ignore[no-untyped-def]
    assert digest_file(path, semantic=False).instruments == ()


def test_lexical_precision_recall_floors() -> None:
    ev = evaluate_corpus(CORPUS, semantic=False)
    assert ev.instruments_all.precision >= 0.90
    assert ev.instruments_all.recall >= 0.85
    assert ev.actors.precision >= 0.90
    assert ev.actors.recall >= 0.90
    # every labelled kind is found at least once somewhere
    for kind, counts in ev.instruments.items():
        if counts.tp + counts.fn:
            assert counts.tp >= 1, kind


# ---- the held-out set (tests/digest/heldout): labelled and committed before the matcher ever ran on
# it, never tuned on. Measured at that first run (commit e234f00): lexical instruments P 0.86 R 0.75
# (6 tp, 1 fp, 2 fn), actors P 1.00 R 1.00 (32 labels); with the semantic extra instruments P 0.78
# R 0.88. The floors below sit at or just under those first-run figures so that they guard against
# regressions without pretending to more.

HELDOUT = CORPUS.parent / "heldout"


def test_heldout_lexical_floors() -> None:
    ev = evaluate_corpus(HELDOUT, semantic=False)
    assert ev.instruments_all.precision >= 0.80
    assert ev.instruments_all.recall >= 0.70
    assert ev.actors.precision >= 0.90
    assert ev.actors.recall >= 0.90


@pytest.mark.xfail(
    strict=True,
    reason="held-out negative: 'sanctions' in the sporting sense (UEFA fines) is matched as the "
    "sanctions instrument; found on first run of the held-out set and deliberately left untuned",
)
def test_heldout_negative_yields_no_instruments() -> None:
    assert digest_file(HELDOUT / "h4_negative_uefa_sanctions.txt", semantic=False).instruments == ()

"""Extractive summary by LexRank, keeping the text's order.

LexRank (Erkan and Radev 2004, "LexRank: graph-based lexical centrality as salience in text
summarization", JAIR 22, section 3.2, continuous-threshold variant with threshold 0.1) computed the way
sumy's ``LexRankSummarizer`` computes it (sumy 0.11+, ``sumy/summarizers/lex_rank.py``): words lower-cased,
stop words removed (sumy's packaged English list), Snowball-stemmed; tf divided by the sentence's largest
tf; idf ``log(N / (1 + n_j))``; idf-modified cosine; similarities above 0.1 become edges, rows divided
by their degree; the power method from the uniform vector until the step is below 0.1; the best
sentences returned in text order, ties kept in text order.

The computation is vectorised in NumPy here because importing sumy's summarizers imports NLTK, which
takes two seconds, the whole time budget of a digest; the Snowball stemmer comes from the
``snowballstemmer`` package (the Snowball project's own Python output) instead of NLTK's copy, which
differs from it on a few words ("international"). A test checks that the chosen sentences equal those
of sumy's LexRankSummarizer given the same stemmer, on the source article and the evaluation corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from pactlab.digest.sentences import Sentence

__all__ = ["lexrank_scores", "stem", "summarize", "words"]

_WORD = re.compile(r"[^\W_]+(?:[-'’‑][^\W_]+)*")
THRESHOLD = 0.1
EPSILON = 0.1


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from importlib.resources import files

    text = files("sumy").joinpath("data/stopwords/english.txt").read_text(encoding="utf-8")
    return frozenset(w.strip().lower() for w in text.splitlines() if w.strip())


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    """Snowball English stem of a lower-cased word (typographic apostrophes read as ASCII ones)."""
    return str(_stemmer().stemWord(word.replace("’", "'")))


def words(text: str) -> list[str]:
    """The words of a sentence as LexRank sees them: lower-cased, no stop words, stemmed."""
    stop = _stop_words()
    return [stem(w) for w in (t.lower() for t in _WORD.findall(text)) if w not in stop]


def lexrank_scores(texts: Sequence[str]) -> np.ndarray:
    """LexRank centrality of each text (unnormalised power-method vector, as sumy returns it)."""
    bags = [Counter(words(t)) for t in texts]
    vocab = {w: i for i, w in enumerate(sorted({w for b in bags for w in b}))}
    n = len(texts)
    tf = np.zeros((n, len(vocab)))
    for row, bag in enumerate(bags):
        top = max(bag.values()) if bag else 1
        for word, count in bag.items():
            tf[row, vocab[word]] = count / top
    df = (tf > 0).sum(axis=0)
    idf = np.log(n / (1.0 + df))
    weighted = tf * idf
    norms = np.sqrt((weighted**2).sum(axis=1))
    numerator = weighted @ weighted.T
    with np.errstate(invalid="ignore", divide="ignore"):
        cosine = np.where(np.outer(norms, norms) > 0, numerator / np.outer(norms, norms), 0.0)
    edges = (cosine > THRESHOLD).astype(float)
    degrees = np.maximum(edges.sum(axis=1), 1.0)
    matrix = edges / degrees[:, None]
    p = np.full(n, 1.0 / n)
    step = 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        while step > EPSILON:
            nxt = matrix.T @ p
            nxt = nxt / np.linalg.norm(nxt)
            step = float(np.linalg.norm(nxt - p))
            p = nxt
            if math.isnan(step):
                break
    return p


def summarize(sentences: Sequence[Sentence], count: int = 5) -> list[Sentence]:
    """The ``count`` most central sentences by LexRank, in text order (headings never chosen).

    Parameters
    ----------
    sentences : sequence of Sentence
        The document's sentences, in order.
    count : int
        How many sentences to keep (all of them when the text has fewer).
    """
    body = [s for s in sentences if not s.heading and _WORD.search(s.text)]
    if count <= 0 or not body:
        return []
    if len(body) <= count:
        return list(body)
    scores = lexrank_scores([s.text for s in body])
    # sumy keys ratings by sentence text: identical sentences share the first one's score
    first: dict[str, float] = {}
    for sentence, score in zip(body, scores, strict=True):
        first.setdefault(sentence.text, float(score))
    ranked = sorted(range(len(body)), key=lambda i: first[body[i].text], reverse=True)
    return [body[i] for i in sorted(ranked[:count])]

"""Extractive summary by LexRank, keeping the text's order.

LexRank (Erkan and Radev 2004, "LexRank: graph-based lexical centrality as salience in text
summarization", JAIR 22) as implemented by sumy's ``LexRankSummarizer``, fed with our own sentences
and a regular-expression word tokenizer so that nothing (no NLTK punkt data) is downloaded at run time.
Stemming uses sumy's Snowball stemmer and sumy's packaged English stop-word list. sumy returns the
chosen sentences in document order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from pactlab.digest.sentences import Sentence

__all__ = ["summarize"]

_WORD = re.compile(r"[^\W_]+(?:[-'’‑][^\W_]+)*")


class _WordTokenizer:
    """The two methods sumy's document model calls on a tokenizer."""

    language = "english"

    @staticmethod
    def to_words(text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text))

    @staticmethod
    def to_sentences(text: str) -> tuple[str, ...]:  # pragma: no cover - not called by LexRank
        return (text,)


def summarize(sentences: Sequence[Sentence], count: int = 5) -> list[Sentence]:
    """The ``count`` most central sentences by LexRank, in text order (headings never chosen).

    Parameters
    ----------
    sentences : sequence of Sentence
        The document's sentences, in order.
    count : int
        How many sentences to keep (all of them when the text has fewer).
    """
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    body = [s for s in sentences if not s.heading and _WORD.search(s.text)]
    if count <= 0 or not body:
        return []
    if len(body) <= count:
        return list(body)
    tokenizer = _WordTokenizer()
    document = ObjectDocumentModel([Paragraph([SumySentence(s.text, tokenizer) for s in body])])
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    # LexRank's power method divides by a zero norm when no two sentences share a word; numpy then
    # yields NaN ratings and sumy keeps its order-stable choice, which is what we want.
    with np.errstate(invalid="ignore", divide="ignore"):
        chosen = Counter(str(s) for s in summarizer(document, count))
    picked: list[Sentence] = []
    for sentence in body:
        if chosen[sentence.text] > 0:
            picked.append(sentence)
            chosen[sentence.text] -= 1
    return picked

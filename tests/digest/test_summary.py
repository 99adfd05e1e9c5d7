"""The NumPy LexRank equals sumy's LexRankSummarizer (the reference implementation).

Reference: sumy's ``LexRankSummarizer`` with its packaged English stop words, given our Snowball stemmer
(NLTK's copy of Snowball, sumy's default, differs on a few words, which is a stemmer difference, not a
LexRank one), run on the same sentences; the chosen sentences must be identical (exact: a selection,
no tolerance). Texts: the source article and the first 20 development texts, at 1, 3 and 5 sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pactlab.digest import read_document, split_sentences, summarize
from pactlab.digest.summary import _WORD, stem

from .conftest import DEV


class _Tokenizer:
    language = "english"

    @staticmethod
    def to_words(text: str) -> tuple[str, ...]:
        return tuple(_WORD.findall(text))


def _sumy(texts: list[str], count: int) -> list[str]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    document = ObjectDocumentModel([Paragraph([SumySentence(t, _Tokenizer()) for t in texts])])
    summarizer = LexRankSummarizer(stem)
    summarizer.stop_words = get_stop_words("english")
    return [str(s) for s in summarizer(document, count)]


def _texts(source_article: Path, tmp_path: Path) -> list[Path]:
    import yaml

    out = [source_article]
    for path in sorted(DEV.glob("*.yaml"))[:20]:
        text = tmp_path / f"{path.stem}.txt"
        text.write_text(yaml.safe_load(path.read_text(encoding="utf-8"))["text"], encoding="utf-8")
        out.append(text)
    return out


@pytest.mark.parametrize("count", [1, 3, 5])
def test_same_choice_as_sumy(source_article: Path, count: int, tmp_path: Path) -> None:
    for path in _texts(source_article, tmp_path):
        sentences = split_sentences(read_document(path).text)
        body = [s.text for s in sentences if not s.heading]
        if len(body) <= count:
            continue
        ours = [s.text for s in summarize(sentences, count)]
        assert ours == _sumy(body, count), path.name

"""Peer summarizers from the ``sumy`` package: ``sumy-lexrank``, ``sumy-textrank``, ``sumy-lsa``, ``sumy-luhn``.

sumy's stock ``Tokenizer`` needs NLTK's punkt data, which cannot be downloaded here; sumy only
needs an object with ``language``, ``to_sentences`` and ``to_words``, so :class:`Tokenizer`
wraps our segmenter and NLTK's data-free ``NLTKWordTokenizer``. Sentences are ranked by sumy
and taken best first while they fit the budget, then put in reading order; candidates that repeat
a ``seen`` sentence are left out first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from ..text import split_spans
from ..types import Budget, Sentence
from ._select import article_rank, candidates, reading_order, select, unseen

_WORD = re.compile(r"\w")


class Tokenizer:
    """sumy tokenizer without NLTK data: nupunkt sentences, NLTK's Treebank-style words."""

    language = "english"

    def __init__(self) -> None:
        from nltk.tokenize import NLTKWordTokenizer

        self._words = NLTKWordTokenizer()

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(paragraph[a:b] for a, b in split_spans(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(w for w in self._words.tokenize(sentence) if _WORD.search(w))


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    return Tokenizer()


def _make(kind: str) -> Any:
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.lsa import LsaSummarizer
    from sumy.summarizers.luhn import LuhnSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    cls = {
        "lexrank": LexRankSummarizer,
        "textrank": TextRankSummarizer,
        "lsa": LsaSummarizer,
        "luhn": LuhnSummarizer,
    }[kind]
    summarizer = cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def _budget_count(budget: Budget) -> Callable[[list[Any]], list[Any]]:
    """A sumy ``count``: from sentence infos best first, those that fit the budget."""

    def count(infos: list[Any]) -> list[Any]:
        return select(infos, budget, lambda info: str(info.sentence))

    return count


def _run(
    kind: str, sentences: Sequence[Sentence], budget: Budget, seen: Sequence[Sentence]
) -> tuple[Sentence, ...]:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    cands = unseen(candidates(sentences), seen)
    if not cands:
        return ()
    tok = _tokenizer()
    by_text: dict[str, Sentence] = {}
    for s in cands:
        by_text.setdefault(s.text, s)
    doc = ObjectDocumentModel([Paragraph([SumySentence(t, tok) for t in by_text])])
    picked = _make(kind)(doc, _budget_count(budget))
    return reading_order([by_text[str(p)] for p in picked], article_rank(sentences))


def lexrank(
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    return _run("lexrank", sentences, budget, seen)


def textrank(
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    return _run("textrank", sentences, budget, seen)


def lsa(
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    return _run("lsa", sentences, budget, seen)


def luhn(
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    return _run("luhn", sentences, budget, seen)

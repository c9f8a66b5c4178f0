"""Helpers shared by the comparison modules: outlets, located sentences, citations."""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Article, ArticleText, Citation, Sentence
from ..vectors import terms


def outlet(article: Article) -> str:
    """The outlet an article comes from: its source, else its id."""
    return article.source or article.id


def canonical(texts: Sequence[ArticleText]) -> tuple[ArticleText, ...]:
    """Articles in a canonical order (by id), so results do not depend on input order."""
    return tuple(sorted(texts, key=lambda t: (t.article.id, t.article.text)))


def cite(sentence: Sentence) -> Citation:
    return Citation(sentence.article_id, sentence.start, sentence.end)


def sentence_table(texts: Sequence[ArticleText]) -> dict[str, tuple[Sentence, ...]]:
    return {t.id: t.sentences for t in texts}


def sentence_terms(texts: Sequence[ArticleText]) -> list[tuple[str, ...]]:
    """The similarity terms of every sentence of ``texts`` (a TF-IDF corpus)."""
    return [terms(stems) for t in texts for stems in t.stems]

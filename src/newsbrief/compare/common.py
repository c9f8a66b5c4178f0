"""Helpers shared by the comparison modules: outlets, located sentences, citations."""

from __future__ import annotations

from collections.abc import Sequence

from ..text import sentences
from ..types import Article, Citation, Sentence


def outlet(article: Article) -> str:
    """The outlet an article comes from: its source, else its id."""
    return article.source or article.id


def canonical(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Articles in a canonical order (by id), so results do not depend on input order."""
    return tuple(sorted(articles, key=lambda a: (a.id, a.text)))


def cite(sentence: Sentence) -> Citation:
    return Citation(sentence.article_id, sentence.start, sentence.end)


def sentence_table(articles: Sequence[Article]) -> dict[str, tuple[Sentence, ...]]:
    return {a.id: sentences(a) for a in articles}

"""Shared pieces of extractive summarizers: candidate filtering, budget, output order."""

from __future__ import annotations

from collections.abc import Sequence

from ..text import word_count
from ..types import Budget, Sentence


def is_candidate(s: Sentence, min_words: int = 6, max_words: int = 60) -> bool:
    """Whether a sentence may go into a summary: a real sentence of reasonable length."""
    n = word_count(s.text)
    return min_words <= n <= max_words and s.text[-1:] in ".!?\"”’')"


def fits(selected_words: int, selected_count: int, s: Sentence, budget: Budget) -> bool:
    if budget.sentences is not None:
        return selected_count < budget.sentences
    assert budget.words is not None
    return selected_words + word_count(s.text) <= budget.words


def reading_order(selected: Sequence[Sentence], article_rank: dict[str, int]) -> tuple[Sentence, ...]:
    """Order picked sentences by their article's rank, then position within it."""
    return tuple(sorted(selected, key=lambda s: (article_rank.get(s.article_id, 0), s.index)))

"""``lead``: the first sentences of the newest article (the DUC baseline), within the budget."""

from __future__ import annotations

from collections.abc import Sequence

from ..text import word_count
from ..types import Budget, Sentence


def summarize(
    sentences: Sequence[Sentence], budget: Budget, query: str | None = None
) -> tuple[Sentence, ...]:
    if not sentences:
        return ()
    # sentences arrive grouped by article in the pipeline's order (oldest first): take the last article
    last = sentences[-1].article_id
    picked: list[Sentence] = []
    total = 0
    for s in (s for s in sentences if s.article_id == last):
        if budget.sentences is not None and len(picked) >= budget.sentences:
            break
        n = word_count(s.text)
        if budget.words is not None and total + n > budget.words:
            break
        picked.append(s)
        total += n
    return tuple(picked)

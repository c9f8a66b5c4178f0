"""``lead``: the first sentences of the newest article (the DUC baseline), within the budget."""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Budget, Sentence
from ._select import select


def summarize(
    sentences: Sequence[Sentence], budget: Budget, query: str | None = None
) -> tuple[Sentence, ...]:
    if not sentences:
        return ()
    # sentences arrive grouped by article in the pipeline's order (oldest first): take the last article
    last = sentences[-1].article_id
    return tuple(select((s for s in sentences if s.article_id == last), budget, lambda s: s.text, prefix=True))

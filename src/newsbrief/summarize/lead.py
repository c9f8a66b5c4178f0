"""``lead``: the first sentences of the newest article (the DUC baseline), within the budget;
with ``seen``, those of its sentences that do not repeat a seen one."""

from __future__ import annotations

from collections.abc import Sequence

from ..types import Budget, Sentence
from ._select import select, unseen


def summarize(
    sentences: Sequence[Sentence],
    budget: Budget,
    query: str | None = None,
    *,
    seen: Sequence[Sentence] = (),
) -> tuple[Sentence, ...]:
    if not sentences:
        return ()
    # sentences arrive grouped by article in the pipeline's order (oldest first): take the last article
    last = sentences[-1].article_id
    lead = unseen([s for s in sentences if s.article_id == last], seen)
    return tuple(select(lead, budget, lambda s: s.text, prefix=True))

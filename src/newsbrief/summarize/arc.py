"""A story's arc: the sentence that tells each of its events (see ``pipeline.summarize_story``).

An event's headline is the lead (one of the first :data:`LEAD` candidate sentences of one of its
articles) closest to what the event's articles say as a whole: the cosine of its content stems
with the stem counts of all the event's sentences. News leads say what happened, when and who;
the most central of them is the one most outlets would agree with.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from ..types import ArticleText, Sentence, oldest_first
from ._select import is_candidate

LEAD = 2  # candidate sentences per article that count as its lead

__all__ = ["LEAD", "headline"]


def headline(texts: Sequence[ArticleText]) -> Sentence | None:
    """The event's headline sentence among its articles' leads; None when no lead qualifies.

    Ties (equal centrality) go to the earlier article, then the earlier sentence."""
    centre: Counter[str] = Counter(st for t in texts for sent in t.stems for st in sent)
    norm = math.sqrt(sum(v * v for v in centre.values())) or 1.0
    best: tuple[float, int, Sentence] | None = None
    for rank, t in enumerate(sorted(texts, key=lambda t: oldest_first(t.article))):
        leads = [(s, stems) for s, stems in zip(t.sentences, t.stems, strict=True) if is_candidate(s)][:LEAD]
        for s, stems in leads:
            own = set(stems)
            if not own:
                continue
            score = sum(centre[w] for w in own) / (norm * math.sqrt(len(own)))
            key = (-score, rank, s)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None

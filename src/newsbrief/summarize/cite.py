"""Citations: every article that carries a summary sentence, or a close paraphrase of it.

Sentences are compared as TF-IDF vectors of stemmed content words (one sparse
matrix product for all summary sentences against all source sentences). An
article supports a summary sentence when its best-matching sentence reaches the
threshold; the citation is that sentence's span, so ``article.text[start:end]``
is the supporting sentence. The sentence a summary line was taken from is always
cited. The threshold (0.5 by default) was tuned on the seeds: paraphrases of the
same report score 0.55-0.95, sentences that merely share the story's names
stay below 0.4.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..text import content_stems
from ..types import Citation, Sentence, SummarySentence
from ..vectors import Tfidf


def cite(
    picked: Sequence[Sentence],
    pool: Sequence[Sentence],
    threshold: float = 0.5,
    stems: Sequence[Sequence[str]] | None = None,
) -> tuple[SummarySentence, ...]:
    """Summary sentences for ``picked`` with citations into the sentences of ``pool``.

    ``stems``: the content stems of each pool sentence, when the TEXT stage has them."""
    if not picked:
        return ()
    if not pool:
        return tuple(
            SummarySentence(s.text, (Citation(s.article_id, s.start, s.end),)) for s in picked
        )
    pool_stems = list(stems) if stems is not None else [content_stems(s.text) for s in pool]
    try:
        weights = Tfidf.fit(pool_stems)
        P = weights.transform(pool_stems)
        Q = weights.transform([content_stems(s.text) for s in picked])
        sims = (Q @ P.T).toarray()
    except ValueError:  # empty vocabulary: nothing but stop words
        sims = np.zeros((len(picked), len(pool)))
    out = []
    for qi, s in enumerate(picked):
        best: dict[str, tuple[float, Sentence]] = {}
        for pj in np.flatnonzero(sims[qi] >= threshold).tolist():
            cand = pool[pj]
            score = float(sims[qi, pj])
            if cand.article_id not in best or score > best[cand.article_id][0]:
                best[cand.article_id] = (score, cand)
        best[s.article_id] = (2.0, _origin(s, pool))
        cites = sorted(
            (Citation(c.article_id, c.start, c.end) for _, c in best.values()),
            key=lambda c: (c.article != s.article_id, c.article, c.start),
        )
        out.append(SummarySentence(s.text, tuple(cites)))
    return tuple(out)


def _origin(s: Sentence, pool: Sequence[Sentence]) -> Sentence:
    """The pool sentence a (possibly compressed) summary sentence came from."""
    for p in pool:
        if p.article_id == s.article_id and p.start == s.start and p.end == s.end:
            return p
    return s

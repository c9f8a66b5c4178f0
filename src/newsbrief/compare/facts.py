"""What outlets agree on (consensus) and what only one outlet reports (unique).

Sentences are compared by TF-IDF cosine over Porter stems of content words
(weights fitted on all sentences of the story). Two sentences from different
outlets carry the same fact when their cosine is at least ``FACT_THRESHOLD``
(tuned on the seed story: paraphrases of one statement score 0.3-0.85, related
but different statements mostly below 0.3).

Consensus facts are built greedily: the sentence matched by the most outlets
seeds a fact, which takes the best matching unused sentence of each other
outlet. A sentence is unique to its outlet when nothing from another outlet
comes within ``UNIQUE_THRESHOLD``; per outlet the ``UNIQUE_PER_OUTLET`` most
central ones (nearest the story's centroid) are kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..text import content_stems, sentences
from ..timeline.similarity import similarity_matrix
from ..types import Article, Fact, Sentence
from .common import cite, outlet

FACT_THRESHOLD = 0.3
UNIQUE_THRESHOLD = 0.2
UNIQUE_PER_OUTLET = 3
MIN_CONTENT_WORDS = 4
MIN_UNIQUE_WORDS = 6
DUPLICATE = 0.8


def _table(articles: Sequence[Article]) -> tuple[list[Sentence], list[str]]:
    sents: list[Sentence] = []
    outlets: list[str] = []
    for article in articles:
        for s in sentences(article):
            if len(content_stems(s.text)) >= MIN_CONTENT_WORDS:
                sents.append(s)
                outlets.append(outlet(article))
    return sents, outlets


def _fact(
    members: Sequence[int], sents: Sequence[Sentence], outlets: Sequence[str], sims: np.ndarray
) -> Fact:
    def centrality(i: int) -> tuple:
        return (-round(sum(float(sims[i, j]) for j in members if j != i), 9), len(sents[i].text), i)

    best = min(members, key=centrality)
    ordered = sorted(members, key=lambda i: (sents[i].article_id, sents[i].start))
    return Fact(
        text=sents[best].text,
        citations=tuple(cite(sents[i]) for i in ordered),
        sources=tuple(sorted({outlets[i] for i in members})),
    )


def consensus_and_unique(articles: Sequence[Article]) -> tuple[tuple[Fact, ...], tuple[Fact, ...]]:
    """(consensus facts, most supported first; unique facts, by outlet) of ``articles`` (canonical order)."""
    sents, outlets = _table(articles)
    if not sents:
        return (), ()
    sims = similarity_matrix([s.text for s in sents])
    n = len(sents)
    other = np.array([[outlets[i] != outlets[j] for j in range(n)] for i in range(n)])
    cross = np.where(other, sims, 0.0)

    used: set[int] = set()
    consensus: list[tuple[tuple, Fact]] = []
    while True:
        support = []
        for i in range(n):
            if i in used:
                continue
            matched = {outlets[j] for j in range(n) if j not in used and cross[i, j] >= FACT_THRESHOLD}
            if matched:
                support.append((-len(matched), -float(cross[i].max()), i))
        if not support:
            break
        seed = min(support)[2]
        members = [seed]
        for o in sorted({outlets[j] for j in range(n)} - {outlets[seed]}):
            options = [
                j for j in range(n) if outlets[j] == o and j not in used and cross[seed, j] >= FACT_THRESHOLD
            ]
            if options:
                members.append(max(options, key=lambda j: (float(cross[seed, j]), -j)))
        used.update(members)
        # same-outlet repeats of the fact (a deck repeating the lead) join without counting twice
        used.update(j for j in range(n) if j not in used and any(sims[j, m] >= DUPLICATE for m in members))
        fact = _fact(members, sents, outlets, sims)
        mean = float(np.mean([sims[a, b] for a in members for b in members if a < b]))
        consensus.append(
            ((-len(fact.sources), -mean, fact.citations[0].article, fact.citations[0].start), fact)
        )
    consensus_facts = tuple(f for _, f in sorted(consensus, key=lambda x: x[0]))

    centroid = sims.mean(axis=1)
    unique: list[Fact] = []
    for o in sorted(set(outlets)):
        pool = [
            i
            for i in range(n)
            if outlets[i] == o
            and i not in used
            and float(cross[i].max(initial=0.0)) < UNIQUE_THRESHOLD
            and len(content_stems(sents[i].text)) >= MIN_UNIQUE_WORDS
        ]
        chosen: list[int] = []
        for i in sorted(pool, key=lambda i: (-float(centroid[i]), i)):
            if len(chosen) < UNIQUE_PER_OUTLET and all(sims[i, j] < DUPLICATE for j in chosen):
                chosen.append(i)
        for i in sorted(chosen, key=lambda i: (sents[i].article_id, sents[i].start)):
            unique.append(Fact(sents[i].text, (cite(sents[i]),), (o,)))
    return consensus_facts, tuple(unique)

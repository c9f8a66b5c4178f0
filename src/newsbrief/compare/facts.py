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

import heapq
from collections.abc import Sequence

import numpy as np

from ..types import ArticleText, Fact, Sentence
from ..vectors import similarities, terms
from .common import cite, outlet

FACT_THRESHOLD = 0.3
UNIQUE_THRESHOLD = 0.2
UNIQUE_PER_OUTLET = 3
MIN_CONTENT_WORDS = 4
MIN_UNIQUE_WORDS = 6
DUPLICATE = 0.8


def _table(texts: Sequence[ArticleText]) -> tuple[list[Sentence], list[str], list[tuple[str, ...]]]:
    sents: list[Sentence] = []
    outlets: list[str] = []
    stems: list[tuple[str, ...]] = []
    for text in texts:
        for s, st in zip(text.sentences, text.stems, strict=True):
            if len(st) >= MIN_CONTENT_WORDS:
                sents.append(s)
                outlets.append(outlet(text.article))
                stems.append(st)
    return sents, outlets, stems


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


def consensus_and_unique(texts: Sequence[ArticleText]) -> tuple[tuple[Fact, ...], tuple[Fact, ...]]:
    """(consensus facts, most supported first; unique facts, by outlet) of ``texts`` (canonical order)."""
    sents, outlets, stems = _table(texts)
    if not sents:
        return (), ()
    sims = similarities([terms(st) for st in stems])
    n = len(sents)
    outlet_names = sorted(set(outlets))
    codes = np.array([outlet_names.index(o) for o in outlets])
    cross = np.where(codes[:, None] != codes[None, :], sims, 0.0)

    linked = cross >= FACT_THRESHOLD
    neighbours = [np.flatnonzero(linked[i]) for i in range(n)]
    unused = np.ones(n, dtype=bool)

    def priority(i: int) -> tuple[int, float, int]:
        live = neighbours[i][unused[neighbours[i]]]
        best = float(cross[i, live].max()) if live.size else 0.0
        return (-len(set(codes[live].tolist())), -best, i)

    # lazy greedy: supports only shrink, so a popped entry still up to date is the best
    heap = [priority(i) for i in range(n) if neighbours[i].size]
    heapq.heapify(heap)
    consensus: list[tuple[tuple, Fact]] = []
    while heap:
        entry = heapq.heappop(heap)
        seed = entry[2]
        if not unused[seed]:
            continue
        current = priority(seed)
        if current[0] == 0:
            continue
        if current != entry:
            heapq.heappush(heap, current)
            continue
        # the best matching sentence of every other article (several articles of one outlet may
        # carry the fact; they are cited, but the outlet counts once)
        near = np.flatnonzero(unused & (sims[seed] >= FACT_THRESHOLD))
        best: dict[str, int] = {}
        for j in near:
            aid = sents[j].article_id
            if aid != sents[seed].article_id and (aid not in best or sims[seed, j] > sims[seed, best[aid]]):
                best[aid] = int(j)
        members = [seed, *sorted(best.values())]
        unused[members] = False
        # same-outlet repeats of the fact (a deck repeating the lead) join without counting twice
        unused &= ~(sims[:, members] >= DUPLICATE).any(axis=1)
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
            and unused[i]
            and float(cross[i].max(initial=0.0)) < UNIQUE_THRESHOLD
            and len(stems[i]) >= MIN_UNIQUE_WORDS
        ]
        chosen: list[int] = []
        for i in sorted(pool, key=lambda i: (-float(centroid[i]), i)):
            if len(chosen) < UNIQUE_PER_OUTLET and all(sims[i, j] < DUPLICATE for j in chosen):
                chosen.append(i)
        for i in sorted(chosen, key=lambda i: (sents[i].article_id, sents[i].start)):
            unique.append(Fact(sents[i].text, (cite(sents[i]),), (o,)))
    return consensus_facts, tuple(unique)

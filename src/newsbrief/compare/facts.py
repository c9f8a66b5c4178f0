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

What a fact cites is decided by the brief's one support rule
(:class:`~newsbrief.summarize.cite.Support`), as for the summary and the timeline: a fact is
worded by the member sentence supported by the most outlets (the most central one among those),
cites the articles supporting that sentence, and stays a consensus fact only when they come from
two outlets or more; a unique fact stays unique only when its support is its own outlet.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from ..summarize.cite import Support
from ..types import ArticleText, Citation, Fact, Sentence
from ..vectors import Neighbourhood, neighbourhood, terms
from .common import outlet

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
    members: Sequence[int],
    sents: Sequence[Sentence],
    sims: Neighbourhood,
    support: dict[int, tuple[Citation, ...]],
    outlet_of: dict[str, str],
) -> Fact:
    position = {j: q for q, j in enumerate(members)}

    def rank(i: int) -> tuple:
        backers = {outlet_of.get(c.article, c.article) for c in support[i]}
        # the similarities to the other members in their order (the pairs not kept add 0)
        kept = sorted((position[j], v) for j, v in sims.rows[i].items() if j in position and j != i)
        centrality = -round(sum(v for _, v in kept), 9)
        return (-len(backers), centrality, len(sents[i].text), i)

    best = min(members, key=rank)
    cites = support[best]
    return Fact(sents[best].text, cites, tuple(sorted({outlet_of.get(c.article, c.article) for c in cites})))


def _backed(rule: Support, sents: Sequence[Sentence], chosen: Sequence[int]) -> dict[int, tuple[Citation, ...]]:
    """What the support rule finds for each of ``chosen``."""
    return dict(zip(chosen, rule.citations([sents[m] for m in chosen]), strict=True))


def _pair_sims(members: Sequence[int], sims: Neighbourhood) -> np.ndarray:
    """``sims.sim(a, b)`` for every pair ``a < b`` of ``members``, in their order (row by row)."""
    position = {j: q for q, j in enumerate(members)}
    table = np.zeros((len(members), len(members)))
    for p, a in enumerate(members):
        for j, v in sims.rows[a].items():
            q = position.get(j)
            if q is not None:
                table[p, q] = v
    index = np.asarray(members)
    return table[index[:, None] < index[None, :]]


def consensus_and_unique(
    texts: Sequence[ArticleText], support: Support | None = None
) -> tuple[tuple[Fact, ...], tuple[Fact, ...]]:
    """(consensus facts, most supported first; unique facts, by outlet) of ``texts`` (canonical order).

    Similarities come from a :class:`~newsbrief.vectors.Neighbourhood` (each sentence's most
    similar others), so the cost grows with the number of sentences, not its square. ``support``:
    the brief's support rule (by default over every sentence of ``texts``)."""
    sents, outlets, stems = _table(texts)
    if not sents:
        return (), ()
    rule = support or Support.of_texts(texts)
    outlet_of = {t.id: outlet(t.article) for t in texts}
    sims = neighbourhood([terms(st) for st in stems])
    n = len(sents)
    outlet_names = sorted(set(outlets))
    codes = [outlet_names.index(o) for o in outlets]
    # cross-outlet neighbours at or above the fact threshold, and their similarities
    cross = [{j: v for j, v in sims.rows[i].items() if codes[j] != codes[i]} for i in range(n)]
    neighbours = [sorted(j for j, v in cross[i].items() if v >= FACT_THRESHOLD) for i in range(n)]
    unused = np.ones(n, dtype=bool)

    def priority(i: int) -> tuple[int, float, int]:
        live = [j for j in neighbours[i] if unused[j]]
        best = max((cross[i][j] for j in live), default=0.0)
        return (-len({codes[j] for j in live}), -best, i)

    # lazy greedy: supports only shrink, so a popped entry still up to date is the best
    heap = [priority(i) for i in range(n) if neighbours[i]]
    heapq.heapify(heap)
    consensus: list[tuple[tuple, Fact]] = []
    found: list[list[int]] = []  # each fact's members, in the order found
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
        best: dict[str, int] = {}
        for j in sims.above(seed, FACT_THRESHOLD):
            aid = sents[j].article_id
            if not unused[j] or aid == sents[seed].article_id:
                continue
            if aid not in best or sims.sim(seed, j) > sims.sim(seed, best[aid]):
                best[aid] = j
        members = [seed, *sorted(best.values())]
        unused[members] = False
        # same-outlet repeats of the fact (a deck repeating the lead) join without counting twice
        for m in members:
            unused[sims.above(m, DUPLICATE)] = False
        found.append(members)
    # what supports each member (it does not steer the search above), asked of the rule in batches
    backing = _backed(rule, sents, [m for members in found for m in members])
    for members in found:
        fact = _fact(members, sents, sims, backing, outlet_of)
        if len(fact.sources) < 2:
            continue  # no two outlets carry it by the support rule: neither consensus nor unique
        mean = float(np.mean(_pair_sims(members, sims)))
        consensus.append(
            ((-len(fact.sources), -mean, fact.citations[0].article, fact.citations[0].start), fact)
        )
    consensus_facts = tuple(f for _, f in sorted(consensus, key=lambda x: x[0]))

    centroid = [sims.row_sum(i) / n for i in range(n)]
    unique: list[Fact] = []
    for o in sorted(set(outlets)):
        pool = [
            i
            for i in range(n)
            if outlets[i] == o
            and unused[i]
            and max(cross[i].values(), default=0.0) < UNIQUE_THRESHOLD
            and len(stems[i]) >= MIN_UNIQUE_WORDS
        ]
        chosen: list[int] = []
        for i in sorted(pool, key=lambda i: (-centroid[i], i)):
            if len(chosen) < UNIQUE_PER_OUTLET and all(sims.sim(i, j) < DUPLICATE for j in chosen):
                chosen.append(i)
        chosen.sort(key=lambda i: (sents[i].article_id, sents[i].start))
        for i, cites in zip(chosen, rule.citations([sents[i] for i in chosen]), strict=True):
            if {outlet_of.get(c.article, c.article) for c in cites} == {o}:
                unique.append(Fact(sents[i].text, cites, (o,)))
    return consensus_facts, tuple(unique)

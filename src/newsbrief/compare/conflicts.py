"""Contradictions between outlets: claims about the same thing that disagree.

**Numbers.** Every counted noun phrase ("14 crew members", "Fifteen Russian
soldiers") is a claim with what it counts (people, or the head noun) and the
predicate around it (killed, injured, arrested...). Two claims from different
outlets contradict when they count the same kind of thing under the same
predicate, their values cannot both hold (bounds such as "at least" respected),
their contexts (the sentence and the one before it) are similar (TF-IDF cosine
at least ``NUMBER_THRESHOLD``; ``BARE_THRESHOLD`` without a predicate), their
dates (if any) are compatible, and the second outlet does not also state the
first value in a similar context.

**Dates.** Near-paraphrases (cosine at least ``DATE_THRESHOLD`` once the date
words are removed) from different outlets whose dates are incompatible. Only
dates that do not depend on an inferred publication date are compared.

Claims linked by contradictions form one :class:`Conflict` each.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import content_stems
from ..timeline.build import compatible
from ..timeline.dates import DateMention, find_dates
from ..timeline.similarity import similarity_matrix
from ..types import Article, Claim, Conflict, Sentence
from .common import cite, outlet, sentence_table
from .numbers import Quantity, disagree, quantities

log = logging.getLogger(__name__)

NUMBER_THRESHOLD = 0.15
BARE_THRESHOLD = 0.5
DATE_THRESHOLD = 0.5


@dataclass(frozen=True)
class _NumberClaim:
    outlet: str
    sentence: Sentence
    quantity: Quantity
    context: str
    dates: tuple[DateMention, ...]


class _Components:
    """Union-find over claim indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self, members: Sequence[int]) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in sorted(members):
            out.setdefault(self.find(i), []).append(i)
        return [out[k] for k in sorted(out)]


def _dates_compatible(a: Sequence[DateMention], b: Sequence[DateMention]) -> bool:
    return not a or not b or any(compatible(x, y) for x in a for y in b)


def _number_claims(articles: Sequence[Article]) -> list[_NumberClaim]:
    table = sentence_table(articles)
    claims: list[_NumberClaim] = []
    for article in articles:
        mentions = find_dates(article.text, article.published)
        sents = table[article.id]
        for k, sentence in enumerate(sents):
            inside = [m for m in mentions if sentence.start <= m.start < sentence.end]
            skip = tuple((m.start - sentence.start, m.end - sentence.start) for m in inside)
            found = quantities(sentence.text, skip)
            if not found:
                continue
            previous = sents[k - 1] if k else None
            context = f"{previous.text} {sentence.text}" if previous else sentence.text
            dates = tuple(inside) or tuple(
                m for m in mentions if previous and previous.start <= m.start < previous.end
            )
            claims.extend(_NumberClaim(outlet(article), sentence, q, context, dates) for q in found)
    return claims


def _comparable(a: _NumberClaim, b: _NumberClaim) -> bool:
    return a.quantity.kind == b.quantity.kind and a.quantity.predicate == b.quantity.predicate


def _about(group: Sequence[_NumberClaim]) -> str:
    q = group[0].quantity
    what = "people" if q.person else q.text.split()[-1]
    shared = set(content_stems(group[0].context))
    for claim in group[1:]:
        shared &= set(content_stems(claim.context))
    words: list[str] = []
    for word in group[0].context.replace("’", "'").split():
        w = word.strip(".,;:\"'()“”")
        s = content_stems(w)
        if s and s[0] in shared and w.lower() not in {x.lower() for x in words} and not w.isdigit():
            words.append(w)
    label = f"{what} {q.predicate}" if q.predicate else f"number of {what}"
    return f"{label} ({', '.join(words[:5])})" if words else label


def number_conflicts(articles: Sequence[Article]) -> tuple[Conflict, ...]:
    claims = _number_claims(articles)
    if len(claims) < 2:
        return ()
    corpus = [s.text for sents in sentence_table(articles).values() for s in sents]
    sims = similarity_matrix([c.context for c in claims], fit_on=corpus)
    components = _Components(len(claims))
    linked: set[int] = set()
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.outlet == b.outlet or not _comparable(a, b) or not disagree(a.quantity, b.quantity):
                continue
            needed = NUMBER_THRESHOLD if a.quantity.predicate else BARE_THRESHOLD
            if sims[i, j] < needed or not _dates_compatible(a.dates, b.dates):
                continue
            if _also_says(i, j, claims, sims, needed) or _also_says(j, i, claims, sims, needed):
                continue
            log.debug("number conflict %r vs %r (%.2f)", a.quantity.text, b.quantity.text, sims[i, j])
            components.union(i, j)
            linked.update((i, j))
    conflicts = []
    for group in components.groups(sorted(linked)):
        members = sorted(group, key=lambda k: (claims[k].quantity.value, claims[k].sentence.article_id))
        conflicts.append(
            Conflict(
                about=_about([claims[k] for k in members]),
                kind="number",
                claims=tuple(Claim(claims[k].quantity.text, cite(claims[k].sentence)) for k in members),
            )
        )
    return tuple(conflicts)


def _also_says(i: int, j: int, claims: Sequence[_NumberClaim], sims, needed: float) -> bool:
    """Whether claim ``j``'s outlet also states claim ``i``'s value in a similar context."""
    a = claims[i]
    return any(
        c.outlet == claims[j].outlet
        and _comparable(a, c)
        and not disagree(a.quantity, c.quantity)
        and sims[i, k] >= needed
        for k, c in enumerate(claims)
    )


def date_conflicts(articles: Sequence[Article]) -> tuple[Conflict, ...]:
    """Near-paraphrases from different outlets dated incompatibly."""
    table = sentence_table(articles)
    items: list[tuple[str, Sentence, DateMention, str]] = []
    for article in articles:
        inferred = article.published_from in ("event",)
        for m in find_dates(article.text, article.published):
            absolute = m.text[-4:].isdigit()
            if inferred and not absolute:
                continue
            for s in table[article.id]:
                if s.start <= m.start < s.end:
                    stripped = s.text[: m.start - s.start] + " " + s.text[m.end - s.start :]
                    items.append((outlet(article), s, m, stripped))
    if len(items) < 2:
        return ()
    corpus = [s.text for sents in table.values() for s in sents]
    sims = similarity_matrix([it[3] for it in items], fit_on=corpus)
    components = _Components(len(items))
    linked: set[int] = set()
    for i, (o1, _, m1, _) in enumerate(items):
        for j in range(i + 1, len(items)):
            o2, _, m2, _ = items[j]
            if o1 != o2 and sims[i, j] >= DATE_THRESHOLD and not compatible(m1, m2):
                components.union(i, j)
                linked.update((i, j))
    conflicts = []
    for group in components.groups(sorted(linked)):
        members = sorted(group, key=lambda k: (items[k][2].first, items[k][1].article_id))
        conflicts.append(
            Conflict(
                about=f"date of: {items[members[0]][1].text}",
                kind="date",
                claims=tuple(
                    Claim(f"{items[k][2].text} ({items[k][2].iso})", cite(items[k][1])) for k in members
                ),
            )
        )
    return tuple(conflicts)


def find_conflicts(articles: Sequence[Article]) -> tuple[Conflict, ...]:
    """Number and date contradictions between outlets among ``articles`` (dated beforehand)."""
    return number_conflicts(articles) + date_conflicts(articles)

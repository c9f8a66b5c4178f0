"""Citations: the one support rule of every part of a brief.

An article supports a sentence when its best-matching sentence reaches the threshold: sentences are
compared as TF-IDF vectors of stemmed content words (weights fitted on the story's sentences, one
sparse matrix product for all sentences asked about). The citation is that best sentence's span,
so ``article.text[start:end]`` is the supporting sentence; the sentence itself is always cited,
first; every article is cited once. The threshold (0.5 by default) was tuned on the seeds:
paraphrases of the same report score 0.55-0.95, sentences that merely share the story's names stay
below 0.4. A sentence naming the same day as the supported one ("on Friday", "Jan. 4", "last
week") needs only ``DAY_THRESHOLD`` (0.4, where sharing names ends), one naming the same month or
year ("in September", "last month", "in 2015") ``MONTH_THRESHOLD`` (the level at which the timeline merges sentences into one happening): the same happening told in other words
("Netanyahu and Putin spoke by telephone on Friday" for "Netanyahu discussed ... with Putin on
Friday") is support, so a dated event cites every article that reports it.

:class:`Support` holds the fitted weights of one story. The summary (:func:`cite`), the consensus
and unique facts (:mod:`newsbrief.compare.facts`) and the timeline
(:mod:`newsbrief.timeline.build`) all ask it, over the same sentences, so a sentence cites the same
articles, hence the same outlets, wherever the brief shows it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from ..text import content_stems
from ..types import (
    ArticleText,
    Brief,
    Citation,
    Fact,
    Quote,
    Sentence,
    Story,
    Summary,
    SummarySentence,
    TimelineEntry,
)
from ..vectors import Tfidf

CITE_THRESHOLD = 0.5  # the default of Options.cite_threshold
DAY_THRESHOLD = 0.4  # between sentences naming the same day ("on Friday", "Jan. 4", "last week")
SUPPORT_CELLS = 4_000_000  # pool similarities of one batch of sentences asked of the support rule
MONTH_THRESHOLD = 0.08  # naming the same month or year ("in September", "in 2015"): the timeline's merge level

_Cited = TypeVar("_Cited", SummarySentence, TimelineEntry, Fact, Quote)

_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.)"
)
_FULL_MONTH = r"(?:january|february|march|april|june|july|august|september|october|november|december)"
_WHEN_RE = re.compile(
    r"\b(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})\b|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})|"
    r"(?P<iso>\d{4}-\d{2}-\d{2})|(?P<relative>yesterday|today|tonight|(?:last|this|next) week)|"
    r"(?P<period>(?:last|this|next) (?:month|year))|(?:in|since|of|by|until) (?P<year>(?:19|20)\d\d)|"
    rf"(?P<alone>{_FULL_MONTH}))(?!\w)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1 << 16)
def when_named(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the days, the months or years) a sentence names as written: ({"friday", "1-4", "last week"},
    {"9", "last month", "2015"})."""
    days, months = set(), set()
    for m in _WHEN_RE.finditer(text):
        if m["weekday"]:
            days.add(m["weekday"].lower())
        elif m["iso"]:
            days.add(m["iso"])
        elif m["relative"]:
            days.add(" ".join(m["relative"].lower().split()))
        elif m["period"] or m["year"]:  # a month or a year: the coarse tier
            months.add(" ".join((m["period"] or m["year"]).lower().split()))
        elif m["alone"]:  # a full month name alone ("September"; "may" is a verb far more often)
            months.add(str(_MONTHS.index(m["alone"].lower()[:3]) + 1))
        else:
            month = (m["month"] or m["month2"]).lower()[:3]
            day = int(m["day"] or m["day2"])
            days.add(f"{_MONTHS.index(month) + 1}-{day}")
            months.add(str(_MONTHS.index(month) + 1))
    return frozenset(days), frozenset(months)


@dataclass(frozen=True)
class Support:
    """Which articles support a sentence, over a fixed pool of the story's sentences."""

    pool: tuple[Sentence, ...]
    threshold: float = CITE_THRESHOLD
    weights: Tfidf | None = None  # None: no content word in the pool
    matrix: sp.csr_matrix | None = None  # the pool's rows
    # (article, start, end) -> the position of the pool sentence there
    origin: dict[tuple[str, int, int], int] = field(default_factory=dict, repr=False, compare=False)
    columns: sp.csc_matrix | None = field(default=None, repr=False, compare=False)  # the matrix transposed
    owners: np.ndarray | None = field(default=None, repr=False, compare=False)  # each pool sentence's article, numbered
    named: _Named | None = field(default=None, repr=False, compare=False)  # which pool sentences name which times

    @classmethod
    def of(
        cls,
        pool: Sequence[Sentence],
        stems: Sequence[Sequence[str]] | None = None,
        threshold: float = CITE_THRESHOLD,
    ) -> Support:
        """The support rule over ``pool`` (``stems``: its sentences' content stems, when known)."""
        pool_stems = list(stems) if stems is not None else [content_stems(s.text) for s in pool]
        try:
            weights = Tfidf.fit(pool_stems)
        except ValueError:  # empty vocabulary: nothing but stop words
            return cls(tuple(pool), threshold)
        origin = {(p.article_id, p.start, p.end): i for i, p in enumerate(pool)}
        matrix = weights.transform(pool_stems)
        ids: dict[str, int] = {}
        owners = np.array([ids.setdefault(p.article_id, len(ids)) for p in pool], dtype=np.int64)
        return cls(tuple(pool), threshold, weights, matrix, origin, sp.csc_matrix(matrix.T), owners, _Named.of(pool))

    @classmethod
    def of_texts(cls, texts: Sequence[ArticleText], threshold: float = CITE_THRESHOLD) -> Support:
        """The support rule over every sentence of ``texts`` (the pool a summary of them cites)."""
        pool = [s for t in texts for s in t.sentences]
        return cls.of(pool, [st for t in texts for st in t.stems], threshold)

    def citations(self, sentences: Sequence[Sentence]) -> list[tuple[Citation, ...]]:
        """For each sentence: itself first, then the best supporting sentence of each other article
        (by article id; the earliest pool sentence on a tie), one citation per article.

        The similarities stay sparse and the time tiers are looked up in an index of what each pool
        sentence names, so a sentence costs its candidates, not the pool: a story of thousands of
        articles asks about thousands of sentences. They are asked in batches whose similarities to
        the pool are at most ``SUPPORT_CELLS`` (a sentence's citations do not depend on the others
        asked with it), so memory stays bounded whoever asks."""
        step = max(1, SUPPORT_CELLS // max(1, len(self.pool)))
        out: list[tuple[Citation, ...]] = []
        for lo in range(0, len(sentences), step):
            out.extend(self._citations(sentences[lo : lo + step]))
        return out

    def _citations(self, sentences: Sequence[Sentence]) -> list[tuple[Citation, ...]]:
        if not sentences:
            return []
        at = [self.origin.get((s.article_id, s.start, s.end)) for s in sentences]
        at = [i if i is not None and self.pool[i].text == s.text else None for i, s in zip(at, sentences, strict=True)]
        sims: sp.csr_matrix | None = None
        if self.weights is not None and self.matrix is not None and self.named is not None:
            # a pool sentence is its own row; a compressed one is weighted afresh
            fresh = [k for k, i in enumerate(at) if i is None]
            rows = self.matrix[[i if i is not None else 0 for i in at]]
            if fresh:
                redo = self.weights.transform([content_stems(sentences[k].text) for k in fresh])
                keep = sp.diags([0.0 if i is None else 1.0 for i in at])
                place = sp.csr_matrix((np.ones(len(fresh)), (fresh, range(len(fresh)))), shape=(len(at), len(fresh)))
                rows = keep @ rows + place @ redo
            sims = sp.csr_matrix(rows @ self.columns)
        low = min(MONTH_THRESHOLD, self.threshold)
        day_level = min(DAY_THRESHOLD, self.threshold)
        named, owner = self.named, self.owners
        out = []
        for qi, s in enumerate(sentences):
            best: dict[str, Sentence] = {}
            if sims is not None and named is not None and owner is not None:
                lo, hi = sims.indptr[qi], sims.indptr[qi + 1]
                cols, vals = sims.indices[lo:hi], sims.data[lo:hi]
                ok = vals >= self.threshold
                tier = ~ok & (vals >= low)
                if tier.any():  # below the threshold: the same day (day level) or month or year named
                    days, months = when_named(s.text)
                    same = np.zeros(len(cols), dtype=bool)
                    if days:
                        same |= np.isin(cols, named.get(("day", days))) & (vals >= day_level)
                    if months:
                        same |= np.isin(cols, named.get(("month", months)))
                    ok |= tier & same
                cols, vals = cols[ok], vals[ok]
                order = np.lexsort((cols, -vals, owner[cols]))  # by article, best first, earliest on a tie
                seen_owner = -1
                for j in order.tolist():
                    if owner[cols[j]] != seen_owner:
                        seen_owner = int(owner[cols[j]])
                        cand = self.pool[int(cols[j])]
                        best[cand.article_id] = cand
            home = self.origin.get((s.article_id, s.start, s.end))
            best[s.article_id] = self.pool[home] if home is not None else s
            out.append(
                tuple(
                    sorted(
                        (Citation(c.article_id, c.start, c.end) for c in best.values()),
                        key=lambda c: (c.article != s.article_id, c.article, c.start),
                    )
                )
            )
        return out


@dataclass(frozen=True)
class _Named:
    """Which pool sentences name a day, and which a month or year (as :func:`when_named` writes them)."""

    days: dict[str, np.ndarray]
    months: dict[str, np.ndarray]

    @classmethod
    def of(cls, pool: Sequence[Sentence]) -> _Named:
        days: dict[str, list[int]] = {}
        months: dict[str, list[int]] = {}
        for j, p in enumerate(pool):
            d, m = when_named(p.text)
            for x in d:
                days.setdefault(x, []).append(j)
            for x in m:
                months.setdefault(x, []).append(j)
        return cls({k: np.array(v) for k, v in days.items()}, {k: np.array(v) for k, v in months.items()})

    def get(self, key: tuple[str, frozenset[str]]) -> np.ndarray:
        """The pool sentences naming any of these days (``("day", ...)``) or months or years."""
        table = self.days if key[0] == "day" else self.months
        parts = [table[x] for x in key[1] if x in table]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def cite(
    picked: Sequence[Sentence],
    pool: Sequence[Sentence],
    threshold: float = CITE_THRESHOLD,
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
    support = Support.of(pool, stems, threshold)
    return tuple(SummarySentence(s.text, c) for s, c in zip(picked, support.citations(picked), strict=True))


def listed(citations: Sequence[Citation], limit: int, outlet_of: Mapping[str, str]) -> tuple[tuple[Citation, ...], int]:
    """At most ``limit`` of ``citations`` and how many were left out: the first (the item's own
    sentence), then the first citation of each outlet not yet listed, then the others, kept in
    their order. The choice depends on the citations alone, so a sentence cites the same
    articles wherever the brief shows it."""
    if len(citations) <= limit:
        return tuple(citations), 0
    keep = [0]
    outlets = {outlet_of.get(citations[0].article, citations[0].article)}
    rest = []
    for k in range(1, len(citations)):
        o = outlet_of.get(citations[k].article, citations[k].article)
        if o in outlets:
            rest.append(k)
        else:
            outlets.add(o)
            keep.append(k)
    chosen = sorted((keep + rest)[:limit])
    return tuple(citations[k] for k in chosen), len(citations) - limit


def bound_citations(brief: Brief, limit: int) -> Brief:
    """``brief`` with every item (summary sentences, timeline entries, facts, quotes, in the brief
    and in each event's) listing at most ``limit`` supporting articles (:func:`listed`), the
    rest counted in its ``more_citations``. Items within the limit are returned unchanged."""
    outlet_of = {a.id: a.source or a.id for a in brief.articles}

    def item(x: _Cited) -> _Cited:
        if len(x.citations) <= limit:
            return x
        cites, more = listed(x.citations, limit, outlet_of)
        return replace(x, citations=cites, more_citations=x.more_citations + more)

    def summary(s: Summary) -> Summary:
        return replace(s, sentences=tuple(item(x) for x in s.sentences))

    def story(s: Story) -> Story:
        return replace(
            s,
            timeline=tuple(item(e) for e in s.timeline),
            consensus=tuple(item(f) for f in s.consensus),
            unique=tuple(item(f) for f in s.unique),
            quotes=tuple(item(q) for q in s.quotes),
        )

    return replace(
        brief,
        summary=summary(brief.summary),
        story=story(brief.story),
        events=tuple(replace(eb, summary=summary(eb.summary), story=story(eb.story)) for eb in brief.events),
    )

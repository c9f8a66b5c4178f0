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
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from ..text import content_stems
from ..types import ArticleText, Citation, Sentence, SummarySentence
from ..vectors import Tfidf

CITE_THRESHOLD = 0.5  # the default of Options.cite_threshold
DAY_THRESHOLD = 0.4  # between sentences naming the same day ("on Friday", "Jan. 4", "last week")
MONTH_THRESHOLD = 0.08  # naming the same month or year ("in September", "in 2015"): the timeline's merge level

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
        return cls(tuple(pool), threshold, weights, weights.transform(pool_stems), origin)

    @classmethod
    def of_texts(cls, texts: Sequence[ArticleText], threshold: float = CITE_THRESHOLD) -> Support:
        """The support rule over every sentence of ``texts`` (the pool a summary of them cites)."""
        pool = [s for t in texts for s in t.sentences]
        return cls.of(pool, [st for t in texts for st in t.stems], threshold)

    def citations(self, sentences: Sequence[Sentence]) -> list[tuple[Citation, ...]]:
        """For each sentence: itself first, then the best supporting sentence of each other article
        (by article id), one citation per article."""
        if not sentences:
            return []
        at = [self.origin.get((s.article_id, s.start, s.end)) for s in sentences]
        at = [i if i is not None and self.pool[i].text == s.text else None for i, s in zip(at, sentences, strict=True)]
        if self.weights is None or self.matrix is None:
            sims = np.zeros((len(sentences), len(self.pool)))
        else:
            # a pool sentence is its own row; a compressed one is weighted afresh
            fresh = [k for k, i in enumerate(at) if i is None]
            rows = self.matrix[[i if i is not None else 0 for i in at]]
            if fresh:
                redo = self.weights.transform([content_stems(sentences[k].text) for k in fresh])
                keep = sp.diags([0.0 if i is None else 1.0 for i in at])
                place = sp.csr_matrix((np.ones(len(fresh)), (fresh, range(len(fresh)))), shape=(len(at), len(fresh)))
                rows = keep @ rows + place @ redo
            sims = (rows @ self.matrix.T).toarray()
        out = []
        low = min(MONTH_THRESHOLD, self.threshold)
        for qi, s in enumerate(sentences):
            best: dict[str, tuple[float, Sentence]] = {}
            days, months = when_named(s.text)
            for pj in np.flatnonzero(sims[qi] >= low).tolist():
                cand = self.pool[pj]
                score = float(sims[qi, pj])
                if score < self.threshold and not self._same_time(score, days, months, pj):
                    continue
                if cand.article_id not in best or score > best[cand.article_id][0]:
                    best[cand.article_id] = (score, cand)
            home = self.origin.get((s.article_id, s.start, s.end))
            best[s.article_id] = (2.0, self.pool[home] if home is not None else s)
            out.append(
                tuple(
                    sorted(
                        (Citation(c.article_id, c.start, c.end) for _, c in best.values()),
                        key=lambda c: (c.article != s.article_id, c.article, c.start),
                    )
                )
            )
        return out

    def _same_time(self, score: float, days: frozenset[str], months: frozenset[str], j: int) -> bool:
        their_days, their_months = when_named(self.pool[j].text)
        if score >= min(DAY_THRESHOLD, self.threshold) and days & their_days:
            return True
        return bool(months & their_months)  # the caller has checked MONTH_THRESHOLD


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

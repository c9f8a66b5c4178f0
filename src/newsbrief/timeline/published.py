"""Publication dates for articles that lack one, from a dateline or from their story.

An article whose ``published`` is None gets, in order of preference:

1. the date of its dateline ("MOSCOW, Jan 4 (Reuters) -"), ``published_from="dateline"``;
2. otherwise a date inferred from the other articles of its story
   (``published_from="event"``): the dates of the dated articles vote, each
   weighted by its TF-IDF similarity to the undated article (so a report on the
   same happening counts most), and an explicit calendar date in the article's
   lead ("said on March 3") moves the result forward to that day, since a report
   cannot be older than the happening its lead describes.

A date taken from a loosely related article (similarity below
``CONFIDENT_SIMILARITY``) is only good to a few weeks: the timeline then ignores
that article's day- and week-level relative expressions ("on Saturday").

Only the ``NEIGHBOURS`` dated articles most similar to an undated one vote with their
similarity (a sparse top-k search in bounded memory, so the rule is the same for five articles
and for a hundred thousand); every other dated article adds a vote of ``1e-6`` to its date.
The inference runs once, in the pipeline's prepare step, on the TEXT records
(:class:`~newsbrief.types.ArticleText`); records are never mutated: changed ones are new records
made with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from ..types import Article, ArticleText
from ..vectors import Tfidf, terms, top_neighbours
from .dates import _DAY, _MONTH, _YEAR, _month_number, find_dateline, nearest_date

log = logging.getLogger(__name__)

LEAD_SENTENCES = 2
MAX_LEAD_SHIFT = dt.timedelta(days=120)
CONFIDENT_SIMILARITY = 0.25
NEIGHBOURS = 50
COUNT_VOTE = 1e-6
_CALENDAR_DATE = re.compile(rf"\b(?P<month>{_MONTH})\s+{_DAY}\b(?:,?\s+{_YEAR})?")


def _known(article: Article) -> bool:
    """Dated by its own evidence (not inferred from the story)."""
    return article.published is not None and article.published_from != "event"


def _story_date(
    neighbours: sp.csr_matrix, row: int, known_dates: Sequence[dt.date], counts: Counter[dt.date]
) -> tuple[dt.date | None, float]:
    """The similarity-weighted most common date of the dated articles, and the similarity of the
    most similar article carrying that date."""
    if not counts:
        return None, 0.0
    votes: dict[dt.date, float] = defaultdict(float)
    best: dict[dt.date, float] = defaultdict(float)
    lo, hi = neighbours.indptr[row], neighbours.indptr[row + 1]
    for j, sim in zip(neighbours.indices[lo:hi].tolist(), neighbours.data[lo:hi].tolist(), strict=True):
        sim = min(max(sim, 0.0), 1.0)
        votes[known_dates[j]] += sim
        best[known_dates[j]] = max(best[known_dates[j]], sim)
    for date, n in counts.items():
        votes[date] += COUNT_VOTE * n
    date = max(sorted(votes), key=lambda d: votes[d])  # ties: earliest date
    return date, best[date]


def _lead_date(text: ArticleText, reference: dt.date) -> dt.date | None:
    latest: dt.date | None = None
    for sentence in text.sentences[:LEAD_SENTENCES]:
        for m in _CALENDAR_DATE.finditer(sentence.text):
            month, day = _month_number(m.group("month")), int(m.group("day"))
            try:
                found = (
                    dt.date(int(m.group("year")), month, day)
                    if m.group("year")
                    else nearest_date(month, day, reference)
                )
            except ValueError:
                continue
            if abs(found - reference) <= MAX_LEAD_SHIFT and (latest is None or found > latest):
                latest = found
    return latest


def _neighbours(texts: Sequence[ArticleText], todo: Sequence[int], known: Sequence[int]) -> sp.csr_matrix:
    if not todo or not known:
        return sp.csr_matrix((len(todo), len(known)))
    docs = [terms(t.all_stems) for t in texts]
    try:
        weights = Tfidf.fit(docs)
    except ValueError:  # no content word anywhere
        return sp.csr_matrix((len(todo), len(known)))
    matrix = weights.transform(docs)
    return top_neighbours(matrix[np.asarray(todo)], matrix[np.asarray(known)], NEIGHBOURS)


def infer_published(texts: Sequence[ArticleText]) -> tuple[ArticleText, ...]:
    """``texts`` (same order) with a publication date filled in where one can be found, each
    with ``date_confident`` set: whether its date is exact enough to resolve "on Friday" or
    "last week" (known, from a dateline or the lead, or taken from an article on the same
    happening: TF-IDF cosine at least ``CONFIDENT_SIMILARITY``).

    Articles already dated from their story (``published_from="event"``, e.g. by an earlier
    call) keep their date; their confidence is judged again the same way."""
    known = [i for i, t in enumerate(texts) if _known(t.article)]
    todo = [i for i, t in enumerate(texts) if not _known(t.article)]
    if not todo:
        return tuple(t if t.date_confident else replace(t, date_confident=True) for t in texts)
    known_dates = [texts[i].article.published for i in known]
    counts: Counter[dt.date] = Counter(d for d in known_dates if d is not None)
    neighbours = _neighbours(texts, todo, known)
    result = list(texts)
    for row, i in enumerate(todo):
        result[i] = _infer_one(texts[i], *_story_date(neighbours, row, known_dates, counts))  # type: ignore[arg-type]
    return tuple(result)


def _infer_one(text: ArticleText, reference: dt.date | None, similarity: float) -> ArticleText:
    article = text.article
    if article.published is not None:  # inferred before: keep the date, judge it again
        lead = _lead_date(text, reference or article.published)
        confident = (lead == article.published) or (
            reference == article.published and similarity >= CONFIDENT_SIMILARITY
        )
        return replace(text, date_confident=confident)
    dateline = find_dateline(article.text, reference)
    if dateline is not None:
        log.debug("%s: published %s from its dateline", article.id, dateline)
        return replace(
            text, article=replace(article, published=dateline, published_from="dateline"), date_confident=True
        )
    if reference is None:
        return replace(text, date_confident=False)
    lead = _lead_date(text, reference)
    published = max(reference, lead) if lead else reference
    confident = bool(lead and lead >= reference) or similarity >= CONFIDENT_SIMILARITY
    log.debug("%s: published %s inferred from its story (%s)", article.id, published, confident)
    return replace(
        text, article=replace(article, published=published, published_from="event"), date_confident=confident
    )

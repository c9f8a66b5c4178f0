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

Articles are never mutated: changed ones are new records made with
:func:`dataclasses.replace`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from ..text import sentences
from ..types import Article
from .dates import _DAY, _MONTH, _YEAR, _month_number, find_dateline, nearest_date
from .similarity import similarity_matrix

log = logging.getLogger(__name__)

LEAD_SENTENCES = 2
MAX_LEAD_SHIFT = dt.timedelta(days=120)
CONFIDENT_SIMILARITY = 0.25
_CALENDAR_DATE = re.compile(rf"\b(?P<month>{_MONTH})\s+{_DAY}\b(?:,?\s+{_YEAR})?")


def _known(article: Article) -> bool:
    """Dated by its own evidence (not inferred from the story)."""
    return article.published is not None and article.published_from != "event"


def _story_date(index: int, articles: Sequence[Article], sims) -> tuple[dt.date | None, float]:
    """The similarity-weighted most common date of the other dated articles, and the similarity
    of the most similar article carrying that date."""
    votes: dict[dt.date, float] = defaultdict(float)
    best: dict[dt.date, float] = defaultdict(float)
    for j, other in enumerate(articles):
        if j != index and _known(other):
            votes[other.published] += float(sims[index, j]) + 1e-6
            best[other.published] = max(best[other.published], float(sims[index, j]))
    if not votes:
        return None, 0.0
    date = max(sorted(votes), key=lambda d: votes[d])  # ties: earliest date
    return date, best[date]


def _lead_date(article: Article, reference: dt.date) -> dt.date | None:
    latest: dt.date | None = None
    for sentence in sentences(article)[:LEAD_SENTENCES]:
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


def infer_published(articles: Sequence[Article]) -> tuple[Article, ...]:
    """``articles`` (same order) with a publication date filled in where one can be found."""
    return tuple(a for a, _ in infer_published_with_confidence(articles))


def infer_published_with_confidence(articles: Sequence[Article]) -> tuple[tuple[Article, bool], ...]:
    """Like :func:`infer_published`, each article paired with whether its date is exact enough
    to resolve "on Friday" or "last week": known, from a dateline or the lead, or taken from
    an article on the same happening (TF-IDF cosine at least ``CONFIDENT_SIMILARITY``).

    Articles already dated from their story (``published_from="event"``, e.g. by an earlier
    call) keep their date; their confidence is judged again the same way."""
    if all(_known(a) for a in articles):
        return tuple((a, True) for a in articles)
    sims = similarity_matrix([a.text for a in articles])
    result: list[tuple[Article, bool]] = []
    for i, article in enumerate(articles):
        if _known(article):
            result.append((article, True))
            continue
        reference, similarity = _story_date(i, articles, sims)
        if article.published is not None:  # inferred before: keep the date, judge it again
            lead = _lead_date(article, reference or article.published)
            confident = (lead == article.published) or (
                reference == article.published and similarity >= CONFIDENT_SIMILARITY
            )
            result.append((article, confident))
            continue
        dateline = find_dateline(article.text, reference)
        if dateline is not None:
            log.debug("%s: published %s from its dateline", article.id, dateline)
            result.append((replace(article, published=dateline, published_from="dateline"), True))
            continue
        if reference is None:
            result.append((article, False))
            continue
        lead = _lead_date(article, reference)
        published = max(reference, lead) if lead else reference
        confident = bool(lead and lead >= reference) or similarity >= CONFIDENT_SIMILARITY
        log.debug("%s: published %s inferred from its story (%s)", article.id, published, confident)
        result.append((replace(article, published=published, published_from="event"), confident))
    return tuple(result)

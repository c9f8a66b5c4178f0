"""The timeline of a story: dated event sentences across articles, merged per happening.

Each sentence containing a date expression (see :mod:`.dates`) is an event
candidate dated by that expression. Candidates are merged greedily, finest
granularity first, into groups whose dates are compatible (one period contains
the other, or a week overlaps a month) and whose sentences are similar (TF-IDF
cosine over stemmed content words at least ``threshold`` with some member; the
same sentence always joins). Each group becomes one :class:`TimelineEntry` dated
by its finest member and worded by its most central sentence; it cites what the brief's one
support rule (:class:`~newsbrief.summarize.cite.Support`) finds for that sentence, as the summary
and the fact lists do, so a sentence cites the same outlets wherever it is shown. Sentences of embedded social posts (:mod:`newsbrief.clean.posts`) are no events:
a post's date says when it was posted, and the post is shown among the quotes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from ..clean.posts import without_posts
from ..summarize.cite import Support
from ..text import content_stems
from ..types import ArticleText, Citation, Sentence, TimelineEntry
from ..vectors import Neighbourhood, neighbourhood, terms
from .dates import DateMention, find_dates, within

log = logging.getLogger(__name__)

MERGE_THRESHOLD = 0.08
MIN_WEEK_OVERLAP = 4  # days a week must share with a month to be compatible
MIN_CONTENT_WORDS = 3
MAX_FUTURE = dt.timedelta(days=366)
_FINENESS = MappingProxyType({"day": 0, "week": 1, "month": 2, "year": 3})


@dataclass(frozen=True)
class Candidate:
    """A sentence dated by one of its date mentions."""

    sentence: Sentence
    mention: DateMention
    published: dt.date | None
    terms: tuple[str, ...] = ()  # the sentence's similarity terms

    @property
    def key(self) -> tuple:
        m = self.mention
        return (
            _FINENESS[m.granularity],
            m.first,
            m.last,
            self.sentence.article_id,
            self.sentence.start,
            m.start,
        )


def _is_event_sentence(sentence: Sentence, mentions: Sequence[DateMention]) -> bool:
    """Enough words besides the date expressions to describe a happening."""
    text = sentence.text
    for m in sorted(mentions, key=lambda m: -m.start):
        a, b = m.start - sentence.start, m.end - sentence.start
        text = text[:a] + " " + text[b:]
    return len(content_stems(text)) >= MIN_CONTENT_WORDS


def _plausible(mention: DateMention, published: dt.date | None) -> bool:
    """Drop dates far after publication (page furniture like related-story dates)."""
    return published is None or mention.first <= published + MAX_FUTURE


def candidates(texts: Sequence[ArticleText]) -> tuple[Candidate, ...]:
    """Every (sentence, date mention) pair of the articles, in a canonical order.

    Articles whose date is not confident (``ArticleText.date_confident``) are only dated to a
    few weeks: their expressions counted from the publication day ("on Saturday", "last week")
    are left out."""
    found: list[Candidate] = []
    for text in texts:
        article = text.article
        loose = not text.date_confident
        mentions = find_dates(article.text, article.published)
        for sentence, stems in zip(text.sentences, text.stems, strict=True):
            inside = within(mentions, sentence.start, sentence.end)
            if not inside or not _is_event_sentence(sentence, inside):
                continue
            seen: set[tuple[str, str]] = set()
            for m in inside:
                if (m.iso, m.granularity) in seen or not _plausible(m, article.published):
                    continue
                if loose and m.deictic and m.granularity in ("day", "week"):
                    continue
                seen.add((m.iso, m.granularity))
                found.append(Candidate(sentence, m, article.published, terms(stems)))
    return tuple(sorted(found, key=lambda c: c.key))


def compatible(a: DateMention, b: DateMention) -> bool:
    """Same period, one period inside the other, or a week mostly inside a month."""
    if a.last < b.first or b.last < a.first:
        return False
    inside = (a.first <= b.first and b.last <= a.last) or (b.first <= a.first and a.last <= b.last)
    if inside or "week" not in (a.granularity, b.granularity):
        return inside
    overlap = (min(a.last, b.last) - max(a.first, b.first)).days + 1
    return overlap >= MIN_WEEK_OVERLAP


def _entry(
    group: list[int], cands: Sequence[Candidate], sims: Neighbourhood, support: dict[int, tuple[Citation, ...]]
) -> TimelineEntry:
    """A group's entry: worded by the member the most articles support (the most central among
    those), citing what the support rule finds for it."""
    head = cands[group[0]].mention
    same = [i for i in group if cands[i].mention.granularity == head.granularity]

    def rank(i: int) -> tuple:
        c = cands[i]
        score = sum(sims.sim(i, j) for j in group if j != i)
        return (-len(support[i]), -round(score, 9), c.published or dt.date.max, c.sentence.article_id, c.sentence.start)

    best = min(same, key=rank)
    return TimelineEntry(date=head.iso, granularity=head.granularity, text=cands[best].sentence.text,
                         citations=support[best])


def build_timeline(
    texts: Sequence[ArticleText], *, threshold: float = MERGE_THRESHOLD, support: Support | None = None
) -> tuple[TimelineEntry, ...]:
    """The timeline of ``texts``, ordered by date (independent of the order of ``texts``).

    Publication dates (and whether they are confident) come from the prepare step
    (:func:`~newsbrief.timeline.published.infer_published`). ``support``: the brief's support rule
    (by default over every sentence of ``texts``).
    """
    cands = candidates(without_posts(sorted(texts, key=lambda t: t.id)))
    if not cands:
        return ()
    sims = neighbourhood([c.terms for c in cands])
    groups: list[list[int]] = []
    group_of: dict[int, int] = {}  # candidate -> its group
    by_sentence: dict[Sentence, set[int]] = {}  # sentence -> groups holding one of its mentions
    for i, cand in enumerate(cands):
        best, best_sim = None, threshold
        # only a group with the same sentence or a similar enough member can take the candidate
        reachable = {group_of[j] for j in sims.above(i, threshold) if j in group_of}
        reachable |= by_sentence.get(cand.sentence, set())
        for g in sorted(reachable):
            members = groups[g]
            if not compatible(cands[members[0]].mention, cand.mention):
                continue
            same_sentence = g in by_sentence.get(cand.sentence, ())
            sim = 1.0 if same_sentence else max(sims.sim(i, j) for j in members)
            if sim >= best_sim and (best is None or sim > best_sim):
                best, best_sim = g, sim
        if best is None:
            best = len(groups)
            groups.append([i])
        else:
            groups[best].append(i)
        group_of[i] = best
        by_sentence.setdefault(cand.sentence, set()).add(best)
    rule = support or Support.of_texts(sorted(texts, key=lambda t: t.id))
    heads_of = [cands[g[0]].mention.granularity for g in groups]
    wording = sorted({i for g, gran in zip(groups, heads_of, strict=True) for i in g
                      if cands[i].mention.granularity == gran})
    support_of = dict(zip(wording, rule.citations([cands[i].sentence for i in wording]), strict=True))
    entries = [_entry(g, cands, sims, support_of) for g in groups]
    heads = [cands[g[0]].mention for g in groups]
    order = sorted(range(len(entries)), key=lambda k: (heads[k].first, heads[k].last, entries[k].text))
    log.debug("timeline: %d candidates, %d entries", len(cands), len(entries))
    return tuple(entries[k] for k in order)

"""The brief pipeline: a short sequence of small, pure stages.

1. ``ingest.read``              paths / stdin  -> RawDocument (format by content, then extension)
2. ``clean.clean``              RawDocument    -> Article (furniture stripped; title, outlet, date recovered)
3. ``order``                    Article*       -> Article* oldest first (``types.oldest_first``)
4. ``text.analyze``             Article        -> ArticleText (sentences, tokens, stems), once per article
5. ``timeline.infer_published`` ArticleText*   -> ArticleText* dated from a dateline or their story
6. ``cluster.events``           Article*       -> Event* (wire copies folded, events linked into stories)
7. ``summarize.get(..)``        Sentence*      -> picked Sentence* within the budget
8. ``summarize.cite``           picked, pool   -> SummarySentence* citing every supporting article
                                (a story of several events: ``summarize_story`` tells its arc)
9. ``compare.explain``          ArticleText*   -> Story (timeline, consensus, unique, conflicts, quotes, entities)
10. ``summarize.cite.bound_citations``  Brief -> Brief: each item lists at most ``limits.citations`` articles
                                (its own sentence, one per outlet, the others), the rest counted

Steps 3-6 are :func:`prepare`, the one preparation path of ``brief``, ``cluster`` and ``eval``
(the same rule at every input size). :func:`brief` runs every step; :func:`brief_articles`
starts at step 3.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from . import summarize
from .options import ClusterOptions, Limits, Options
from .summarize.cite import bound_citations, cite
from .text import analyze_all, analyze_lead, pooled_sentences, word_count
from .timeline.published import infer_published
from .types import (
    Article,
    ArticleText,
    Brief,
    Budget,
    Event,
    EventBrief,
    Prepared,
    RawDocument,
    Sentence,
    Story,
    Summary,
    oldest_first,
)

log = logging.getLogger(__name__)


class NothingToBrief(ValueError):
    """No usable article remained after reading and cleaning the inputs."""


def order(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Articles oldest first (undated last), ties broken by id."""
    return tuple(sorted(articles, key=oldest_first))


def prepare(
    articles: Iterable[Article],
    events: str = "always",
    cluster: ClusterOptions | None = None,
    progress: Callable[[int], None] | None = None,
    analyze: bool = True,
) -> Prepared:
    """Steps 3-6: order, TEXT records, missing dates inferred, events (``events``: "always",
    "never", or "auto": only when the articles make two events or more).

    ``analyze=False`` is for callers that only want dates and events (the store regrouping a
    large archive): the records then hold only what date inference reads (lead sentences and
    stems, :func:`~newsbrief.text.analyze_lead`), and nothing when every article is dated."""
    ordered = order(articles)
    if analyze:
        texts = infer_published(analyze_all(ordered))
    elif all(a.published is not None and a.published_from != "event" for a in ordered):
        texts = tuple(ArticleText(a, (), (), ()) for a in ordered)
    else:
        texts = infer_published(tuple(analyze_lead(a) for a in ordered))
    texts = tuple(sorted(texts, key=lambda t: oldest_first(t.article)))
    return Prepared(texts, find_events([t.article for t in texts], events, cluster, progress))


def find_events(
    articles: Sequence[Article],
    mode: str = "always",
    cluster: ClusterOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[Event, ...]:
    if not articles or mode == "never" or (mode == "auto" and len(articles) < 2):
        return ()
    from .cluster import events

    found = tuple(events(articles, progress=progress, workers=(cluster or ClusterOptions()).workers))
    if mode == "auto" and len(found) < 2:
        return ()
    return found


def summarize_texts(
    texts: Sequence[ArticleText], options: Options, seen: Sequence[ArticleText] = ()
) -> Summary:
    """Summary of one group of articles (oldest first), each sentence with its citations; with
    ``seen`` (articles the reader has read), only what ``texts`` add to them."""
    ordered = sorted(texts, key=lambda t: oldest_first(t.article))
    pool = pooled_sentences(ordered)
    stems = [st for t in ordered for st in t.stems]
    read = pooled_sentences(sorted(seen, key=lambda t: oldest_first(t.article)))
    picked = summarize.get(options.summarizer)(pool, options.budget, options.query, seen=read)
    return Summary(cite(picked, pool, options.cite_threshold, stems), options.summarizer)


ARC_SENTENCE_WORDS = 25  # an event earns its own sentence in a story's arc per this many words of budget


def summarize_story(texts: Sequence[ArticleText], events: Sequence[Event], options: Options) -> Summary:
    """The summary of a story told across its events (its arc), in time order.

    With one event this is :func:`summarize_texts`. With several, the largest events the budget
    has room for (one per :data:`ARC_SENTENCE_WORDS` words, or one per sentence) each give their
    headline (:func:`newsbrief.summarize.arc.headline`; the smallest events' are dropped when
    they overflow the budget together), and the summarizer fills the rest of the budget from the
    whole story with those as already read. Sentences are then ordered by their event's date,
    and every one is cited against the whole story, so support from any event counts."""
    from .summarize.arc import headline

    by_id = {t.id: t for t in texts}
    arc = [ev for ev in events if any(a in by_id for a in ev.articles)]
    budget = options.budget
    room = budget.sentences if budget.sentences is not None else (budget.words or 0) // ARC_SENTENCE_WORDS
    if len(arc) < 2 or room < 2:
        return summarize_texts(texts, options)
    arc = sorted(arc, key=lambda e: (-len(e.articles), e.start or dt.date.max, e.id))[:room]
    leads: list[tuple[int, Sentence]] = []  # (size rank, headline)
    for k, ev in enumerate(arc):
        best = headline([by_id[a] for a in ev.articles if a in by_id])
        if best is not None:
            leads.append((k, best))
    if budget.words is not None:
        while leads and sum(word_count(s.text) for _, s in leads) > budget.words:
            leads.remove(max(leads, key=lambda x: x[0]))  # the smallest event's headline goes first
        left = budget.words - sum(word_count(s.text) for _, s in leads)
        rest = Budget(words=left) if left > 0 else None
    else:
        left = (budget.sentences or 0) - len(leads)
        rest = Budget(words=None, sentences=left) if left > 0 else None
    ordered = sorted(texts, key=lambda t: oldest_first(t.article))
    pool = pooled_sentences(ordered)
    heads = [s for _, s in leads]
    more = summarize.get(options.summarizer)(pool, rest, options.query, seen=heads) if rest else ()
    taken = {(s.article_id, s.index) for s in heads}
    picked = [*heads, *(s for s in more if (s.article_id, s.index) not in taken)]
    arc.sort(key=lambda e: (e.start or dt.date.max, e.id))
    event_of = {a: k for k, ev in enumerate(arc) for a in ev.articles}
    position = {(s.article_id, s.index): n for n, s in enumerate(pool)}

    def when(s: Sentence) -> tuple[int, int]:  # sentences outside the arc's events come last
        return event_of.get(s.article_id, len(arc)), position[(s.article_id, s.index)]

    stems = [st for t in ordered for st in t.stems]
    return Summary(cite(tuple(sorted(picked, key=when)), pool, options.cite_threshold, stems), options.summarizer)


def explain(texts: Sequence[ArticleText], options: Options) -> Story:
    if not options.story:
        return Story()
    from .compare import explain as _explain

    return _explain(texts, cite_threshold=options.cite_threshold)


def brief_prepared(prepared: Prepared, options: Options, warnings: Sequence[str] = ()) -> Brief:
    """Steps 7-9 over a prepared input: a brief per event, and the top brief of the largest story."""
    if not prepared.texts:
        raise NothingToBrief("no article to brief")
    by_id = {t.id: t for t in prepared.texts}

    def members(ids: Iterable[str]) -> list[ArticleText]:
        return [by_id[i] for i in ids if i in by_id]

    cap = options.limits.event_briefs  # events come largest first
    event_briefs = tuple(
        EventBrief(ev, summarize_texts(members(ev.articles), options), explain(members(ev.articles), options))
        if k < cap
        else EventBrief(ev, Summary((), options.summarizer))
        for k, ev in enumerate(prepared.events)
    )
    if len(prepared.events) > cap:
        message = (
            f"{len(prepared.events) - cap} smaller events are listed without a summary of their own "
            f"(limits.event_briefs = {cap})"
        )
        log.warning(message)
        warnings = (*warnings, message)
    # the top-level summary covers the largest story (all articles when they tell one story)
    main: Sequence[ArticleText] = prepared.texts
    arc: Sequence[Event] = ()
    if prepared.events:
        stories: dict[str, list[Event]] = {}
        for ev in prepared.events:
            stories.setdefault(ev.story or ev.id, []).append(ev)
        arc = max(stories.values(), key=lambda evs: (sum(len(e.articles) for e in evs),
                                                       sorted(a for e in evs for a in e.articles)))
        main = members(a for ev in arc for a in ev.articles)
    brief = Brief(
        articles=prepared.articles,
        summary=summarize_story(main, arc, options),
        story=explain(main, options),
        events=event_briefs,
        warnings=tuple(warnings),
    )
    return bound_citations(brief, options.limits.citations)


def brief_since(prepared: Prepared, options: Options, since: dt.date, warnings: Sequence[str] = ()) -> Brief:
    """An update brief: what the articles published after ``since`` add to the earlier ones.

    The summary (and each event's) is made of the new articles with the earlier ones as
    already read, citing new articles only; the timeline and conflicts are those of the whole
    story that the earlier articles alone did not have; consensus, unique facts, quotes and
    entities are those of the new articles. Undated articles count as earlier ones. Events are
    those holding a new article. Raises :class:`NothingToBrief` when nothing is new."""
    new = [t for t in prepared.texts if t.article.published is not None and t.article.published > since]
    if not new:
        raise NothingToBrief(f"no article published after {since.isoformat()}")
    fresh = {t.id for t in new}
    old = [t for t in prepared.texts if t.id not in fresh]
    summary = summarize_texts(new, options, seen=old)
    story = explain(new, options)
    if options.story and old:
        whole, before = explain(prepared.texts, options), explain(old, options)
        known = {(e.date, e.granularity) for e in before.timeline}
        timeline = tuple(
            e for e in whole.timeline
            if (e.date, e.granularity) not in known and any(c.article in fresh for c in e.citations)
        )
        conflicts = tuple(
            c for c in whole.conflicts
            if c not in before.conflicts and any(cl.citation.article in fresh for cl in c.claims)
        )
        story = replace(story, timeline=timeline, conflicts=conflicts)
    by_id = {t.id: t for t in prepared.texts}
    event_briefs = []
    for ev in prepared.events:
        members = [by_id[a] for a in ev.articles if a in by_id]
        added = [t for t in members if t.id in fresh]
        if added:
            earlier = [t for t in members if t.id not in fresh] or old
            event_briefs.append(EventBrief(ev, summarize_texts(added, options, seen=earlier), explain(added, options)))
    brief = Brief(prepared.articles, summary, story, tuple(event_briefs), tuple(warnings), since)
    return bound_citations(brief, options.limits.citations)


def brief_articles(
    articles: Iterable[Article], options: Options | None = None, warnings: Sequence[str] = ()
) -> Brief:
    """Brief already-cleaned articles (steps 3-9)."""
    options = options or Options()
    arts = tuple(articles)
    if not arts:
        raise NothingToBrief("no article to brief")
    return brief_prepared(prepare(arts, options.events, options.cluster), options, warnings)


def load(
    inputs: Sequence[str | Path],
    warn: Callable[[str], None] | None = None,
    stdin=None,
    limits: Limits | None = None,
    exclude: Iterable[str | Path] = (),
) -> tuple[list[Article], list[str]]:
    """Steps 1-2: read and clean ``inputs``; returns the articles and the warnings given.

    ``limits`` bound what is read (:class:`~newsbrief.options.Limits`); files in ``exclude``
    (a command's own output inside an input folder) are never read."""
    from .clean import clean
    from .ingest import read

    warnings: list[str] = []

    def _warn(message: str) -> None:
        warnings.append(message)
        (warn or log.warning)(message)

    read_docs: list[tuple[str, str]] = []  # (id, origin): the raw contents are not kept

    def _docs() -> Iterator[RawDocument]:
        for doc in read(inputs, _warn, stdin=stdin, limits=limits, exclude=exclude):
            read_docs.append((doc.id, doc.origin))
            yield doc

    articles = clean(_docs())
    kept = {a.id for a in articles}
    for doc_id, origin in read_docs:
        if doc_id not in kept:
            warnings.append(f"{origin}: no article text after cleaning")
    return articles, warnings


def brief(
    inputs: Sequence[str | Path] | str | Path | None = None,
    *,
    articles: Iterable[Article] | None = None,
    options: Options | None = None,
    exclude: Iterable[str | Path] = (),
    **option_values: object,
) -> Brief:
    """Brief files, folders or JSONL datasets (``inputs``) or ready ``articles``.

    Options come as an :class:`Options` or as keyword arguments (``words=80``).
    With neither ``inputs`` nor ``articles`` the bundled sample corpus is briefed.
    Files in ``exclude`` are never read (an output file inside an input folder).
    Raises :class:`NothingToBrief` when no usable article remains.
    """
    if options is None:
        options = Options.from_mapping(option_values)  # an unknown keyword is an OptionsError
    elif option_values:
        raise TypeError("pass either options= or keyword options, not both")
    if articles is not None:
        return brief_articles(articles, options)
    if inputs is None:
        inputs = [sample_path()]
    elif isinstance(inputs, (str, Path)):
        inputs = [inputs]
    arts, warnings = load(inputs, limits=options.limits, exclude=exclude)
    if not arts:
        raise NothingToBrief(
            "no usable article in " + ", ".join(str(i) for i in inputs)
            + (f" ({len(warnings)} skipped)" if warnings else "")
        )
    return brief_articles(arts, options, warnings)


def sample_path() -> Path:
    """The folder of the bundled sample corpus (five outlets on one story)."""
    return Path(__file__).parent / "data" / "sample"

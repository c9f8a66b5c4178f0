"""The brief pipeline: a short sequence of small, pure stages.

1. ``ingest.read``        paths / stdin  -> RawDocument (format by content, then extension)
2. ``clean.clean``        RawDocument    -> Article (furniture stripped; title, outlet, date recovered)
3. ``order``              Article*       -> Article* sorted by (published, id): input order never matters
4. ``infer_published``    Article*       -> Article* dated from a dateline or their story where undated
5. ``cluster.events``     Article*       -> Event* (only with several events; wire copies folded)
6. ``text.sentences``     Article        -> Sentence* with character spans
7. ``summarize.get(..)``  Sentence*      -> picked Sentence* within the budget
8. ``summarize.cite``     picked, pool   -> SummarySentence* citing every supporting article
9. ``compare.explain``    Article*       -> Story (timeline, consensus, unique, conflicts, quotes, entities)

:func:`brief` runs them all; :func:`brief_articles` starts at step 3.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from . import summarize
from .options import Options
from .summarize.cite import cite
from .text import all_sentences
from .timeline.published import infer_published
from .types import Article, Brief, Event, EventBrief, RawDocument, Story, Summary

log = logging.getLogger(__name__)


# up to this many articles, missing dates are inferred over the whole input before clustering
# (a dense similarity matrix); larger inputs infer them inside each event afterwards
INFER_ALL_LIMIT = 2000


class NothingToBrief(ValueError):
    """No usable article remained after reading and cleaning the inputs."""


def order(articles: Iterable[Article]) -> tuple[Article, ...]:
    """Articles oldest first (undated last), ties broken by id."""
    return tuple(
        sorted(articles, key=lambda a: (a.published is None, a.published or dt.date.min, a.id))
    )


def summarize_articles(articles: Sequence[Article], options: Options) -> Summary:
    """Summary of one group of articles, each sentence with its citations."""
    pool = all_sentences(order(articles))
    picked = summarize.get(options.summarizer)(pool, options.budget, options.query)
    return Summary(cite(picked, pool, options.cite_threshold), options.summarizer)


def explain(articles: Sequence[Article], options: Options) -> Story:
    if not options.story:
        return Story()
    from .compare import explain as _explain

    return _explain(order(articles))


def find_events(articles: Sequence[Article], options: Options) -> tuple[Event, ...]:
    if options.events == "never" or (options.events == "auto" and len(articles) < 2):
        return ()
    from .cluster import events

    found = tuple(events(articles))
    if options.events == "auto" and len(found) < 2:
        return ()
    return found


def brief_articles(
    articles: Iterable[Article], options: Options | None = None, warnings: Sequence[str] = ()
) -> Brief:
    """Brief already-cleaned articles (steps 3-8)."""
    options = options or Options()
    arts = order(articles)
    if not arts:
        raise NothingToBrief("no article to brief")
    small = len(arts) <= INFER_ALL_LIMIT
    if small:  # dates first, so the clusterer's time decay can use them
        arts = order(infer_published(arts))
    found = find_events(arts, options)
    by_id = {a.id: a for a in arts}

    def members(ids: Iterable[str]) -> list[Article]:
        return [by_id[i] for i in ids if i in by_id]

    if not small:  # large inputs: undated articles take a date from the other articles of their event
        groups = [ev.articles for ev in found] or [tuple(by_id)]
        by_id.update({a.id: a for g in groups for a in infer_published(members(g))})
        arts = order(by_id.values())
    event_briefs = tuple(
        EventBrief(ev, summarize_articles(members(ev.articles), options), explain(members(ev.articles), options))
        for ev in found
    )
    # the top-level summary covers the largest story (all articles when they tell one story)
    main = arts
    if found:
        stories: dict[str, list[str]] = {}
        for ev in found:
            stories.setdefault(ev.story or ev.id, []).extend(ev.articles)
        biggest = max(stories.values(), key=lambda ids: (len(ids), sorted(ids)))
        main = order(members(biggest))
    return Brief(
        articles=arts,
        summary=summarize_articles(main, options),
        story=explain(main, options),
        events=event_briefs,
        warnings=tuple(warnings),
    )


def load(
    inputs: Sequence[str | Path], warn: Callable[[str], None] | None = None, stdin=None
) -> tuple[list[Article], list[str]]:
    """Steps 1-2: read and clean ``inputs``; returns the articles and the warnings given."""
    from .clean import clean
    from .ingest import read

    warnings: list[str] = []

    def _warn(message: str) -> None:
        warnings.append(message)
        (warn or log.warning)(message)

    docs: list[RawDocument] = list(read(inputs, _warn, stdin=stdin))
    articles = clean(docs)
    kept = {a.id for a in articles}
    for d in docs:
        if d.id not in kept:
            warnings.append(f"{d.origin}: no article text after cleaning")
    return articles, warnings


def brief(
    inputs: Sequence[str | Path] | str | Path | None = None,
    *,
    articles: Iterable[Article] | None = None,
    options: Options | None = None,
    **option_values: object,
) -> Brief:
    """Brief files, folders or JSONL datasets (``inputs``) or ready ``articles``.

    Options come as an :class:`Options` or as keyword arguments (``words=80``).
    With neither ``inputs`` nor ``articles`` the bundled sample corpus is briefed.
    Raises :class:`NothingToBrief` when no usable article remains.
    """
    if options is None:
        options = Options.from_mapping(option_values)
    elif option_values:
        raise TypeError("pass either options= or keyword options, not both")
    if articles is not None:
        return brief_articles(articles, options)
    if inputs is None:
        inputs = [sample_path()]
    elif isinstance(inputs, (str, Path)):
        inputs = [inputs]
    arts, warnings = load(inputs)
    if not arts:
        raise NothingToBrief(
            "no usable article in " + ", ".join(str(i) for i in inputs)
            + (f" ({len(warnings)} skipped)" if warnings else "")
        )
    return brief_articles(arts, options, warnings)


def sample_path() -> Path:
    """The folder of the bundled sample corpus (five outlets on one story)."""
    return Path(__file__).parent / "data" / "sample"

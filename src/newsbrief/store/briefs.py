"""Briefs of stored stories: the whole story, or what is new since a day (kept until touched)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from ..options import Options
from ..types import Brief, Prepared
from . import Store, options_key


def story_brief(store: Store, story: str, options: Options, since: dt.date | None = None) -> Brief:
    """The brief of ``story`` with its stored events (stable ids); with ``since``, an update
    brief (:func:`newsbrief.pipeline.brief_since`). Made once per options and kept in the store
    until an added article changes the story."""
    from ..pipeline import brief_prepared, brief_since, prepare
    from ..render.json import brief_data

    key = options_key({f.name: getattr(options, f.name) for f in dataclasses.fields(options) if f.name != "format"})
    day = since.isoformat() if since else ""
    cached = store.cached_brief(story, day, key)
    if cached is not None:
        return brief_from_data(json.loads(cached))
    texts = prepare(store.articles("WHERE story_id = ?", [story]), events="never").texts
    prepared = Prepared(texts, store.story_events(story))
    result = brief_since(prepared, options, since) if since else brief_prepared(prepared, options)
    store.keep_brief(story, day, key, json.dumps(brief_data(result), ensure_ascii=False))
    return result


def story_document(store: Store, story: str, options: Options, since: dt.date | None = None) -> str:
    """The brief of ``story`` rendered in ``options.format``, kept in the store like the brief
    itself: reading a kept story back costs one row, not decoding and rendering its brief (a
    story of thousands of articles carries their texts)."""
    from ..render import render

    cached = kept_document(store, story, options, since)
    if cached is not None:
        return cached
    document = render(story_brief(store, story, options, since), options.format)
    store.keep_brief(story, since.isoformat() if since else "", _document_key(options), document)
    return document


def kept_document(store: Store, story: str, options: Options, since: dt.date | None = None) -> str | None:
    """The kept rendering of :func:`story_document`, or None when it must be made."""
    return store.cached_brief(story, since.isoformat() if since else "", _document_key(options))


def _document_key(options: Options) -> str:
    return "document:" + options_key({f.name: getattr(options, f.name) for f in dataclasses.fields(options)})


def brief_from_data(data: dict) -> Brief:
    """A :class:`Brief` back from its JSON data (as :func:`newsbrief.render.json.brief_data` wrote it)."""
    from ..types import (
        Article,
        Citation,
        Claim,
        Conflict,
        Entity,
        Event,
        EventBrief,
        Fact,
        Quote,
        Story,
        Summary,
        SummarySentence,
        TimelineEntry,
    )

    def day(v: str | None) -> dt.date | None:
        return dt.date.fromisoformat(v) if v else None

    def cites(items: list) -> tuple[Citation, ...]:
        return tuple(Citation(**c) for c in items)

    def more(item: dict) -> int:  # briefs kept before limits.citations have none
        return int(item.get("more_citations", 0))

    def summary(items: list, name: str) -> Summary:
        return Summary(tuple(SummarySentence(s["text"], cites(s["citations"]), more(s)) for s in items), name)

    def story(d: dict) -> Story:
        return Story(
            timeline=tuple(TimelineEntry(e["date"], e["granularity"], e["text"], cites(e["citations"]), more(e))
                           for e in d["timeline"]),
            consensus=tuple(Fact(f["text"], cites(f["citations"]), tuple(f["sources"]), more(f))
                            for f in d["consensus"]),
            unique=tuple(Fact(f["text"], cites(f["citations"]), tuple(f["sources"]), more(f)) for f in d["unique"]),
            conflicts=tuple(
                Conflict(c["about"], c["kind"], tuple(Claim(x["text"], Citation(**x["citation"])) for x in c["claims"]))
                for c in d["conflicts"]
            ),
            quotes=tuple(Quote(q["text"], q["speaker"], cites(q["citations"]), tuple(q["sources"]), more(q))
                         for q in d["quotes"]),
            entities=tuple(Entity(e["name"], e["label"], e["mentions"], tuple(e["articles"])) for e in d["entities"]),
        )

    name = data["summarizer"]
    articles = tuple(
        Article(a["id"], a["text"], a["title"], a["source"], a["url"], a["author"], day(a["published"]),
                a["published_from"])
        for a in data["articles"]
    )
    events = tuple(
        EventBrief(
            Event(e["id"], e["title"], tuple(e["articles"]), day(e["start"]), day(e["end"]), e["story"],
                  tuple((rep, tuple(c)) for rep, c in e["duplicates"].items())),
            summary(e["summary"], name),
            story(e),
        )
        for e in data["events"]
    )
    return Brief(articles, summary(data["summary"], name), story(data), events, tuple(data["warnings"]),
                 day(data.get("since")))

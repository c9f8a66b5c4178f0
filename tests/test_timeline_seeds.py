"""The seed story's timeline, through the real ingest and clean stages."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import prepared

from newsbrief.clean import clean
from newsbrief.ingest import read
from newsbrief.text import sentences
from newsbrief.timeline import build_timeline, find_dates, infer_published
from newsbrief.timeline.dates import span_of
from newsbrief.types import Article, TimelineEntry


def seed_articles(seeds_dir: Path) -> list[Article]:
    return list(clean(list(read(sorted(seeds_dir.glob("*.txt"))))))


@pytest.fixture
def seeds(seeds_dir: Path) -> list[Article]:
    return seed_articles(seeds_dir)


def prefix(article_id: str) -> str:
    return article_id[:3]


def interval(entry: TimelineEntry) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in entry.date.split("-")] + [1, 1]
    return span_of(dt.date(parts[0], parts[1], parts[2]), entry.granularity)


def cited(entry: TimelineEntry) -> set[str]:
    return {prefix(c.article) for c in entry.citations}


def test_publication_dates_recovered(seeds: list[Article], seeds_dir: Path) -> None:
    truth = json.loads((seeds_dir / "annotations.json").read_text())["documents"]
    for article in (t.article for t in prepared(seeds)):
        expected = next(v["published"] for k, v in truth.items() if k[:3] == prefix(article.id))
        assert article.published == dt.date.fromisoformat(expected), article.id
        assert article.published_from in ("metadata", "text", "dateline", "event")


def test_annotated_events_are_on_the_timeline(seeds: list[Article], seeds_dir: Path) -> None:
    timeline = build_timeline(prepared(seeds))
    events = json.loads((seeds_dir / "annotations.json").read_text())["events"]
    for event in events:
        year, *rest = (int(p) for p in event["date"].split("-"))
        day = dt.date(year, *(rest + [1, 1])[:2]) if rest else dt.date(year, 1, 1)
        # an entry whose period contains the event's date (the Sept 2015 intervention is
        # only dated "in 2015" by the articles: a year-granularity entry)
        hits = [
            e
            for e in timeline
            if interval(e)[0] <= day <= interval(e)[1] and cited(e) & set(event["sources"])
        ]
        assert hits, f"missing {event['date']} {event['what']}"
        if len(event["date"]) == 10 and event["date"] != "2018-09-17":
            assert hits[0].granularity in ("day", "week"), event
    by_date = {e.date: e for e in timeline}
    assert cited(by_date["2019-01-04"]) == {"000", "001", "002"}
    assert cited(by_date["2018-09"]) == {"000", "001", "002", "003", "004"}
    assert cited(by_date["2015"]) == {"001", "002"}
    assert by_date["2019-01-29"].granularity == "day" and "Tuesday" in by_date["2019-01-29"].text
    trump = [e for e in timeline if e.date == "2018-12" and {"000", "001"} <= cited(e)]
    assert len(trump) == 1 and "Trump" in trump[0].text
    visit = [e for e in timeline if e.granularity == "week" and "Moscow" in e.text]
    assert len(visit) == 1 and interval(visit[0])[0] <= dt.date(2019, 2, 27) <= interval(visit[0])[1]


def test_nothing_dated_wrong(seeds: list[Article]) -> None:
    dated = {t.id: t.article for t in prepared(seeds)}
    timeline = build_timeline(prepared(seeds))
    assert [interval(e)[0] for e in timeline] == sorted(interval(e)[0] for e in timeline)
    for entry in timeline:
        lo, hi = interval(entry)
        assert dt.date(2015, 1, 1) <= lo and hi <= dt.date(2019, 3, 9), entry
        for c in entry.citations:
            article = dated[c.article]
            assert any((s.start, s.end) == (c.start, c.end) for s in sentences(article))
            # the cited sentence itself carries a date inside (or around) the entry's period
            mentions = [m for m in find_dates(article.text, article.published) if c.start <= m.start < c.end]
            assert any(m.first <= hi and lo <= m.last for m in mentions), (
                entry.date,
                article.text[c.start : c.end],
            )


def test_timeline_is_order_independent(seeds: list[Article]) -> None:
    assert build_timeline(prepared(seeds)) == build_timeline(prepared(list(reversed(seeds))))


def test_merging_needs_similar_text() -> None:
    base = dt.date(2019, 1, 4)
    a = Article("a", "Trump announced last month that he will pull troops out of Syria.", published=base)
    b = Article(
        "b", "Trump's decision last month to pull US troops from Syria surprised Israel.", published=base
    )
    c = Article("c", "Netanyahu and Putin last spoke in early December about Iran.", published=base)
    timeline = build_timeline(prepared([a, b, c]))
    assert sorted(len(e.citations) for e in timeline) == [1, 2]
    assert all(e.date == "2018-12" and e.granularity == "month" for e in timeline)


def test_loosely_dated_articles_keep_only_coarse_relative_dates() -> None:
    dated = Article(
        "a",
        "The central bank raised interest rates on Monday, citing inflation.",
        published=dt.date(2020, 3, 2),
    )
    loose = Article(
        "b",
        "Police said on Saturday that the storm destroyed homes in September across the region.\n"
        "The storm first reached the coast on Aug. 7 near the harbour, officials recalled.",
    )
    timeline = build_timeline(prepared([dated, loose]))
    assert [e.date for e in timeline if any(c.article == "a" for c in e.citations)] == ["2020-03-02"]
    dates = sorted((e.date, e.granularity) for e in timeline for c in e.citations if c.article == "b")
    # "in September" and "Aug. 7" (only its year comes from the approximate date) are kept,
    # "on Saturday" (counted from the publication day) is left out
    assert dates == [("2019-08-07", "day"), ("2019-09", "month")]


def test_timeline_same_for_articles_dated_beforehand(seeds: list[Article]) -> None:
    # the pipeline may date articles first (published_from="event"); confidence is judged again
    assert build_timeline(infer_published(prepared(seeds))) == build_timeline(prepared(seeds))
    loose = Article("b", "Police said on Saturday that the storm destroyed homes.")
    other = Article("a", "The central bank raised rates on Monday.", published=dt.date(2020, 3, 2))
    assert build_timeline(infer_published(prepared([other, loose]))) == build_timeline(prepared([other, loose]))

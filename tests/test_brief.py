"""The brief on the seeds: JSON contract, citations as real spans, order invariance, public API."""

from __future__ import annotations

import json
import random
import re

import pytest

import newsbrief
from newsbrief import Options, brief, brief_articles, render
from newsbrief.pipeline import load
from newsbrief.text import sentences
from newsbrief.types import Article


@pytest.fixture(scope="module")
def seed_articles():
    from conftest import SEEDS, need

    arts, _ = load([need(SEEDS)])
    return arts


@pytest.fixture(scope="module")
def seed_brief(seed_articles):
    return brief_articles(seed_articles, Options())


def test_public_api():
    for name in newsbrief.__all__:
        assert hasattr(newsbrief, name), name
    assert callable(newsbrief.brief) and newsbrief.Options().words == 100


def test_json_contract(seed_brief):
    data = json.loads(render(seed_brief, "json"))
    assert {a["id"] for a in data["articles"]} == {
        "000_c1baa07d0ebdbb2f.txt", "001_3d9cb8eeb11332e5.txt", "002_044edfcada7cc4aa.txt",
        "003_67c9745db3a00316.txt", "004_2c1bc55939869abd.txt"}
    for a in data["articles"]:
        assert set(a) >= {"id", "source", "title", "published", "text"}
        assert a["text"].strip()
    assert data["summary"], "empty summary"
    texts = {a["id"]: a["text"] for a in data["articles"]}
    for s in data["summary"]:
        assert s["text"] and s["citations"]
        for c in s["citations"]:
            assert set(c) >= {"article", "start", "end"}
            assert 0 <= c["start"] < c["end"] <= len(texts[c["article"]])


def test_every_citation_is_a_sentence_of_its_article(seed_brief):
    by_id = {a.id: a for a in seed_brief.articles}
    spans = {a.id: {(s.start, s.end) for s in sentences(a)} for a in seed_brief.articles}
    for s in seed_brief.summary.sentences:
        for c in s.citations:
            assert (c.start, c.end) in spans[c.article]
            assert by_id[c.article].text[c.start:c.end].strip()


def test_summary_sentence_maps_to_its_source(seed_brief):
    by_id = {a.id: a for a in seed_brief.articles}
    for s in seed_brief.summary.sentences:
        first = s.citations[0]
        source = by_id[first.article].text[first.start:first.end]
        words = set(re.findall(r"\w+", s.text))
        assert words <= set(re.findall(r"\w+", source))


def test_word_budget(seed_articles):
    for words in (40, 100, 200):
        b = brief_articles(seed_articles, Options(words=words, story=False))
        assert sum(len(s.text.split()) for s in b.summary.sentences) <= words
    b = brief_articles(seed_articles, Options(sentences=2, story=False))
    assert len(b.summary.sentences) == 2


def test_kremlin_quote_cites_all_three_outlets(seed_articles):
    pool = [s for a in seed_articles for s in sentences(a)]
    from newsbrief.summarize.cite import cite

    kremlin = next(s for s in pool if s.text.startswith("“To that end") and s.article_id.startswith("001"))
    (cited,) = cite([kremlin], pool)
    assert {c.article[:3] for c in cited.citations} == {"000", "001", "002"}
    by_id = {a.id: a for a in seed_articles}
    for c in cited.citations:
        assert "To that end" in by_id[c.article].text[c.start:c.end]


def test_order_invariance(seed_articles):
    reference = render(brief_articles(seed_articles, Options()), "json")
    rng = random.Random(7)
    for _ in range(3):
        shuffled = list(seed_articles)
        rng.shuffle(shuffled)
        assert render(brief_articles(shuffled, Options()), "json") == reference


def test_markdown_has_numbered_citations_and_sources(seed_brief):
    md = render(seed_brief, "markdown")
    assert "## Summary" in md and "## Sources" in md
    assert re.search(r"^- .+\[\d\]", md, re.M)
    assert "1. " in md


def test_brief_defaults_to_sample():
    b = brief(story=False)
    assert len(b.articles) == 5 and b.summary.sentences


def test_every_summarizer_keeps_citations(seed_articles):
    from newsbrief.summarize import available

    for name in available():
        if name.startswith("sumy-"):
            continue
        b = brief_articles(seed_articles, Options(summarizer=name, story=False, events="never"))
        assert b.summary.sentences, name
        assert all(s.citations for s in b.summary.sentences), name


def test_seed_brief_end_to_end(seed_brief):
    """The whole story layer through the default pipeline: events, timeline, the one conflict."""
    data = json.loads(render(seed_brief, "json"))
    groups = sorted(sorted(a[:3] for a in e["articles"]) for e in data["events"])
    assert groups == [["000", "001", "002"], ["003"], ["004"]]
    assert len({e["story"] for e in data["events"]}) == 1
    dates = {t["date"] for t in data["timeline"]}
    for expected in ("2018-09", "2018-12", "2019-01-04", "2019-01-17", "2019-01-29", "2019-03-03"):
        assert expected in dates, expected
    assert any(d.startswith("2015") for d in dates)
    assert any(d.startswith("2019-02-2") for d in dates)  # Moscow visit, "last week" before 2019-03-03
    (conflict,) = data["conflicts"]
    claims = {c["citation"]["article"][:3]: c["text"] for c in conflict["claims"]}
    assert claims == {"002": "14 crew members", "003": "Fifteen Russian soldiers"}


def test_cluster_and_brief_share_one_prepare_step(seed_articles) -> None:
    """`newsbrief cluster` and `newsbrief brief` find the same three events of one story."""
    from newsbrief.pipeline import prepare

    b = brief_articles(seed_articles, Options())
    events = prepare(seed_articles).events
    assert [e.event for e in b.events] == list(events)
    assert sorted(len(e.articles) for e in events) == [1, 1, 3]
    assert len({e.story for e in events}) == 1


def test_dates_inferred_the_same_among_many_unrelated_articles(seed_articles) -> None:
    """Only the nearest dated articles vote (top-k): many unrelated ones never change a seed's date."""
    import datetime as dt

    from newsbrief.pipeline import prepare
    from newsbrief.timeline.published import NEIGHBOURS

    alone = {t.id: t.article.published for t in prepare(seed_articles, events="never").texts}
    filler = [
        Article(f"f{i:03d}", f"The county fair opened with {i} prize pumpkins and a tractor parade. "
                "Organisers expect record crowds this weekend.", published=dt.date(2010, 1, 1 + i % 28))
        for i in range(NEIGHBOURS + 30)
    ]
    mixed = {t.id: t.article.published for t in prepare([*seed_articles, *filler], events="never").texts}
    assert {k: mixed[k] for k in alone} == alone


def test_unknown_option_is_an_error_naming_it() -> None:
    with pytest.raises(newsbrief.OptionsError, match="wrods") as info:
        newsbrief.brief(wrods=5)
    assert info.value.field == "wrods"
    for bad in ({"words": 10**9}, {"words": True}, {"story": "no"}, {"cite_threshold": "x"}, {"query": 5}):
        with pytest.raises(newsbrief.OptionsError) as info:
            Options.from_mapping(bad)
        assert info.value.field == next(iter(bad))


def test_prepare_without_analysis_gives_the_same_dates_and_events(seed_articles) -> None:
    from newsbrief.pipeline import prepare

    full, light = prepare(seed_articles), prepare(seed_articles, analyze=False)
    assert [t.article for t in full.texts] == [t.article for t in light.texts]
    assert [t.date_confident for t in full.texts] == [t.date_confident for t in light.texts]
    assert full.events == light.events

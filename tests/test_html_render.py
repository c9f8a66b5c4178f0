"""HTML page: self-contained, escaped, citations linked to marked passages, renders in Chromium."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import prepared

from newsbrief.clean import clean
from newsbrief.compare import explain
from newsbrief.ingest import read
from newsbrief.render.html import render
from newsbrief.text import sentences
from newsbrief.types import Article, Brief, Citation, Story, Summary, SummarySentence

CHROMIUM = next((p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)


class Page(HTMLParser):
    """Collects tags, attributes, ids, link targets and text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def brief_of(articles: list[Article], story: Story | None = None) -> Brief:
    story = story if story is not None else explain(prepared(articles))
    picked = []
    for article in articles[:3]:
        s = sentences(article)[0]
        picked.append(SummarySentence(s.text, (Citation(article.id, s.start, s.end),)))
    return Brief(articles=tuple(articles), summary=Summary(tuple(picked), "test"), story=story)


@pytest.fixture(scope="module")
def seed_brief() -> Brief:
    from conftest import SEEDS, need

    articles = list(clean(list(read(sorted(need(SEEDS).glob("*.txt"))))))
    return brief_of(articles)


def test_page_is_self_contained(seed_brief: Brief) -> None:
    page = render(seed_brief)
    doc = parse(page)
    tags = {t for t, _ in doc.tags}
    assert page.startswith("<!DOCTYPE html>")
    assert "style" in tags and not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for _, attrs in doc.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert "src" not in attrs
    for href in doc.hrefs:
        assert href.startswith("#"), href  # the seeds have no URL: every link is internal


def test_every_citation_links_to_a_marked_passage(seed_brief: Brief) -> None:
    doc = parse(render(seed_brief))
    internal = [h[1:] for h in doc.hrefs if h.startswith("#")]
    assert len(internal) > 20
    assert all(h in doc.ids for h in internal)
    marks = {a["id"] for t, a in doc.tags if t == "mark"}
    assert {h for h in internal if h.startswith("c-")} <= marks | {
        a["id"] for t, a in doc.tags if t == "span" and a.get("class") == "anchor"
    }


def test_sections_and_conflict_highlight(seed_brief: Brief) -> None:
    page = render(seed_brief)
    doc = parse(page)
    ids = doc.ids
    for section in (
        "summary",
        "timeline",
        "conflicts",
        "consensus",
        "unique",
        "quotes",
        "entities",
        "sources",
    ):
        assert section in ids
    assert [a for t, a in doc.tags if t == "mark" and a.get("class") == "conflicting"]
    assert 'datetime="2019-01-04"' in page
    text = "".join(doc.text)
    assert "14 crew members" in text and "Fifteen Russian soldiers" in text
    # the article texts survive intact (marks only wrap them)
    for article in seed_brief.articles:
        assert article.text.split("\n")[0] in text


HOSTILE = [
    "<script>alert(1)</script> The mayor said the bridge will reopen on Monday.",
    'Officials " onmouseover="alert(2)" x=" said 12 people were injured on Monday.',
    "<img src=x onerror=alert(3)> “We will rebuild <b>everything</b> quickly,” the mayor said.",
    "</textarea></style></mark><a href='javascript:alert(4)'>click</a> & more on Monday.",
]


def hostile_articles() -> list[Article]:
    return [
        Article(
            f"x{i}\"><script>alert('id')</script>",
            text,
            title="<script>alert('title')</script>",
            source='Evil " onclick="alert(5)',
            url="javascript:alert(6)",
            published=dt.date(2021, 5, 5),
        )
        for i, text in enumerate(HOSTILE)
    ]


def test_hostile_text_is_escaped() -> None:
    articles = hostile_articles()
    page = render(brief_of(articles))
    doc = parse(page)
    tags = [t for t, _ in doc.tags]
    assert "script" not in tags and "img" not in tags and "textarea" not in tags
    mine = {
        "class",
        "id",
        "href",
        "title",
        "datetime",
        "lang",
        "charset",
        "name",
        "content",
        "http-equiv",
        "rel",
    }
    for tag, attrs in doc.tags:
        assert set(attrs) <= mine, (tag, attrs)
        assert not any(k.startswith("on") for k in attrs)
        if tag == "a":
            assert (attrs.get("href") or "").startswith("#")
    text = "".join(doc.text)
    for raw in HOSTILE:
        assert raw in text  # shown verbatim as text
    assert text.count("<script>alert('title')</script>") >= 1


def test_invalid_citations_do_not_break_the_page() -> None:
    article = Article("a", "One sentence here. Another one.", title="T")
    bad = SummarySentence("x", (Citation("a", 5, 500), Citation("missing", 0, 3), Citation("a", 4, 2)))
    crossing = SummarySentence("y", (Citation("a", 0, 10), Citation("a", 5, 25)))
    page = render(Brief((article,), Summary((bad, crossing), "test"), Story()))
    doc = parse(page)
    assert "One sentence here. Another one." in "".join(doc.text)
    assert all(h[1:] in doc.ids for h in doc.hrefs)


@pytest.mark.skipif(CHROMIUM is None or shutil.which(CHROMIUM or "") is None, reason="no chromium")
def test_chromium_screenshot(seed_brief: Brief, tmp_path: Path) -> None:
    page = tmp_path / "brief.html"
    page.write_text(render(seed_brief), encoding="utf-8")
    shot = tmp_path / "brief.png"
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=1200,2000",
        page.as_uri(),
    ]  # fmt: skip
    subprocess.run(cmd, check=False, capture_output=True, timeout=120)
    assert shot.exists(), "chromium wrote no screenshot"
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 30_000  # a blank 1200x2000 page compresses to a few KB


def test_events_render_their_own_story_with_unique_ids(seed_brief: Brief) -> None:
    from newsbrief.types import Event, EventBrief

    articles = seed_brief.articles
    events = tuple(
        EventBrief(Event(f"e{k}", a.title or a.id, (a.id,)), seed_brief.summary, explain(prepared([a])))
        for k, a in enumerate(articles[:2])
    )
    page = render(Brief(articles, seed_brief.summary, seed_brief.story, events=events))
    doc = parse(page)
    ids = [a["id"] for _, a in doc.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    assert any(i.startswith("e1-") for i in ids) and "e2-timeline" in ids

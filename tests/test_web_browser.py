"""The web desk in a real browser: Debian's headless Chromium driven by Playwright (no browser is
downloaded), against the app served by uvicorn on 127.0.0.1 over a real store.

A citation opens its article with the passage highlighted; search finds and highlights; the add form
adds an article and its story shows it; the pages work by keyboard and on a phone's width; an XSS
corpus in titles, bodies, quotes, URLs and outlets stays inert (no dialog, no script run, no injected
element or attribute). Screenshots are written to docs/screenshots/.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the web desk needs the server extra: pip install 'newsbrief[server]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the test extra")

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")

from web_support import running, sample_store  # noqa: E402

from newsbrief.store import Store  # noqa: E402
from newsbrief.types import RawDocument  # noqa: E402
from newsbrief.web.app import WebConfig  # noqa: E402

SHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

BRIDGE = ("The city reopened the Elm Street bridge on Monday after two years of repairs. "
          "Officials said the repairs cost 12 million dollars. Traffic resumed at noon on the bridge, "
          "and the mayor thanked residents for their patience during the Elm Street bridge closure.")
BRIDGE_2 = ("The Elm Street bridge reopened to traffic on Monday after two years of repairs, the mayor said. "
            "The repairs to the Elm Street bridge cost 15 million dollars, according to the mayor's office. "
            "Residents said the bridge closure had doubled their commute.")

# every payload sets window.__xss and/or opens a dialog if it ever runs
PAYLOADS = [
    "<script>window.__xss=1;alert(1)</script>",
    '<img src=x onerror="window.__xss=1;alert(2)">',
    '"><svg onload="window.__xss=1;alert(3)">',
    "' onmouseover='window.__xss=1' autofocus onfocus='window.__xss=1' x='",
    '<a href="javascript:window.__xss=1;alert(4)">click</a>',
    "<svg><script>window.__xss=1</script></svg>",
    "</textarea></title><script>window.__xss=1</script>",
    '<iframe src="javascript:alert(5)"></iframe>',
    "<body onload=alert(6)><style>body{display:none}</style>",
]


def xss_documents() -> list[RawDocument]:
    docs = []
    for i, p in enumerate(PAYLOADS):
        body = (f"The harbour council voted on Tuesday to rebuild the old harbour wall {p} after the winter storms. "
                f'"We will rebuild the harbour wall {p} before the summer," said Mayor Jane {p} Smith. '
                f"Councillors said the harbour wall works {p} would cost 4 million pounds and start in March.")
        url = f'https://example.org/harbour-{i}?"><script>window.__xss=1</script>' if i % 2 else "javascript:alert(7)"
        docs.append(RawDocument(id=f"xss-{i}", content=body, kind="text", origin=f"xss corpus {i}",
                                title=f"Harbour wall vote {p}", url=url, source=f"Outlet {i} {p}",
                                author=f"Reporter {p}", published=dt.date(2024, 3, 5)))
    return docs


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Iterator[str]:
    path = sample_store(tmp_path_factory.mktemp("browser") / "store.sqlite")
    with Store.open(path) as store:
        store.add([], documents=[RawDocument("bridge-1", BRIDGE, "text", "test", title="Elm Street bridge reopens",
                                             source="Harbour News", published=dt.date(2024, 5, 6))])
        store.add([], documents=xss_documents())
    with running(WebConfig(store=path, workers=1, processes=False)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.dialogs = []  # type: ignore[attr-defined]
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    try:
        yield tab
    finally:
        context.close()


def shot(page: Any, name: str, full: bool = True) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    target = SHOTS / name
    page.screenshot(path=str(target), full_page=full)
    assert target.stat().st_size > 5000
    return target


def story_id(base: str, title_part: str) -> str:
    import httpx

    stories = httpx.get(f"{base}/api/stories").json()["stories"]
    return next(s["id"] for s in stories if title_part in s["title"])


def test_story_list_then_citation_opens_the_highlighted_passage(base, page):
    page.goto(base + "/")
    first = page.locator("ol.stories > li", has_text="Israel")
    assert first.count() == 1 and "5 articles" in first.inner_text()
    assert first.locator("ul.coverage li").count() >= 1 and first.locator("time").count() == 1
    shot(page, "stories.png")
    with page.expect_navigation():
        first.locator("h2 a").click()
    assert page.locator("h1").inner_text().startswith("Israel")
    for heading in ("Summary", "Timeline", "Sources"):
        assert page.get_by_role("heading", name=heading, exact=True).count() >= 1, heading
    shot(page, "story.png", full=False)
    cite = page.locator("#summary a.cite").first
    href = cite.get_attribute("href")
    assert href and href.startswith("/articles/") and "#passage" in href
    with page.expect_navigation():
        cite.click()
    mark = page.locator("mark#passage")
    assert mark.count() == 1 and mark.is_visible() and len(mark.inner_text()) > 20
    import httpx

    api = httpx.get(base + "/api" + href.split("#")[0]).json()
    assert " ".join(mark.inner_text().split()) == " ".join(api["highlight"]["text"].split())
    box = mark.bounding_box()
    assert box is not None and 50 <= box["y"] < 900  # scrolled into view, with the text above it in sight
    shot(page, "passage.png", full=False)


def test_search_finds_and_highlights(base, page):
    page.goto(base + "/search")
    page.get_by_label("Search the articles").fill("Putin Netanyahu")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    hits = page.locator("ol.hits > li")
    assert hits.count() >= 3 and hits.first.locator("mark").count() >= 1
    assert "articles match" in page.get_by_role("status").inner_text()
    shot(page, "search.png")
    with page.expect_navigation():
        hits.first.locator("a").first.click()
    assert page.locator("mark#passage").inner_text().lower().startswith(("putin", "netanyahu"))


def test_add_an_article_and_see_the_story_update(base, page):
    story = story_id(base, "Elm Street")
    page.goto(f"{base}/stories/{story}")
    assert "1 articles" in page.locator("header p.meta").inner_text()
    page.goto(base + "/")  # the visit the list's "new" badges are counted from
    page.goto(base + "/add")
    shot(page, "add.png")
    page.get_by_label("Text or HTML of the article").fill(BRIDGE_2)
    page.get_by_label("Title").fill("Bridge back open")
    page.get_by_label("Outlet").fill("City Herald")
    page.get_by_label("Published on").fill("2024-05-06")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the article").click()
    assert page.url.startswith(f"{base}/stories/{story}")
    assert "Added the article" in page.get_by_role("status").inner_text()
    assert "2 articles" in page.locator("header p.meta").inner_text()
    assert page.locator("#sources").get_by_text("Bridge back open").count() == 1
    page.goto(base + "/")
    updated = page.locator("ol.stories > li", has_text="Elm Street")
    assert updated.locator(".new").count() == 1 and "2 outlets" in updated.inner_text()
    assert page.locator("ol.stories > li", has_text="Israel").locator(".new").count() == 0


def test_add_form_refusal_names_the_field(base, page):
    page.goto(base + "/add")
    page.get_by_label("Text or HTML of the article").fill("Some text " + PAYLOADS[6])
    page.locator("#f-url").evaluate("e => e.type = 'text'")  # past the browser's own url check
    page.locator("#f-url").fill("javascript:alert(1)")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the article").click()
    assert "url" in page.get_by_role("alert").inner_text()
    assert page.locator("#f-url").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-text").input_value().endswith(PAYLOADS[6])  # kept, as text
    assert_inert(page)


def test_keyboard_and_phone(base, browser):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    tab = context.new_page()
    try:
        tab.goto(base + "/stories/s1")
        tab.keyboard.press("Tab")
        assert tab.evaluate("document.activeElement.textContent") == "Skip to the content"
        tab.keyboard.press("Enter")
        assert tab.evaluate("document.activeElement.id") == "main"
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        for landmark in ("banner", "navigation", "main", "contentinfo"):
            assert tab.get_by_role(landmark).count() >= 1, landmark
        shot(tab, "story-phone.png", full=False)
        for path in ("/", "/add", "/search?q=Syria", "/stories/s1", "/articles/002_044edfcada7cc4aa.txt"):
            tab.goto(base + path)
            found = tab.evaluate(A11Y_JS)
            assert found == {"unlabelled": [], "h1": 1, "lang": "en", "overflow": False}, (path, found)
    finally:
        context.close()


A11Y_JS = """() => ({
  unlabelled: [...document.querySelectorAll('input, textarea, select, button')]
    .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
    .map(e => e.outerHTML.slice(0, 80)),
  h1: document.querySelectorAll('h1').length,
  lang: document.documentElement.lang,
  overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
})"""


INERT_JS = """() => {
  const all = [...document.querySelectorAll('*')];
  return {
    xss: window.__xss === undefined ? null : String(window.__xss),
    scripts: document.querySelectorAll('script, iframe, svg, img, object, embed').length,
    styles: document.querySelectorAll('style').length,
    handlers: all.filter(e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
    jsUrls: all.filter(e => ['href', 'src', 'action', 'formaction']
                .some(n => /^\\s*javascript:/i.test(e.getAttribute(n) || ''))).length,
    autofocus: document.querySelectorAll('[autofocus]').length,
  };
}"""


def assert_inert(page: Any) -> None:
    found = page.evaluate(INERT_JS)
    assert found == {"xss": None, "scripts": 0, "styles": 1, "handlers": 0, "jsUrls": 0, "autofocus": 0}, found
    assert page.dialogs == []


def test_xss_corpus_stays_inert(base, page):
    story = story_id(base, "Harbour wall")
    visited = [base + "/", f"{base}/stories/{story}", base + "/search?q=harbour+wall",
               base + "/search?q=" + "%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E"]
    import httpx

    stored = [h["id"] for h in httpx.get(f"{base}/api/search", params={"q": "harbour wall", "limit": 50}).json()["hits"]]
    assert len(stored) >= 3
    for aid in stored:
        visited += [f"{base}/articles/{aid}", f"{base}/articles/{aid}?start=0&end=40#passage"]
    for url in visited:
        page.goto(url)
        page.wait_for_load_state()
        page.mouse.move(300, 300)
        page.keyboard.press("Tab")
        assert_inert(page)
    page.goto(f"{base}/stories/{story}")
    text = page.locator("main").inner_text()
    assert "<script>window.__xss=1;alert(1)</script>" in text  # shown as text, not run
    assert "onerror=" in text
    shot(page, "xss-story.png")
    # the javascript: url is not a link, the https one with quotes is, with its quotes escaped
    page.goto(f"{base}/articles/xss-1")
    original = page.get_by_role("link", name="the original")
    assert original.get_attribute("href").startswith("https://example.org/harbour-1?")
    page.goto(f"{base}/articles/xss-0")
    assert page.get_by_role("link", name="the original").count() == 0

"""Server-rendered pages (no script): the story list, a story, an article, search, the add form.

Story pages reuse the brief renderer of :mod:`newsbrief.render.html` (its sections and escaping);
only the citation links differ: each opens the cited article with the passage highlighted
(``/articles/ID?start=S&end=E#passage``). Every value from an article passes through that
module's ``_e`` (``html.escape(quote=True)``); only http(s) URLs become links; and every HTML
answer carries a Content-Security-Policy that allows no script (:mod:`.guard`).

Pages are accessible (a skip link, header/nav/main/footer landmarks, labelled form fields, focus
outlines, the highlighted passage focusable) and fluid down to a phone's width.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import parse_qs, quote, urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from .. import __version__
from ..options import Options
from ..render.html import CSS, _e, _events, _Refs, _safe_url, _story, _summary, more_note
from ..store import StoryRow
from ..store.briefs import brief_from_data
from ..store.search import MARK_END, MARK_START, search
from ..types import Article, Brief, Citation
from . import reads
from .guard import Refused
from .models import ArticleIn, IngestIn
from .work import Busy, JobError, add_job, ingest_job

VISIT_COOKIE = "newsbrief_visit"
PAGE_SIZE = 50
ADDED = ("the article", "an article already stored")  # the notices a story page shows after the add form

EXTRA_CSS = """
.skip { position:absolute; left:-999px; top:0; background:#fff; padding:.5em 1em; z-index:9; }
.skip:focus { left:8px; top:8px; }
body > header { background:#1d2330; color:#fff; }
body > header nav { max-width:980px; margin:0 auto; padding:10px 28px; display:flex; gap:1.2em;
                    flex-wrap:wrap; align-items:center; }
body > header a { color:#fff; font-weight:600; text-decoration:none; }
body > header a[aria-current] { text-decoration:underline; }
body > header .brand { font-size:1.1rem; margin-right:auto; }
footer { max-width:980px; margin:0 auto; padding:0 28px 32px; color:var(--muted); font-size:.85rem; }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, mark:focus {
  outline:3px solid #f0a500; outline-offset:2px; }
.stories { list-style:none; padding:0; }
.stories > li { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 16px; margin:12px 0; }
.stories h2 { border:0; margin:.2em 0; padding:0; font-size:1.15rem; }
.new { display:inline-block; background:#1f7a3a; color:#fff; font-size:.72rem; border-radius:9px;
       padding:0 .5em; vertical-align:2px; margin-left:.4em; }
.coverage { list-style:none; padding:0; display:flex; flex-wrap:wrap; gap:.3em; margin:.3em 0; }
.coverage li { margin:0; font-size:.85rem; background:#e8edf5; border-radius:9px; padding:0 .6em; }
form.stack label { display:block; font-weight:600; margin:.8em 0 .2em; }
form.stack input, form.stack textarea { width:100%; font:inherit; padding:.4em; border:1px solid #aab3c2;
                                        border-radius:4px; }
form.stack textarea { min-height:14em; font-family:ui-monospace, monospace; font-size:.9rem; }
form.inline { display:flex; gap:.5em; flex-wrap:wrap; align-items:end; margin:1em 0; }
form.inline label { font-weight:600; }
button { font:inherit; padding:.45em 1.1em; border:0; border-radius:4px; background:var(--accent); color:#fff;
         cursor:pointer; margin-top:.8em; }
.alert { background:var(--conflict); border-left:4px solid var(--conflict-ink); padding:.6em .9em; }
.notice { background:#e3f4e8; border-left:4px solid #1f7a3a; padding:.6em .9em; }
mark#passage { background:var(--mark); outline:2px solid var(--accent); border-radius:2px; scroll-margin-top:25vh; }
.hits { padding-left:1.2em; }
.hits mark { background:var(--mark); border:0; }
.sources li { margin:.5em 0; }
@media (max-width: 600px) { main { padding:16px 14px 48px; } h1 { font-size:1.5rem; }
  body > header nav { padding:10px 14px; } }
"""


def article_href(article_id: str, start: int | None = None, end: int | None = None) -> str:
    path = "/articles/" + quote(article_id, safe="")
    if start is None or end is None:
        return path
    return f"{path}?start={start}&end={end}#passage"


def story_href(story: str, **query: str) -> str:
    path = "/stories/" + quote(story, safe="")
    return path + ("?" + urlencode(query) if query else "")


@dataclass(frozen=True)
class PassageLinks(_Refs):
    """Citations as links to the cited passage, highlighted in its article's own page."""

    def links(self, cites: Iterable[Citation], more: int = 0) -> str:
        out = []
        for c in dict.fromkeys(cites):
            n = self.numbers.get(c.article)
            if n is None:
                out.append(f'<span class="cite">[{_e(c.article)}]</span>')
                continue
            valid = 0 <= c.start < c.end <= self.lengths.get(c.article, 0)
            href = article_href(c.article, c.start, c.end) if valid else article_href(c.article)
            out.append(f'<a class="cite" href="{_e(href)}" aria-label="source {n}">[{n}]</a>')
        return "".join(out) + more_note(more)


def layout(title: str, body: str, current: str = "") -> str:
    def nav(href: str, label: str) -> str:
        mark = ' aria-current="page"' if href == current else ""
        return f'<a href="{href}"{mark}>{label}</a>'

    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)} · newsbrief</title><style>{CSS}{EXTRA_CSS}</style></head><body>"
        '<a class="skip" href="#main">Skip to the content</a>'
        '<header><nav aria-label="Main">'
        '<a class="brand" href="/">newsbrief</a>'
        f'{nav("/", "Stories")}{nav("/search", "Search")}{nav("/add", "Add articles")}'
        "</nav></header>"
        f'<main id="main" tabindex="-1">{body}</main>'
        f"<footer><p>newsbrief {_e(__version__)} · briefs cite their sources; "
        '<a href="/api/openapi.json">API (OpenAPI)</a></p></footer></body></html>'
    )


def page(title: str, body: str, current: str = "", status: int = 200) -> HTMLResponse:
    return HTMLResponse(layout(title, body, current), status)


def error_page(status: int, message: str) -> HTMLResponse:
    return page("Error", f'<h1>Error {status}</h1><p class="alert" role="alert">{_e(message)}</p>', status=status)


def _dates(row: StoryRow) -> str:
    return " to ".join(dict.fromkeys(d for d in (row.first, row.last) if d)) or "undated"


def _when(stamp: str) -> dt.datetime | None:
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def story_list(listing: reads.StoryPage, last_visit: dt.datetime | None, offset: int) -> str:
    # updated and visit times are whole seconds: a change in the second of the visit counts as new
    new = [r for r in listing.rows if last_visit and (u := _when(r.updated)) and u >= last_visit]
    seen = f"{len(new)} new or updated since your last visit" if last_visit else "your first visit: all are new"
    out = [f"<h1>Stories</h1><p class=meta>{listing.total} stories, most covered first · {seen}</p>"]
    if not listing.rows:
        out.append('<p>No story yet. <a href="/add">Add articles</a> or run <code>newsbrief add</code>.</p>')
    out.append('<ol class="stories">')
    for r in listing.rows:
        badge = '<span class="new">new</span>' if r in new or last_visit is None else ""
        outlets = "".join(f"<li>{_e(o)} · {n}</li>" for o, n in listing.coverage.get(r.id, ()))
        out.append(
            f'<li><article aria-labelledby="s-{_e(r.id)}"><h2 id="s-{_e(r.id)}">'
            f'<a href="{_e(story_href(r.id))}">{_e(r.title)}</a>{badge}</h2>'
            f"<p class=meta>{r.articles} articles · {r.outlets} outlets · {_e(_dates(r))} · "
            f'last update <time datetime="{_e(r.updated)}">{_e(r.updated.replace("T", " ")[:16])}</time></p>'
            f'<ul class="coverage" aria-label="coverage by outlet">{outlets}</ul></article></li>'
        )
    out.append("</ol>")
    nav = []
    if offset > 0:
        nav.append(f'<a href="/?offset={max(0, offset - PAGE_SIZE)}" rel="prev">Previous</a>')
    if offset + PAGE_SIZE < listing.total:
        nav.append(f'<a href="/?offset={offset + PAGE_SIZE}" rel="next">Next</a>')
    if nav:
        out.append(f'<nav aria-label="Pages"><p>{" · ".join(nav)}</p></nav>')
    return "".join(out)


def _sources(articles: Iterable[Article], numbers: dict[str, int]) -> str:
    items = []
    for a in articles:
        meta = _byline(a)
        url = _safe_url(a.url)
        original = f' · <a href="{_e(url)}" rel="noreferrer noopener">original</a>' if url else ""
        items.append(f'<li>[{numbers[a.id]}] <a href="{_e(article_href(a.id))}">{_e(a.title or a.id)}</a>'
                     f" <span class=meta>{_e(meta)}</span>{original}</li>")
    return f'<section id="sources" aria-labelledby="h-sources"><h2 id="h-sources">Sources</h2><ol class="sources">' \
           f'{"".join(items)}</ol></section>'


def story_body(brief: Brief, row: StoryRow, since: dt.date | None, notice: str = "") -> str:
    numbers = {a.id: i for i, a in enumerate(brief.articles, 1)}
    refs = PassageLinks(numbers, {a.id: len(a.text) for a in brief.articles})
    what = f"What is new since {since.isoformat()}" if since else "Summary"
    return "".join([
        f'<p class="notice" role="status">{_e(notice)}</p>' if notice else "",
        f"<header><h1>{_e(row.title)}</h1><p class=meta>{row.articles} articles · {row.outlets} outlets · "
        f"{_e(_dates(row))} · last update {_e(row.updated.replace('T', ' ')[:16])} · summary by "
        f"{_e(brief.summary.summarizer)}</p></header>",
        f'<form class="inline" method="get" action="{_e(story_href(row.id))}" role="search" aria-label="Updates">'
        f'<label for="since">What is new since</label><input id="since" name="since" type="date" '
        f'value="{_e(since.isoformat() if since else "")}"><button type="submit">Show</button></form>',
        f'<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary">{_e(what)}</h2>'
        f"{_summary(brief.summary, refs)}</section>",
        _story(brief.story, refs),
        _events(brief, refs),
        _sources(brief.articles, numbers),
    ])


def _byline(a: Article) -> str:
    day = "undated"
    if a.published:
        how = f" ({a.published_from})" if a.published_from in ("event", "dateline") else ""
        day = a.published.isoformat() + how
    return " · ".join(x for x in (a.source or reads.UNKNOWN_OUTLET, a.author, day) if x)


def article_body(found: reads.StoredArticle, span: tuple[int, int] | None) -> str:
    a = found.article
    text = a.text
    if span:
        s, e = span
        body = f'{_e(text[:s])}<mark id="passage" tabindex="-1">{_e(text[s:e])}</mark>{_e(text[e:])}'
    else:
        body = _e(text)
    meta = _byline(a)
    url = _safe_url(a.url)
    links = [f'<a href="{_e(story_href(found.story))}">the story</a>'] if found.story else []
    if url:
        links.append(f'<a href="{_e(url)}" rel="noreferrer noopener">the original</a>')
    jump = '<p><a href="#passage">Jump to the cited passage</a></p>' if span else ""
    return (f'<article class="article" aria-labelledby="h-article"><h1 id="h-article">{_e(a.title or a.id)}</h1>'
            f"<p class=meta>{_e(meta)}{' · ' + ' · '.join(links) if links else ''}</p>{jump}"
            f'<div class="body">{body}</div></article>')


def search_body(q: str, result: Any, offset: int, limit: int) -> str:
    out = ['<h1>Search</h1><form class="inline" method="get" action="/search" role="search">'
           f'<label for="q">Search the articles</label><input id="q" name="q" type="search" value="{_e(q)}" '
           'required maxlength="500"><button type="submit">Search</button></form>']
    if q:
        out.append(f'<p class=meta role="status">{result.total} articles match {_e(q)!s}</p><ol class="hits">')
        for h in result.hits:
            snippet = _e(h.snippet).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
            meta = " · ".join(x for x in (h.source or reads.UNKNOWN_OUTLET, h.published or "undated") if x)
            story = f' · <a href="{_e(story_href(h.story))}">its story</a>' if h.story else ""
            out.append(f'<li><a href="{_e(article_href(h.id, h.start, h.end))}">{_e(h.title or h.id)}</a> '
                       f"<span class=meta>{_e(meta)}</span>{story}<p>{snippet}</p></li>")
        out.append("</ol>")
        if offset + limit < result.total:
            out.append(f'<p><a href="/search?{urlencode({"q": q, "offset": offset + limit})}" rel="next">More</a></p>')
    return "".join(out)


def add_body(error: str = "", values: dict[str, str] | None = None, field: str | None = None) -> str:
    v = values or {}

    def box(name: str, label: str, kind: str = "text", hint: str = "") -> str:
        invalid = ' aria-invalid="true"' if field == name else ""
        described = f' aria-describedby="hint-{name}"' if hint else ""
        extra = f'<span id="hint-{name}" class=meta>{_e(hint)}</span>' if hint else ""
        return (f'<label for="f-{name}">{label}</label>{extra}<input id="f-{name}" name="{name}" type="{kind}" '
                f'value="{_e(v.get(name, ""))}"{invalid}{described}>')

    alert = f'<p class="alert" role="alert">{_e(error)}</p>' if error else ""
    text_invalid = ' aria-invalid="true"' if field == "text" else ""
    return (
        f"<h1>Add articles</h1>{alert}"
        '<section aria-labelledby="h-one"><h2 id="h-one">An article</h2>'
        '<form class="stack" method="post" action="/add">'
        '<label for="f-text">Text or HTML of the article</label>'
        f'<textarea id="f-text" name="text" required{text_invalid}>{_e(v.get("text", ""))}</textarea>'
        f'{box("title", "Title")}{box("source", "Outlet")}{box("url", "Address (http or https)", "url")}'
        f'{box("published", "Published on", "date")}'
        '<button type="submit">Add the article</button></form></section>'
        '<section aria-labelledby="h-feed"><h2 id="h-feed">A page, feed or sitemap</h2>'
        '<form class="stack" method="post" action="/add/url">'
        f'{box("url_feed", "Address of a page, an RSS/Atom feed or a sitemap", "url", "a feed is remembered")}'
        '<button type="submit">Fetch and add</button></form></section>'
    )


async def form_fields(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    """The fields of a url-encoded form post (415 for another Content-Type, 400 for bad encoding)."""
    value = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if value != "application/x-www-form-urlencoded":
        raise Refused(415, "Content-Type must be application/x-www-form-urlencoded", "Content-Type")
    try:
        parsed = parse_qs((await request.body()).decode("ascii"), keep_blank_values=True, errors="strict",
                          max_num_fields=50)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refused(400, f"malformed form body ({type(exc).__name__})", None) from None
    unknown = sorted(set(parsed) - set(names))
    if unknown:
        raise Refused(422, f"unknown form field {unknown[0][:40]!r}", unknown[0][:40])
    return {k: parsed[k][0] for k in names if k in parsed}


def install_pages(app: FastAPI) -> None:
    from .app import desk, documents, passage, validation_error

    def refusal(exc: Exception) -> HTMLResponse:
        status = getattr(exc, "status", 503)
        response = error_page(status, str(exc))
        if isinstance(exc, Busy):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home(request: Request, offset: Annotated[int, Query(ge=0, le=10**9)] = 0) -> Response:
        listing = await desk(request).read(reads.story_page, None, offset, PAGE_SIZE)
        last = _when(request.cookies.get(VISIT_COOKIE, ""))
        response = page("Stories", story_list(listing, last, offset), "/")
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        response.set_cookie(VISIT_COOKIE, now, max_age=365 * 86400, httponly=True, samesite="lax")
        return response

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    async def story_page(request: Request, story_id: str, since: dt.date | None = None,
                         added: str | None = None) -> Response:
        d = desk(request)
        added = added if added in ADDED else None
        try:
            text, key = await d.brief(story_id, Options(format="json"), since)
        except JobError as exc:
            row = await d.read(reads.story_row, story_id) if exc.status == 422 and since else None
            if row is None:
                return refusal(exc)
            return page(row.title, f"<h1>{_e(row.title)}</h1><p role=\"status\">Nothing new since "
                        f"{_e(since.isoformat() if since else '')}: no article of this story was published after "
                        f'that day.</p><p><a href="{_e(story_href(row.id))}">The whole story</a></p>')
        except (Refused, Busy) as exc:
            return refusal(exc)
        key = ("page", *key, added)
        cached = d.pages.get(key)
        if not isinstance(cached, str):
            row = await d.read(reads.story_row, story_id)
            if row is None:
                return error_page(404, f"no story {story_id!r}")
            notice = f"Added {added}; the story now has {row.articles} articles." if added else ""
            cached = layout(row.title, story_body(brief_from_data(json.loads(text)), row, since, notice))
            d.pages.put(key, cached)
        return d.respond(request, key, cached, "text/html; charset=utf-8")

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    async def article_page(request: Request, article_id: str, start: Annotated[int | None, Query(ge=0)] = None,
                           end: Annotated[int | None, Query(ge=0)] = None) -> Response:
        found = await desk(request).read(reads.article, article_id)
        if found is None:
            return error_page(404, f"no article {article_id[:200]!r}")
        try:
            span = passage(found.article.text, start, end)
        except Refused as exc:
            return refusal(exc)
        return page(found.article.title or found.article.id, article_body(found, span))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                          offset: Annotated[int, Query(ge=0, le=10**6)] = 0) -> Response:
        result = await desk(request).read(lambda store: search(store.db, q, 20, offset)) if q.strip() else None
        return page("Search", search_body(q, result, offset, 20), "/search")

    @app.get("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add_form() -> Response:
        return page("Add articles", add_body(), "/add")

    @app.post("/add", response_class=HTMLResponse, include_in_schema=False)
    async def add_article(request: Request) -> Response:
        values = await form_fields(request, ("text", "title", "source", "url", "published"))
        given = {k: v.strip() for k, v in values.items() if v.strip() and k != "text"}
        try:
            item = ArticleIn(text=values.get("text", ""), **given)
            docs = documents([item], "the add form")
        except ValidationError as exc:
            err = validation_error(exc.errors())
            return page("Add articles", add_body(str(err), values, err.field), "/add", 422)
        except Refused as exc:
            return page("Add articles", add_body(str(exc), values, "text"), "/add", exc.status)
        d = desk(request)
        try:
            result = await d.pool.run(add_job, str(d.config.store), docs, d.config.limits)
        except (Busy, JobError) as exc:
            return page("Add articles", add_body(str(exc), values, "text"), "/add", getattr(exc, "status", 503))
        placed = result["articles"][0] if result["articles"] else None
        if not placed or not placed["story"]:
            return RedirectResponse("/", 303)
        what = ADDED[1] if placed["duplicate"] else ADDED[0]
        return RedirectResponse(story_href(placed["story"], added=what), 303)

    @app.post("/add/url", response_class=HTMLResponse, include_in_schema=False)
    async def add_url(request: Request) -> Response:
        values = await form_fields(request, ("url_feed",))
        try:
            url = IngestIn(url=values.get("url_feed", "").strip()).url
        except ValidationError as exc:
            err = validation_error(exc.errors())
            return page("Add articles", add_body(str(err).replace("url:", "address:"), values, "url_feed"), "/add", 422)
        d = desk(request)
        try:
            result = await d.pool.run(ingest_job, str(d.config.store), url, d.config.limits)
        except (Busy, JobError) as exc:
            return page("Add articles", add_body(str(exc), values, "url_feed"), "/add", getattr(exc, "status", 503))
        notice = f"{result['added']} added, {result['duplicates']} already stored from {url}"
        return page("Add articles", f'<p class="notice" role="status">{_e(notice)}</p>' + add_body(), "/add")


"""Markdown output never passes raw HTML or script links through from the articles (XSS corpus)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.render import render
from newsbrief.render.markdown import safe_url, text
from newsbrief.types import (
    Article,
    Brief,
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

markdown_it = pytest.importorskip("markdown_it")

XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "![pic](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]\n\n[x]: javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#106;avascript:alert(1)",
    "`<script>`alert(1)`</script>`",
    r"\[x\](javascript:alert(1))",
    r"[a\](javascript:alert(1))",
    "<!-- hidden --><style>body{display:none}</style>",
    "line one\n\n<div onmouseover=alert(1)>block html</div>",
    "<details open ontoggle=alert(1)>",
    "[ok](https://example.org/\"onmouseover=alert(1))",
    "<<script>script>alert(1)<</script>/script>",
]
BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "java\tscript:alert(1)",
]
# tags a Markdown renderer may produce from our own syntax; anything else came from an article
ALLOWED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "em", "strong", "a", "hr",
                "code", "br", "blockquote", "pre"}


def _html(md: str) -> str:
    return markdown_it.MarkdownIt("commonmark").render(md)  # raw HTML enabled, as many renderers


def _check_inert(md: str) -> None:
    out = _html(md)
    tags = {t.lower() for t in re.findall(r"<\s*/?\s*([a-zA-Z][\w-]*)", out)}
    assert tags <= ALLOWED_TAGS, (tags - ALLOWED_TAGS, md)
    for attrs in re.findall(r"<[a-zA-Z][^>]*?\s([^>]*)>", out):
        names = re.findall(r"([\w-]+)=", attrs)
        assert set(names) <= {"href"}, (attrs, md)
    for href in re.findall(r'href="([^"]*)"', out):
        assert re.match(r"https?://", html.unescape(href)), (href, md)
    assert "javascript:" not in " ".join(re.findall(r"href=\"[^\"]*\"", out)).lower()
    assert not re.search(r"<(script|img|svg|iframe|style|div|details)\b", md, re.I), md


def _brief(payload: str, url: str | None = "https://example.org/a") -> Brief:
    cite = Citation("a1", 0, 5)
    a1 = Article(id="a1", text="Hello world.", title=payload, source=payload, url=url,
                 published=dt.date(2019, 1, 4))
    a2 = Article(id=payload, text="Other.", title=None, source="Outlet", url=payload)
    sent = (SummarySentence(payload, (cite,)),)
    story = Story(
        timeline=(TimelineEntry("2019-01-04", "day", payload, (cite,)),),
        consensus=(Fact(payload, (cite,), ("A", "B")),),
        unique=(Fact(payload, (cite,), ("A",)),),
        conflicts=(Conflict(payload, "number", (Claim(payload, cite), Claim("14 crew", cite))),),
        quotes=(Quote(payload, payload, (cite,), ("A",)),),
        entities=(Entity(payload, "PERSON", 3, ("a1",)),),
    )
    events = tuple(
        EventBrief(Event(f"e{i}", payload, ("a1",), dt.date(2019, 1, 4)), Summary(sent, "newsbrief"))
        for i in range(2)
    )
    return Brief((a1, a2), Summary(sent, "newsbrief"), story, events, warnings=(f"{payload}: skipped (x)",))


@pytest.mark.parametrize("payload", XSS)
def test_xss_payloads_are_inert_everywhere(payload):
    md = render(_brief(payload), "markdown")
    _check_inert(md)
    # and still readable: the payload is shown as text, not dropped
    shown = html.unescape(re.sub(r"<[^>]+>", "", _html(md)))
    assert shown.count(" ".join(payload.split())) >= 8


@pytest.mark.parametrize("url", BAD_URLS)
def test_only_http_urls_become_links(url):
    assert safe_url(url) is None
    md = render(_brief("Title", url=url), "markdown")
    _check_inert(md)
    assert "](" + url.strip() not in md


def test_http_url_is_a_link_with_an_encoded_destination():
    md = render(_brief("Title", url='https://example.org/a b"c)<x>'), "markdown")
    assert "[Title](https://example.org/a%20b%22c%29%3Cx%3E)" in md
    assert '<a href="https://example.org/a%20b%22c%29%3Cx%3E">Title</a>' in _html(md)


def test_plain_text_and_ids_stay_readable():
    assert text("Fish & chips <3 [sic]") == "Fish &amp; chips &lt;3 \\[sic\\]"
    assert text("two\nlines\t here") == "two lines here"
    md = render(_brief("Plain title"), "markdown")
    assert "— `a1`" in md and "# Plain title" in md


def test_cli_markdown_of_hostile_articles(tmp_path, capsys):
    from newsbrief.cli import main

    body = ("Officials said on Monday that the bridge would reopen next week after repairs. "
            "The repairs cost more than expected <script>alert(1)</script>, the city said. "
            "Engineers found [cracks](javascript:alert(1)) in two of the supports.")
    rows = [
        {"id": "x<img src=x onerror=alert(1)>", "title": "<img src=x onerror=alert(1)> Bridge",
         "url": "javascript:alert(1)", "source": "<b>Daily</b>", "text": body},
        {"id": "y", "title": "Bridge <svg/onload=alert(1)>", "url": "https://example.org/y",
         "source": "Courier", "text": body.replace("Monday", "Tuesday")},
    ]
    p = tmp_path / "hostile.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["brief", "--no-story", str(p)]) == 0
    md = capsys.readouterr().out
    _check_inert(md)
    assert "&lt;img src=x onerror=alert(1)&gt;" in md and "[Bridge &lt;svg/onload=alert(1)&gt;](https://example.org/y)" in md


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&[]()`\\!*_#:/\"' \nabcjavscript=1")), max_size=60))
def test_random_markup_is_inert(payload):
    _check_inert(f"- {text(payload)} [1]\n")
    assert "<" not in text(payload) and ">" not in text(payload)

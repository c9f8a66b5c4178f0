"""HTML documents: trafilatura extraction, metadata precedence, text rules after it."""

from __future__ import annotations

import datetime as dt

from newsbrief.clean import clean, clean_one
from newsbrief.types import RawDocument

PARAS = [
    "The city council voted on Tuesday to approve a new budget for the harbour district, officials said, "
    "ending a dispute that had lasted for most of the year.",
    "Council members argued for three hours before the final vote, which passed by seven votes to four, "
    "according to the minutes published after the session.",
    "The mayor said the plan would create hundreds of jobs over the next five years and promised a review "
    "of the spending every spring.",
    "Opponents said the budget relied on optimistic forecasts of port traffic and warned that taxes could "
    "rise if the forecasts proved wrong.",
]

PAGE = f"""<!doctype html>
<html lang="en"><head>
<title>Harbour budget approved | Harbour News</title>
<meta property="og:title" content="Harbour budget approved after marathon session">
<meta property="og:site_name" content="Harbour News">
<meta property="article:published_time" content="2019-03-03T10:15:00Z">
<meta name="author" content="Dana Reyes">
</head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>Harbour budget approved after marathon session</h1>
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
{"".join(f"<p>{p}</p>" for p in PARAS)}
<p>Follow Dana Reyes on Twitter: @danareyes</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">Ferry line to close</a></li><li><a href="/b">Storm warning</a></li></ul></aside>
<footer><p>Copyright 2019 Harbour News. All rights reserved.</p></footer>
</body></html>"""


def _doc(**meta: object) -> RawDocument:
    return RawDocument(id="p1", content=PAGE, kind="html", origin="page.html", **meta)  # type: ignore[arg-type]


def test_html_body_and_metadata() -> None:
    article = clean_one(_doc(url="https://www.harbour.example.com/politics/budget"))
    assert article is not None
    assert article.text.split("\n\n") == PARAS
    assert article.title == "Harbour budget approved after marathon session"
    assert article.source == "Harbour News"
    assert article.author == "Dana Reyes"
    assert article.published == dt.date(2019, 3, 3)
    assert article.published_from == "metadata"
    assert article.url == "https://www.harbour.example.com/politics/budget"


def test_jsonl_metadata_wins_over_page_metadata() -> None:
    doc = _doc(
        title="Given title", source="Given Outlet", author="Given Author", published=dt.date(2020, 1, 2)
    )
    (article,) = clean([doc])
    assert (article.title, article.source, article.author) == ("Given title", "Given Outlet", "Given Author")
    assert article.published == dt.date(2020, 1, 2) and article.published_from == "metadata"
    assert "Share on" not in article.text and "Most read" not in article.text


def test_page_without_article_is_skipped() -> None:
    doc = RawDocument(
        id="e", content="<html><body><nav>Home</nav></body></html>", kind="html", origin="e.html"
    )
    assert clean([doc]) == []


def test_pages_that_are_not_html_give_no_text_and_no_traceback() -> None:
    from newsbrief.clean.html import extract, page_metadata

    for content in ("", "<<<>>>" * 1000, "<html></html>"):
        ex = extract(content)
        assert ex.text.strip() == "" and ex.title is None
        assert page_metadata(content).title is None
    assert extract(b"\x00\xff\xfe").text == ""
    docs = [RawDocument(id="bad", content="<<<>>>" * 1000, kind="html", origin="bad.html"), _doc()]
    assert [a.id for a in clean(docs)] == ["p1"]  # the good page beside the bad one is kept


def test_a_stream_of_pages_is_cleaned_as_a_list_is_without_keeping_the_pages() -> None:
    """``clean`` reads a generator once and gives what it gives for the list (the pipeline's
    ``load`` streams pages through it so that raw HTML is not all held at once)."""
    import gc
    import weakref

    docs = [RawDocument(f"p{i}.html", PAGE.replace("seven votes", f"{7 + i} votes"), "html", f"p{i}.html")
            for i in range(3)] + [RawDocument("t.txt", "\n\n".join(PARAS), "text", "t.txt")]
    expected = clean(docs)
    seen: list[weakref.ref] = []

    class Content(str):  # a str that can be watched: is the raw page still held after cleaning?
        pass

    def stream():
        for d in docs:
            content = Content(d.content)
            seen.append(weakref.ref(content))
            yield RawDocument(d.id, content, d.kind, d.origin)

    assert clean(stream()) == expected
    gc.collect()
    assert len(seen) == 4 and all(ref() is None for ref in seen)

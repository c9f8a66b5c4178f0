"""The web desk's JSON API in process (FastAPI's TestClient over the real app and a real store)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web desk needs the server extra: pip install 'newsbrief[server]'")

from fastapi.testclient import TestClient  # noqa: E402
from web_support import TEXT, sample_store  # noqa: E402

from newsbrief.web.app import WebConfig, create_app  # noqa: E402
from newsbrief.web.work import Busy, WorkerPool  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return sample_store(tmp_path_factory.mktemp("web") / "store.sqlite")


@pytest.fixture(scope="module")
def client(store):
    app = create_app(WebConfig(store=store, workers=2, processes=False, max_body=256 * 1024))
    with TestClient(app, base_url="http://127.0.0.1") as c:
        yield c


def test_health_and_openapi(client):
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["articles"] == 5 and health["stories"] == 1
    spec = client.get("/api/openapi.json").json()
    assert {"/api/articles", "/api/ingest", "/api/stories", "/api/stories/{story_id}", "/api/search",
            "/api/articles/{article_id}", "/api/health"} <= set(spec["paths"])
    body = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]
    assert {"application/json", "text/plain", "text/html"} <= set(body)
    # request models carry the Options' own fields and bounds
    words = next(p for p in spec["paths"]["/api/stories/{story_id}"]["get"]["parameters"] if p["name"] == "words")
    assert words["schema"]["maximum"] == 5000 and words["schema"]["minimum"] == 1


def test_stories_paged_and_since(client):
    data = client.get("/api/stories").json()
    assert data["total"] == 1 and data["stories"][0]["id"] == "s1"
    s1 = data["stories"][0]
    assert s1["articles"] == 5 and s1["first"] == "2019-01-04" and s1["last"] == "2019-03-03"
    assert sum(c["articles"] for c in s1["coverage"]) == 5
    assert client.get("/api/stories", params={"offset": 1}).json()["stories"] == []
    assert client.get("/api/stories", params={"since": "2019-03-01"}).json()["total"] == 1
    assert client.get("/api/stories", params={"since": "2030-01-01"}).json()["total"] == 0
    bad = client.get("/api/stories", params={"since": "soon"})
    assert bad.status_code == 422 and bad.json()["field"] == "since"
    bad = client.get("/api/stories", params={"limit": 0})
    assert bad.status_code == 422 and bad.json()["field"] == "limit"


def test_story_brief_and_update(client):
    brief = client.get("/api/stories/s1", params={"words": 60}).json()
    assert brief["summary"] and all(s["citations"] for s in brief["summary"])
    assert sum(len(s["text"].split()) for s in brief["summary"]) <= 60
    assert len(brief["events"]) == 3
    update = client.get("/api/stories/s1", params={"since": "2019-01-05"}).json()
    dates = {a["id"]: a["published"] for a in update["articles"]}
    cited = {c["article"] for s in update["summary"] for c in s["citations"]}
    assert update["since"] == "2019-01-05" and cited
    assert all(dates[a] > "2019-01-05" for a in cited)


@pytest.mark.parametrize("params,field", [
    ({"words": 0}, "words"), ({"words": "many"}, "words"), ({"summarizer": "nope"}, "summarizer"),
    ({"cite_threshold": 0}, "cite_threshold"), ({"story": "perhaps"}, "story"), ({"wrods": 5}, "wrods"),
    ({"since": "2019-13-01"}, "since"),
])
def test_story_options_refused_naming_the_field(client, params, field):
    r = client.get("/api/stories/s1", params=params)
    assert r.status_code == 422 and r.json()["field"] == field and r.json()["error"], r.text


def test_unknown_story_and_article(client):
    r = client.get("/api/stories/nope")
    assert r.status_code == 404 and r.json()["field"] == "story_id"
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and r.json()["field"] == "article_id"
    r = client.get("/nothing-here")
    assert r.status_code == 404 and r.json() == {"error": "Not Found", "field": None}


def test_article_with_highlighted_passage(client):
    brief = client.get("/api/stories/s1").json()
    cite = brief["summary"][0]["citations"][0]
    r = client.get(f"/api/articles/{cite['article']}", params={"start": cite["start"], "end": cite["end"]})
    data = r.json()
    assert r.status_code == 200 and data["story"] == "s1" and data["event"]
    assert data["highlight"]["text"] == data["text"][cite["start"]:cite["end"]] != ""
    assert client.get(f"/api/articles/{cite['article']}").json()["highlight"] is None
    for params, field in (({"start": 5, "end": 10**6}, "end"), ({"start": 9, "end": 9}, "start"),
                          ({"start": 3}, "end"), ({"start": -1, "end": 4}, "start")):
        r = client.get(f"/api/articles/{cite['article']}", params=params)
        assert r.status_code == 422 and r.json()["field"] == field, (params, r.text)


def test_search(client):
    data = client.get("/api/search", params={"q": "Netanyahu Putin Syria"}).json()
    assert data["total"] >= 3 and data["hits"]
    hit = data["hits"][0]
    assert "\u0002" in hit["snippet"] and hit["story"] == "s1"
    article = client.get(f"/api/articles/{hit['id']}", params={"start": hit["start"], "end": hit["end"]}).json()
    assert article["highlight"]["text"].lower().startswith(("netanyahu", "putin", "syria"))
    # FTS5 syntax in a reader's query is words, never an error
    for q in ('"unbalanced', "AND OR NOT", "NEAR(a b)", "col:x*", "-", "‽"):
        r = client.get("/api/search", params={"q": q})
        assert r.status_code == 200, (q, r.text)
    assert client.get("/api/search", params={"q": "xylophonequartz"}).json()["total"] == 0
    r = client.get("/api/search")
    assert r.status_code == 422 and r.json()["field"] == "q"


def test_post_json_then_duplicate_then_search(client):
    article = {"text": TEXT, "title": "Elm Street bridge reopens", "source": "Harbour News",
               "url": "https://example.org/bridge", "published": "2024-05-06"}
    first = client.post("/api/articles", json={"articles": [article]})
    assert first.status_code == 200, first.text
    placed = first.json()["articles"][0]
    assert first.json()["added"] == 1 and placed["story"] and not placed["duplicate"]
    again = client.post("/api/articles", json={"articles": [{**article, "url": None}]}).json()
    assert again["added"] == 0 and again["duplicates"] == 1
    assert again["articles"][0]["id"] == placed["id"] and again["articles"][0]["duplicate"]
    hits = client.get("/api/search", params={"q": "Elm bridge repairs"}).json()["hits"]
    assert [h["id"] for h in hits] == [placed["id"]]
    stories = client.get("/api/stories").json()["stories"]
    assert placed["story"] in {s["id"] for s in stories}
    mine = next(s for s in stories if s["id"] == placed["story"])
    assert mine["coverage"] == [{"outlet": "Harbour News", "articles": 1}]


def test_post_text_and_html(client):
    text = ("Flood waters rose along the Tamar river on Tuesday, forcing the closure of three roads. "
            "The council opened two shelters and said the river would peak overnight.")
    r = client.post("/api/articles", content=text.encode(), params={"title": "Tamar floods", "source": "Western Post",
                                                                    "published": "2024-02-06"},
                    headers={"Content-Type": "text/plain; charset=utf-8"})
    assert r.status_code == 200 and r.json()["added"] == 1, r.text
    page = ("<html><head><title>Snow closes the pass</title></head><body><nav>Home | News</nav><article>"
            "<h1>Snow closes the pass</h1><p>Heavy snow closed the Kirkstone pass on Wednesday, the police said, "
            "and drivers were told to avoid the route until the weekend.</p><p>Gritters worked through the "
            "night on the lower roads while forecasters warned of more snow on Thursday.</p></article>"
            "<footer>Copyright 2024</footer></body></html>")
    r = client.post("/api/articles", content=page.encode(), headers={"Content-Type": "text/html"})
    assert r.status_code == 200 and r.json()["added"] == 1, r.text
    stored = client.get(f"/api/articles/{r.json()['articles'][0]['id']}").json()
    assert "Kirkstone" in stored["text"] and "Home | News" not in stored["text"]


@pytest.mark.parametrize("body,ctype,status,field", [
    ({"articles": [{"text": TEXT, "url": "javascript:alert(1)"}]}, "application/json", 422, "articles[0].url"),
    ({"articles": [{"text": TEXT, "url": 5}]}, "application/json", 422, "articles[0].url"),
    ({"articles": [{"text": TEXT, "published": "soon"}]}, "application/json", 422, "articles[0].published"),
    ({"articles": [{"text": TEXT, "source": ["x"]}]}, "application/json", 422, "articles[0].source"),
    ({"articles": [{"text": TEXT, "wrods": 1}]}, "application/json", 422, "articles[0].wrods"),
    ({"articles": [{"title": "no text"}]}, "application/json", 422, "articles[0].text"),
    ({"articles": [{"text": "   "}]}, "application/json", 422, "articles[0].text"),
    ({"articles": []}, "application/json", 422, "articles"),
    ({"documents": []}, "application/json", 422, "articles"),
    ([TEXT], "application/json", 422, None),
    (b"{not json", "application/json", 400, None),
    (b'{"articles": [{"text": "\xff\xfe"}]}', "application/json", 400, "body"),
    ({"articles": [{"text": TEXT}]}, "application/xml", 415, "Content-Type"),
    ({"articles": [{"text": TEXT}]}, "application/x-www-form-urlencoded", 415, "Content-Type"),
    ({"articles": [{"text": TEXT}]}, "application/json; charset=latin-1", 415, "Content-Type"),
    (b"x" * (300 * 1024), "text/plain", 413, "Content-Length"),
    (b"   ", "text/plain", 422, "articles[0].text"),
])
def test_post_refused_with_json_error(client, body, ctype, status, field):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    r = client.post("/api/articles", content=data, headers={"Content-Type": ctype})
    assert r.status_code == status, r.text
    assert r.json()["field"] == field and r.json()["error"] and "\n" not in r.json()["error"]


def test_ingest_refuses_what_is_not_a_web_address(client):
    for url in ("file:///etc/passwd", "ftp://example.org/feed", "http://", 5):
        r = client.post("/api/ingest", json={"url": url})
        assert r.status_code == 422 and r.json()["field"] == "url", r.text


def test_cross_site_and_foreign_host_refused(client):
    r = client.post("/api/articles", json={"articles": [{"text": TEXT}]}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and r.json()["field"] == "Origin"
    r = client.post("/api/articles", json={"articles": [{"text": TEXT}]}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403
    r = client.get("/api/health", headers={"Host": "evil.example"})
    assert r.status_code == 421 and r.json()["field"] == "Host"
    r = client.get("/api/health", headers={"Host": "localhost:8000"})
    assert r.status_code == 200
    assert r.headers["x-content-type-options"] == "nosniff"


def test_store_file_problems_said_in_one_line(tmp_path):
    from newsbrief.store import StoreError

    bad = tmp_path / "not-a-store.sqlite"
    bad.write_bytes(b"this is not SQLite at all" * 100)
    with pytest.raises(StoreError, match="not-a-store.sqlite"):
        create_app(WebConfig(store=bad, processes=False))


def test_pool_is_bounded_and_replaces_a_dead_worker():
    async def scenario() -> None:
        pool = WorkerPool(1, 0, processes=False)
        first = asyncio.ensure_future(pool.run(time.sleep, 0.5))
        await asyncio.sleep(0.05)
        with pytest.raises(Busy) as busy:
            await pool.run(divmod, 7, 2)
        assert busy.value.retry_after >= 1
        await first
        assert await pool.run(divmod, 7, 2) == (3, 1) and pool.admitted == 0
        pool.shutdown()
        dying = WorkerPool(1, 0, processes=True)
        try:
            with pytest.raises(Busy):
                await dying.run(os._exit, 3)  # the worker process dies mid-job
            assert await dying.run(divmod, 9, 4) == (2, 1) and dying.admitted == 0
        finally:
            dying.shutdown()

    asyncio.run(scenario())


def test_serve_cli_without_the_extra_says_how_to_install(monkeypatch, capsys):
    import builtins

    from newsbrief.cli import main

    real = builtins.__import__

    def no_uvicorn(name, *args, **kwargs):
        if name == "uvicorn":
            raise ImportError("No module named 'uvicorn'", name="uvicorn")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    assert main(["serve", "--port", "0"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pip install 'newsbrief[server]'" in err


def test_a_version_2_store_gets_its_articles_indexed(tmp_path):
    import sqlite3

    from newsbrief.store import Store
    from newsbrief.store.schema import MIGRATIONS
    from newsbrief.store.search import search

    path = tmp_path / "v2.sqlite"
    db = sqlite3.connect(path)
    db.executescript("BEGIN;" + MIGRATIONS[0] + ";" + MIGRATIONS[1] + "; PRAGMA user_version = 2;")
    db.execute("INSERT INTO articles (id, hash, text, raw, kind, origin, added, title) VALUES"
               " ('old', 'h', 'Gales toppled the pier lights at Southwold.', '', 'text', 'x', ?, 'Pier')",
               (dt.datetime.now().isoformat(),))
    db.commit()
    db.close()
    with Store.open(path) as store:
        assert [h.id for h in search(store.db, "southwold piers").hits] == ["old"]
        store.db.execute("UPDATE articles SET text = 'Calm seas at Aldeburgh.' WHERE id = 'old'")
        assert search(store.db, "southwold").total == 0 and search(store.db, "aldeburgh").total == 1
        store.db.execute("DELETE FROM articles")
        assert search(store.db, "aldeburgh").total == 0


def test_ingest_a_feed_from_a_local_site(client, monkeypatch):
    from conftest import EVAL, need
    from intake_server import Site, load_pages

    need(EVAL / "article-extraction" / "html")
    for name, value in (("NEWSBRIEF_PER_HOST_RATE", "0"), ("NEWSBRIEF_TRUST_ENV", "0"), ("NEWSBRIEF_TIMEOUT", "5")):
        monkeypatch.setenv(name, value)
    site = Site(load_pages(3)).start()
    try:
        r = client.post("/api/ingest", json={"url": site.url("/feed.xml")})
        assert r.status_code == 200, r.text
        data = r.json()
        assert data["added"] >= 3 and data["feeds"][0]["url"] == site.url("/feed.xml") and data["feeds"][0]["new"] >= 3
        again = client.post("/api/ingest", json={"url": site.url("/feed.xml")}).json()
        assert again["added"] == 0  # remembered: nothing new in the feed
        r = client.post("/api/ingest", json={"url": site.url("/missing.html")})
        assert r.status_code == 422 and r.json()["field"] == "url"
    finally:
        site.close()


def test_cache_is_bounded_in_entries_and_characters():
    from newsbrief.web.app import Cache

    cache = Cache(size=3, chars=10)
    for i in range(5):
        cache.put((i,), "ab")
    assert cache.get((0,)) is None and cache.get((4,)) == "ab"
    cache.put(("big",), "x" * 9)  # pushes the others out
    assert cache.get((4,)) is None and cache.get(("big",)) == "x" * 9
    cache.put(("huge",), "x" * 11)  # larger than the whole cache: not kept
    assert cache.get(("huge",)) is None and cache.get(("big",)) == "x" * 9


def test_story_answers_gzip_when_accepted(client):
    from newsbrief.web.app import accepts_gzip

    plain = client.get("/api/stories/s1", headers={"Accept-Encoding": "identity"})
    packed = client.get("/api/stories/s1", headers={"Accept-Encoding": "gzip, deflate"})
    assert "content-encoding" not in plain.headers and packed.headers["content-encoding"] == "gzip"
    assert packed.json() == plain.json() and packed.headers["vary"] == "Accept-Encoding"
    page = client.get("/stories/s1", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip" and "<main" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert [accepts_gzip(h) for h in ("gzip", "br, gzip;q=0.5", "*", "gzip;q=0", "identity", "", "gzip;q=x")] == [
        True, True, True, False, False, False, False]


def test_story_page_since_a_day_with_nothing_new(client):
    r = client.get("/stories/s1", params={"since": "2030-01-01"})
    assert r.status_code == 200 and "Nothing new since 2030-01-01" in r.text and 'href="/stories/s1"' in r.text
    r = client.get("/stories/s1", params={"since": "2019-01-05"})
    assert r.status_code == 200 and "What is new since 2019-01-05" in r.text
    assert client.get("/stories/nope").status_code == 404

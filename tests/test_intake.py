"""Intake from where news lives: urls, RSS/Atom feeds and sitemaps, fetched from a real HTTP server on
127.0.0.1 (``intake_server``) serving real news pages; failures give one line each, in bounded time."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from conftest import EVAL, need
from intake_server import Site, load_pages

from newsbrief.clean.html import page_metadata, site_domain
from newsbrief.ingest import read
from newsbrief.ingest.feeds import parse_feed, xml_kind
from newsbrief.ingest.pages import decode_page
from newsbrief.ingest.web import FetchSettings, HostLimiter
from newsbrief.options import Limits

TIMEOUT = 1.0
FAST = FetchSettings(timeout=TIMEOUT, per_host_rate=0, trust_env=False, backoff=0.05, retry_after_cap=3)


@pytest.fixture(scope="module")
def site():
    need(EVAL / "article-extraction" / "html")
    s = Site(load_pages(4), slow=6).start()
    yield s
    s.close()


def fetch(urls, settings=FAST, limits=None, **kw):
    warnings: list[str] = []
    docs = list(read(urls, warnings.append, limits=limits, fetch=settings, **kw))
    return docs, warnings


def by_url(docs):
    return {d.url: d for d in docs}


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(NEWSBRIEF_PER_HOST_RATE="0", NEWSBRIEF_TIMEOUT=str(TIMEOUT), NEWSBRIEF_TRUST_ENV="0",
               NEWSBRIEF_BACKOFF="0.05", NEWSBRIEF_RETRY_AFTER_CAP="3", **extra)
    return env


def cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], capture_output=True, text=True,
                          env=cli_env(**env), timeout=120)


# ---- feeds -------------------------------------------------------------------------------------


def test_rss_feed_entries_are_fetched_and_page_metadata_wins(site):
    docs, warnings = fetch([site.url("/feed.xml")])
    assert len(docs) == 6  # 4 pages, the plain page, the summary of the gone one
    urls = by_url(docs)
    wsj = next(d for d in docs if "wsj.com" in (d.url or ""))
    # the page's own metadata beats the feed's: canonical url, site name, date, author
    assert wsj.kind == "html" and wsj.url.startswith("https://www.wsj.com/articles/")
    assert wsj.source == "Wall Street Journal" and wsj.published == dt.date(2019, 11, 19)
    assert wsj.author == "Sarah E Needleman" and wsj.title.startswith("Google Stadia")
    # a page without metadata gets the entry's and the feed's
    plain = urls[site.url("/articles/plain.html")]
    assert plain.title == "Council expands bus network" and plain.author == "Plain Writer"
    assert plain.published == dt.date(2024, 3, 4) and plain.source == "Test Wire"
    # an entry whose link is gone keeps its summary as text, said in a warning
    gone = urls[site.url("/missing")]
    assert gone.kind == "text" and "mayor resigned" in gone.content and gone.published == dt.date(2024, 3, 6)
    assert any("/missing: HTTP 404; the feed entry's own text is used" in w for w in warnings)
    # an entry on a path robots.txt disallows is not fetched
    assert any("/private/" in w and "robots.txt" in w for w in warnings)
    assert not any(k.startswith("/private/") for k in site.hits)
    assert all("\n" not in w for w in warnings)


@pytest.mark.parametrize("path,title", [("/atom.xml", "Atom Wire"), ("/rdf.xml", "RDF Wire")])
def test_atom_and_rss1_feeds(site, path, title):
    docs, warnings = fetch([site.url(path)])
    assert len(docs) == 5, warnings
    plain = by_url(docs)[site.url("/articles/plain.html")]
    assert plain.source == title and plain.author == "Plain Writer" and plain.published == dt.date(2019, 11, 14)
    assert {d.source for d in docs} >= {"Wall Street Journal", "NYTimes", "VentureBeat", "SlashGear"}


def test_feed_file_links_are_fetched(site, tmp_path):
    (tmp_path / "wire.rss").write_bytes(site.rss())
    docs, _ = fetch([tmp_path / "wire.rss"])
    assert len(docs) == 6 and sum(d.kind == "html" for d in docs) == 5


def test_feed_parsing_without_network():
    rss = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
           b"<link>/rel/a.html</link><pubDate>Fri, 04 Jan 2019 10:00:00 +0100</pubDate>"
           b"<description>&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</description></item></channel></rss>")
    feed = parse_feed(rss, "http://127.0.0.1:9/feed.xml")
    (entry,) = feed.entries
    assert entry.link == "http://127.0.0.1:9/rel/a.html" and entry.published == dt.date(2019, 1, 4)
    assert entry.text == "One.\nTwo." and feed.title == "T"
    assert xml_kind(b"<html><body>x</body></html>") is None
    with pytest.raises(ValueError):
        parse_feed(b"plain words, no feed")


# ---- sitemaps ----------------------------------------------------------------------------------


def test_sitemap_and_index_expand_to_their_pages(site):
    docs, warnings = fetch([site.url("/sitemap.xml")])
    assert len(docs) == 5 and not warnings
    docs, warnings = fetch([site.url("/sitemap-index.xml")])  # one child plain, one gzipped
    assert len(docs) == 5 and not warnings, warnings
    assert {d.source for d in docs} >= {"Wall Street Journal", "SlashGear"}


def test_news_sitemap_fills_what_the_page_lacks(site):
    (doc,), _ = fetch([site.url("/news-sitemap.xml")])
    assert doc.title == "Buses for the north" and doc.source == "Sitemap Times"
    assert doc.published == dt.date(2024, 3, 5)


def test_sitemap_url_count_is_bounded(site):
    docs, warnings = fetch([site.url("/sitemap.xml")], FetchSettings(**{**FAST.__dict__, "max_urls": 2}))
    assert len(docs) == 2 and any("max_urls" in w for w in warnings)


# ---- pages and failures ------------------------------------------------------------------------


def test_page_url_redirect_and_retries(site):
    docs, warnings = fetch([site.url("/redirect"), site.url("/flaky")])
    assert len(docs) == 2 and [w for w in warnings if "duplicate article id" not in w] == []
    assert all(d.source == "Wall Street Journal" for d in docs)
    assert site.hits["/flaky"] == 2  # a 500, then the page


def test_retry_after_is_honoured(site):
    t0 = time.monotonic()
    docs, warnings = fetch([site.url("/busy")])
    assert len(docs) == 1 and not warnings
    assert time.monotonic() - t0 >= 0.9 and site.hits["/busy"] == 2


@pytest.mark.parametrize("path,says", [
    ("/slow", "timed out"),
    ("/dribble", "timed out"),
    ("/missing", "HTTP 404"),
    ("/error", "HTTP 503"),
    ("/busy-long", "retry after 3600 s"),
    ("/huge", "file_mb limit"),
    ("/huge-chunked", "file_mb limit"),
    ("/loop", "redirect loop"),
    ("/image.png", "image/png"),
    ("/data.json", "application/json"),
    ("/private/x.html", "disallowed by robots.txt"),
])
def test_failures_are_one_line_in_bounded_time(site, path, says):
    t0 = time.monotonic()
    docs, warnings = fetch([site.url(path)], limits=Limits(file_mb=1))
    elapsed = time.monotonic() - t0
    assert docs == []
    assert len(warnings) == 1 and says in warnings[0] and "\n" not in warnings[0], warnings
    assert warnings[0].startswith(site.url(path) + ": skipped (")
    assert elapsed < TIMEOUT + 1.5  # retries of /error: 0.05 + 0.1 s of backoff


def test_unreachable_url_is_one_line_and_other_inputs_still_work(tmp_path):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    text = tmp_path / "a.txt"
    text.write_text("A headline\n\nThe first body sentence is long enough to count here.\n", encoding="utf-8")
    t0 = time.monotonic()
    docs, warnings = fetch([f"http://127.0.0.1:{port}/news", text])
    assert [d.id for d in docs] == ["a.txt"]
    assert warnings == [f"http://127.0.0.1:{port}/news: skipped (cannot connect ([Errno 111] Connection refused))"]
    assert time.monotonic() - t0 < 2


def test_robots_once_per_host_user_agent_and_concurrency_bound(site):
    before = site.hits["/robots.txt"]
    site.max_active = 0
    settings = FetchSettings(**{**FAST.__dict__, "concurrency": 2, "user_agent": "newsbrief-test/1 (+x)"})
    urls = [site.url(f"/paced/{i}") for i in range(3)]
    t0 = time.monotonic()
    docs, warnings = fetch(urls, settings)
    assert len(docs) == 3, warnings
    assert site.hits["/robots.txt"] == before + 1
    assert "newsbrief-test/1 (+x)" in site.agents
    assert site.max_active <= 2
    # three pages of 0.3 s, in sequence here (one url input after another)
    assert time.monotonic() - t0 >= 3 * 0.3 - 0.1


def test_feed_pages_fetched_concurrently_within_the_bound(tmp_path, site):
    items = "".join(f"<item><title>P{i}</title><link>{site.base}/paced/f{i}</link></item>" for i in range(8))
    (tmp_path / "paced.rss").write_text(f'<rss version="2.0"><channel><title>Paced</title>{items}</channel></rss>')
    site.max_active = 0
    t0 = time.monotonic()
    docs, _ = fetch([tmp_path / "paced.rss"], FetchSettings(**{**FAST.__dict__, "concurrency": 4}))
    elapsed = time.monotonic() - t0
    assert len(docs) == 8
    assert site.max_active <= 4 and elapsed < 8 * 0.3  # in parallel, never more than 4 at once


def test_host_rate_limit_spaces_requests():
    limiter = HostLimiter(0.1, threading.Event())
    t0 = time.monotonic()
    for _ in range(4):
        limiter.wait("http://a")
    limiter.wait("http://b")  # another host does not wait
    assert 0.3 <= time.monotonic() - t0 < 0.6


def test_settings_from_environment_and_bad_values():
    warnings: list[str] = []
    s = FetchSettings.from_env({"NEWSBRIEF_TIMEOUT": "2.5", "NEWSBRIEF_CONCURRENCY": "zero",
                                "NEWSBRIEF_USER_AGENT": "me/1", "NEWSBRIEF_ROBOTS": "yes"}, warnings.append)
    assert s.timeout == 2.5 and s.concurrency == 4 and s.user_agent == "me/1" and s.robots
    assert len(warnings) == 1 and "NEWSBRIEF_CONCURRENCY" in warnings[0]
    assert FetchSettings().user_agent.startswith("newsbrief/") and "+https://" in FetchSettings().user_agent


# ---- metadata ------------------------------------------------------------------------------------


def test_page_metadata_canonical_outlet_and_domain():
    html = ('<html><head><title>Rates rise again - Example News</title>'
            '<link rel="canonical" href="/2024/03/rates.html"><meta property="og:site_name" content="Example News">'
            '<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
            "<body><article><p>The central bank raised rates.</p></article></body></html>")
    meta = page_metadata(html, "https://www.example.co.uk/amp/rates?x=1")
    assert meta.url == "https://www.example.co.uk/2024/03/rates.html"
    assert meta.sitename == "Example News" and meta.date == dt.date(2024, 3, 5)
    home = html.replace('href="/2024/03/rates.html"', 'href="/"')
    assert page_metadata(home, "https://example.org/2024/a.html").url is None  # a home page canonical is wrong
    assert site_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert site_domain("https://www.nytimes.com/2019/x.html") == "nytimes.com"
    assert site_domain("http://127.0.0.1:8080/x") == "127.0.0.1"


def test_page_charset_from_header_or_meta():
    korean = "<html><body><p>안녕하세요 뉴스</p></body></html>"
    assert "안녕하세요" in decode_page(korean.encode("euc-kr"), "euc-kr")
    tagged = '<html><head><meta charset="euc-kr"></head>' + korean[6:]
    assert "안녕하세요" in decode_page(tagged.encode("euc-kr"))


# ---- the command line ------------------------------------------------------------------------------


def test_cli_briefs_a_feed_with_outlets_and_dates(site):
    r = cli("brief", site.url("/feed.xml"), "--no-story", "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    sources = {a["source"] for a in data["articles"]}
    assert {"Wall Street Journal", "NYTimes", "VentureBeat", "SlashGear", "Test Wire"} <= sources
    assert all(a["published"] for a in data["articles"])
    assert "robots.txt" in r.stderr and "Traceback" not in r.stderr


def test_cli_sitemap_markdown_sources_show_outlets_and_failures_are_one_line(site):
    t0 = time.monotonic()
    r = cli("brief", site.url("/sitemap.xml"), site.url("/slow"), site.url("/missing"), "--no-story")
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - t0 < 60
    sources = r.stdout.split("## Sources", 1)[1]
    assert "(Wall Street Journal, 2019-11-19)" in sources and "(SlashGear, 2019-11-20)" in sources
    err = [line for line in r.stderr.splitlines() if "/slow" in line or "/missing" in line]
    assert len(err) == 2 and "timed out" in err[0] and "HTTP 404" in err[1]


def test_cli_nothing_reachable_exits_1_without_traceback(site):
    t0 = time.monotonic()
    r = cli("brief", site.url("/slow"), site.url("/loop"), site.url("/busy-long"))
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert time.monotonic() - t0 < 30
    assert sum(": skipped (" in line for line in r.stderr.splitlines()) == 3

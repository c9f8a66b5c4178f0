"""A real HTTP server on 127.0.0.1 for the intake tests and bench: pages, feeds, sitemaps, robots.txt
and misbehaving endpoints. Started in a thread; every request it answers is counted in ``hits``.

Served (``PAGES`` are real news pages of the article-extraction set, gunzipped):

* ``/articles/<name>.html`` the pages; ``/private/<name>.html`` the same, disallowed by robots.txt;
  ``/articles/plain.html`` a page with no metadata at all (no title, date, site name, canonical);
* ``/feed.xml`` (RSS 2.0), ``/atom.xml`` (Atom), ``/rdf.xml`` (RSS 1.0): the pages plus the plain
  page, one entry linking to a 404 with a summary, one to a disallowed page;
* ``/sitemap.xml`` (urlset), ``/news-sitemap.xml`` (Google news), ``/sitemap-index.xml`` (two
  children, one gzipped);
* ``/live.xml``: a feed whose entries a test changes (``site.live``), with ETag and Last-Modified
  and 304 answers to conditional requests;
* failures: ``/slow`` (no answer for ``slow`` s), ``/dribble`` (a byte every 0.2 s), ``/missing``
  (404), ``/flaky`` (500 then the page), ``/busy`` (429 Retry-After: 1 then the page),
  ``/busy-long`` (429 Retry-After: 3600), ``/huge`` and ``/huge-chunked`` (2 MB; announced or not),
  ``/loop`` (redirects to itself via ``/loop2``), ``/redirect`` (to a page), ``/image.png``
  (image/png), ``/error`` (always 503), ``/data.json`` (application/json); ``/paced/<n>`` the plain
  page after 0.3 s (concurrency is seen in ``max_active``).
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

EXTRACTION = Path(__file__).resolve().parents[2] / "shared" / "eval" / "article-extraction"
PLAIN_BODY = (
    "The city council voted on Tuesday to expand the bus network to the northern districts.\n"
    "Officials said the plan would add twelve routes and cost about 40 million dollars over five years.\n"
    "Residents of the northern districts have asked for better service for more than a decade, "
    "and several spoke at the meeting in favour of the plan.\n"
    "Opponents argued that the money should go to road repairs instead, but the motion passed easily."
)


def load_pages(n: int | None = None) -> dict[str, bytes]:
    """``n`` real pages (sorted by id; all when None) as name -> HTML bytes."""
    files = sorted((EXTRACTION / "html").glob("*.html.gz"))
    if n is not None:
        files = files[:n]
    return {f.name[:16]: gzip.decompress(f.read_bytes()) for f in files}


def plain_page() -> bytes:
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in PLAIN_BODY.splitlines())
    return f"<html><body><div><article>{paragraphs}</article></div></body></html>".encode()


@dataclass
class Site:
    pages: dict[str, bytes]
    slow: float = 5.0
    host: str = "127.0.0.1"
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    live: list[tuple[str, str]] = field(default_factory=list)  # (entry id, page name) of /live.xml
    feed_dates: dict[str, str] = field(default_factory=dict)
    agents: set[str] = field(default_factory=set)
    conditional: list[bool] = field(default_factory=list)  # /live.xml requests: validators sent?
    active: int = 0
    max_active: int = 0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def names(self) -> list[str]:
        return list(self.pages)

    # ---- documents ---------------------------------------------------------------------------

    def entries(self) -> list[tuple[str, str, str, str]]:
        """(link path, title, author, RFC 822 date) of each feed entry."""
        out = []
        for i, name in enumerate(self.pages):
            out.append((f"/articles/{name}.html", f"Entry {i} title", f"Feed Author {i}", f"Tue, {10 + i} Nov 2019 08:00:00 GMT"))
        out.append(("/articles/plain.html", "Council expands bus network", "Plain Writer", "Mon, 04 Mar 2024 09:30:00 GMT"))
        return out

    def rss(self) -> bytes:
        items = "".join(
            f"<item><title>{escape(t)}</title><link>{self.base}{p}</link><guid>{self.base}{p}</guid>"
            f"<author>{escape(a)}</author><pubDate>{d}</pubDate><description>Summary of {escape(t)}</description></item>"
            for p, t, a, d in self.entries()
        )
        items += (
            f"<item><title>Gone story</title><link>{self.base}/missing</link><guid>gone-1</guid>"
            "<pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate>"
            "<description>&lt;p&gt;The mayor resigned on Wednesday after a long dispute with the council over the "
            "budget, her office said in a statement.&lt;/p&gt;&lt;p&gt;An election will be held in June.&lt;/p&gt;"
            "</description></item>"
        )
        items += (f"<item><title>Secret story</title><link>{self.base}/private/{next(iter(self.pages))}.html</link>"
                  "<guid>secret-1</guid></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Wire</title>'
                f"<link>{self.base}/</link><description>test</description>{items}</channel></rss>").encode()

    def atom(self) -> bytes:
        entries = "".join(
            f"<entry><title>{escape(t)}</title><link href=\"{self.base}{p}\"/><id>tag:test,2019:{i}</id>"
            f"<author><name>{escape(a)}</name></author><updated>2019-11-{10 + i:02d}T08:00:00Z</updated></entry>"
            for i, (p, t, a, _) in enumerate(self.entries())
        )
        return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>Atom Wire</title><id>tag:test,2019:feed</id><updated>2019-11-20T00:00:00Z</updated>"
                f"{entries}</feed>").encode()

    def rdf(self) -> bytes:
        items = "".join(
            f'<item rdf:about="{self.base}{p}"><title>{escape(t)}</title><link>{self.base}{p}</link>'
            f"<dc:creator>{escape(a)}</dc:creator><dc:date>2019-11-{10 + i:02d}T08:00:00Z</dc:date></item>"
            for i, (p, t, a, _) in enumerate(self.entries())
        )
        return ('<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f'<channel rdf:about="{self.base}/rdf.xml"><title>RDF Wire</title><link>{self.base}/</link>'
                f"<description>test</description></channel>{items}</rdf:RDF>").encode()

    def urlset(self, names: list[str], news: bool = False) -> bytes:
        ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
        rows = []
        for name in names:
            path = "/articles/plain.html" if name == "plain" else f"/articles/{name}.html"
            extra = ("<news:news><news:publication><news:name>Sitemap Times</news:name><news:language>en"
                     "</news:language></news:publication><news:publication_date>2024-03-05T12:00:00Z"
                     "</news:publication_date><news:title>Buses for the north</news:title></news:news>") if news else ""
            rows.append(f"<url><loc>{self.base}{path}</loc>{extra}</url>")
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
                f"{ns}>{''.join(rows)}</urlset>").encode()

    def index(self) -> bytes:
        rows = "".join(f"<sitemap><loc>{self.base}{p}</loc></sitemap>" for p in ("/sitemap-1.xml", "/sitemap-2.xml.gz"))
        return ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{rows}</sitemapindex>").encode()

    def live_feed(self) -> bytes:
        items = "".join(
            f"<item><title>Live {escape(key)}</title><link>{self.base}/articles/{name}.html</link><guid>{escape(key)}</guid>"
            "</item>"
            for key, name in self.live
        )
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Live Wire</title>{items}</channel></rss>').encode()

    # ---- serving -------------------------------------------------------------------------------

    def start(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with site.lock:
                    site.hits[self.path] += 1
                    count = site.hits[self.path]
                    site.agents.add(self.headers.get("User-Agent", ""))
                    paced = self.path.startswith("/paced/")
                    site.active += paced
                    site.max_active = max(site.max_active, site.active)
                try:
                    site.answer(self, self.path, count)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with site.lock:
                        site.active -= paced

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hung up (a timeout test) is no error of the server's

        self.server = Server((self.host, self.port), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, h: BaseHTTPRequestHandler, path: str, count: int) -> None:
        def send(status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                h.send_header(k.replace("_", "-"), v)
            h.end_headers()
            h.wfile.write(body)

        first = next(iter(self.pages))
        xml = "application/xml"
        if path == "/robots.txt":
            return send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path.startswith(("/articles/", "/private/")) and path.endswith(".html"):
            name = path.rsplit("/", 1)[1][:-5]
            if name == "plain":
                return send(200, plain_page())
            if name in self.pages:
                return send(200, self.pages[name])
            return send(404, b"not found")
        simple = {
            "/feed.xml": (self.rss, "application/rss+xml"), "/atom.xml": (self.atom, "application/atom+xml"),
            "/rdf.xml": (self.rdf, "application/rdf+xml"), "/sitemap-index.xml": (self.index, xml),
            "/sitemap.xml": (lambda: self.urlset([*self.pages, "plain"]), xml),
            "/news-sitemap.xml": (lambda: self.urlset(["plain"], news=True), xml),
            "/sitemap-1.xml": (lambda: self.urlset(list(self.pages)[:2]), xml),
        }
        if path in simple:
            make, ctype = simple[path]
            return send(200, make(), ctype)
        if path == "/sitemap-2.xml.gz":
            return send(200, gzip.compress(self.urlset([*list(self.pages)[2:4], "plain"])), "application/x-gzip")
        if path == "/live.xml":
            body = self.live_feed()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            with self.lock:
                modified = self.feed_dates.setdefault(etag, email.utils.formatdate(time.time(), usegmt=True))
            with self.lock:
                self.conditional.append(bool(h.headers.get("If-None-Match") or h.headers.get("If-Modified-Since")))
            if h.headers.get("If-None-Match") == etag:
                return send(304, b"", xml, ETag=etag, Last_Modified=modified)
            return send(200, body, "application/rss+xml", ETag=etag, Last_Modified=modified)
        if path.startswith("/paced/"):  # a page that takes 0.3 s
            self.stop.wait(0.3)
            return send(200, plain_page())
        if path == "/slow":
            self.stop.wait(self.slow)
            return send(200, self.pages[first])
        if path == "/dribble":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            for _ in range(200):
                if self.stop.wait(0.2):
                    return None
                h.wfile.write(b" ")
                h.wfile.flush()
            return None
        if path == "/missing":
            return send(404, b"<html><body>Not found</body></html>")
        if path == "/error":
            return send(503, b"down")
        if path == "/flaky":
            return send(500, b"oops") if count == 1 else send(200, self.pages[first])
        if path == "/busy":
            return send(429, b"slow down", Retry_After="1") if count == 1 else send(200, self.pages[first])
        if path == "/busy-long":
            return send(429, b"slow down", Retry_After="3600")
        if path == "/huge":
            return send(200, b"<html><body>" + b"x" * (2 * 1024 * 1024) + b"</body></html>")
        if path == "/huge-chunked":
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Connection", "close")
            h.end_headers()
            for _ in range(40):
                h.wfile.write(b"<p>" + b"y" * 65536 + b"</p>")
            h.close_connection = True
            return None
        if path in ("/loop", "/loop2"):
            return send(302, b"", Location="/loop2" if path == "/loop" else "/loop")
        if path == "/redirect":
            return send(301, b"", Location=f"/articles/{first}.html")
        if path == "/image.png":
            return send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
        if path == "/data.json":
            return send(200, json.dumps({"n": len(self.pages)}).encode(), "application/json")
        return send(404, b"not found")


# ---- WARC crawls -------------------------------------------------------------------------------

WORDS = ("council budget vote rail station minister strike harbour court ruling storm flood school "
         "hospital election market shares energy prices police report mayor river bridge").split()


def synthetic_page(i: int, padding: int = 12000) -> bytes:
    """A small news page (title, site name, date, a few paragraphs) padded with page chrome."""
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(60)]
    paragraphs = "".join(
        f"<p>Story {i}: the {' '.join(words[k:k + 12])} was reported on day {k} of the month.</p>" for k in range(0, 60, 12)
    )
    chrome = "<nav>" + "".join(f'<a href="/section/{k}">Section {k}</a>' for k in range(padding // 40)) + "</nav>"
    return (
        f"<html><head><title>Story {i} - Crawl Daily</title><meta property='og:site_name' content='Crawl Daily'>"
        f"</head><body>{chrome}<article><h1>Story {i}</h1>{paragraphs}</article></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, bytes]], gz: bool = True, extras: bool = True) -> Path:
    """A CC-News-like WARC: a warcinfo record, then per page a request and a response record; with
    ``extras`` also a 404, an image, a redirect, a metadata and a revisit record, all to be passed over."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def http(status: str, ctype: str, extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
        return StatusAndHeaders(status, [("Content-Type", ctype), *(extra or [])], protocol="HTTP/1.1")

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "newsbrief tests", "format": "WARC 1.0"}))
        for n, (uri, body) in enumerate(pages):
            date = f"2024-03-{1 + n % 28:02d}T10:00:00Z"
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.invalid")], is_http_request=True)
            w.write_record(w.create_warc_record(uri, "request", http_headers=req, warc_headers_dict={"WARC-Date": date}))
            w.write_record(w.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http("200 OK", "text/html; charset=utf-8"),
                warc_headers_dict={"WARC-Date": date}))
        if extras:
            for uri, status, ctype, body in (
                ("https://crawl.example/missing", "404 Not Found", "text/html", b"<html><body>gone</body></html>"),
                ("https://crawl.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
                ("https://crawl.example/old", "301 Moved Permanently", "text/html", b""),
            ):
                w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                    http_headers=http(status, ctype)))
            w.write_record(w.create_warc_record("https://crawl.example/x", "metadata", payload=io.BytesIO(b"fetchTimeMs: 5"),
                                                warc_content_type="application/warc-fields"))
    return path

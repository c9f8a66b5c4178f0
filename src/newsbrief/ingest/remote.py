"""URL, feed and sitemap inputs: what :func:`newsbrief.ingest.read` does with ``http(s)://`` inputs
and with feed or sitemap files.

* a url is fetched (:mod:`.web`) and read by what it turns out to be: an HTML page is one
  document; an RSS 2.0 / RSS 1.0 / Atom feed gives one document per entry, its link fetched
  (an entry whose link cannot be fetched but that carries content or a summary gives that text,
  with a warning saying so); a sitemap, news sitemap or sitemap index expands to its article
  urls (at most ``max_urls``, from at most ``max_sitemaps`` child sitemaps), each fetched;
* a feed or sitemap *file* is read the same way (its links fetched);
* pages are fetched by ``concurrency`` workers, a few ahead of the reader, and yielded in the
  order of the feed or sitemap; a failure is one line through ``warn`` naming the url.

A :class:`~.feeds.FeedTracker` (the store's) makes feed fetches conditional and skips the
entries already stored.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from ..options import Limits
from ..types import RawDocument
from .decode import InputError, gunzip, is_gzip
from .feeds import Entry, FeedTracker, Sitemap, SitemapUrl, parse_feed, parse_sitemap, xml_kind
from .pages import GZIP_TYPES, HTML_TYPES, Fallback, decode_page, page_document, text_document
from .schema import looks_html
from .web import Fetcher, FetchError, FetchSettings, Response, is_url

log = logging.getLogger(__name__)
Warn = Callable[[str], None]


@dataclass(frozen=True)
class _Job:
    url: str
    origin: str
    fallback: Fallback
    entry: Entry | None = None


class Intake:
    """The remote inputs of one ``read`` call: one fetcher and worker pool, closed by :meth:`close`."""

    def __init__(self, warn: Warn, limits: Limits, settings: FetchSettings | None = None,
                 tracker: FeedTracker | None = None, show: Callable[[object], str] = str) -> None:
        self.warn = warn
        self.limits = limits
        self.settings = settings
        self.tracker = tracker
        self.show = show
        self._fetcher: Fetcher | None = None
        self._pool: ThreadPoolExecutor | None = None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            settings = self.settings or FetchSettings.from_env(warn=self.warn)
            self.settings = settings
            self._fetcher = Fetcher(settings, self.limits.file_bytes)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.stop.set()  # sleeping retries and arriving bodies give up at once
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    # ---- inputs ----------------------------------------------------------------------------

    def read_url(self, url: str) -> Iterator[RawDocument]:
        shown = self.show(url)
        headers = self.tracker.conditional(url) if self.tracker is not None else {}
        try:
            resp = self.fetcher.get(url, headers)
        except FetchError as exc:
            self.warn(f"{shown}: skipped ({exc})")
            return
        if resp.status == 304:
            log.info("%s: not modified since the last poll", shown)
            if self.tracker is not None:
                self.tracker.feed_read(url, None, resp.etag, resp.last_modified, changed=False)
            return
        try:
            body = self._xml_body(resp.body, resp.content_type)
            kind = xml_kind(body)
            if kind == "feed":
                yield from self._feed(body, url, shown, resp)
            elif kind is not None:
                yield from self._sitemap(body, resp.url, shown)
            elif resp.content_type in HTML_TYPES or (
                resp.content_type in ("", "text/plain", "application/octet-stream") and looks_html(
                    resp.body[:4000].decode("utf-8", "replace"))
            ):
                yield page_document(decode_page(resp.body, resp.charset), resp.url, shown)
            else:
                self.warn(f"{shown}: skipped (not a web page, feed or sitemap: {resp.content_type or 'no content type'})")
        except (InputError, ValueError) as exc:
            self.warn(f"{shown}: skipped ({exc})")

    def read_file(self, data: bytes, shown: str) -> Iterator[RawDocument]:
        """A feed or sitemap file (see :func:`xml_file`)."""
        try:
            body = self._xml_body(data, "")
            if xml_kind(body) == "feed":
                yield from self._feed(body, None, shown, None)
            else:
                yield from self._sitemap(body, None, shown)
        except (InputError, ValueError) as exc:
            self.warn(f"{shown}: skipped ({exc})")

    def _xml_body(self, data: bytes, content_type: str) -> bytes:
        if is_gzip(data) or content_type in GZIP_TYPES:
            return gunzip(data, self.limits.file_bytes)
        return data

    # ---- feeds -----------------------------------------------------------------------------

    def _feed(self, body: bytes, url: str | None, shown: str, resp: Response | None) -> Iterator[RawDocument]:
        feed = parse_feed(body, resp.url if resp is not None else url)
        tracker = self.tracker if url is not None else None
        if tracker is not None and url is not None:
            tracker.feed_read(url, feed.title, resp.etag if resp else None,
                              resp.last_modified if resp else None, changed=True)
        entries = list(feed.entries)
        cap = self.settings.max_urls if self.settings else FetchSettings().max_urls
        if len(entries) > cap:
            self.warn(f"{shown}: only the first {cap} of {len(entries)} entries are read (max_urls)")
            entries = entries[:cap]
        if tracker is not None and url is not None:
            new = [e for e in entries if not tracker.known(url, e.key)]
            if len(new) < len(entries):
                log.info("%s: %d entries already stored, not fetched", shown, len(entries) - len(new))
            entries = new
        if not feed.entries:
            self.warn(f"{shown}: no entries in this feed")
            return
        jobs = []
        for e in entries:
            fb = Fallback(e.title, feed.title, e.author, e.published)
            if e.link and is_url(e.link):
                jobs.append(_Job(e.link, self.show(e.link), fb, e))
            elif e.text:
                yield self._entry_text(e, fb, shown, "it has no http(s) link")
            else:
                self.warn(f"{shown}: entry {e.key[:200]!r} skipped (no http(s) link and no text)")
        for job, result in self._pages(jobs):
            entry = job.entry
            assert entry is not None
            if isinstance(result, RawDocument):
                doc: RawDocument | None = result
            elif entry.text:
                doc = self._entry_text(entry, job.fallback, job.origin, str(result))
            else:
                self.warn(f"{job.origin}: skipped ({result})")
                doc = None
            if doc is not None:
                if tracker is not None and url is not None:
                    tracker.entry_read(url, entry.key)
                yield doc

    def _entry_text(self, entry: Entry, fb: Fallback, origin: str, why: str) -> RawDocument:
        self.warn(f"{origin}: {why}; the feed entry's own text is used instead of the page")
        assert entry.text is not None
        return text_document(entry.text, entry.link, entry.key, origin, fb)

    # ---- sitemaps --------------------------------------------------------------------------

    def _sitemap(self, body: bytes, url: str | None, shown: str) -> Iterator[RawDocument]:
        settings = self.settings or FetchSettings()
        sitemap = parse_sitemap(body, settings.max_urls + 1)
        urls: list[SitemapUrl] = list(sitemap.urls)
        if sitemap.kind == "sitemapindex":
            children = [c for c in sitemap.children if is_url(c)]
            if len(children) > settings.max_sitemaps:
                self.warn(f"{shown}: only the first {settings.max_sitemaps} of its sitemaps are read (max_sitemaps)")
                children = children[: settings.max_sitemaps]
            for child in children:
                if len(urls) > settings.max_urls:
                    break
                urls += self._child_sitemap(child, settings.max_urls + 1 - len(urls))
        if len(urls) > settings.max_urls:
            self.warn(f"{shown}: only the first {settings.max_urls} urls are read (max_urls)")
            urls = urls[: settings.max_urls]
        if not urls:
            self.warn(f"{shown}: no article urls in this sitemap")
            return
        jobs = [_Job(u.loc, self.show(u.loc), Fallback(u.title, u.outlet, None, u.published))
                for u in urls if is_url(u.loc)]
        for job, result in self._pages(jobs):
            if isinstance(result, RawDocument):
                yield result
            else:
                self.warn(f"{job.origin}: skipped ({result})")

    def _child_sitemap(self, url: str, room: int) -> list[SitemapUrl]:
        shown = self.show(url)
        try:
            resp = self.fetcher.get(url)
            child: Sitemap = parse_sitemap(self._xml_body(resp.body, resp.content_type), room)
        except (FetchError, InputError, ValueError) as exc:
            self.warn(f"{shown}: skipped ({exc})")
            return []
        if child.kind == "sitemapindex":
            self.warn(f"{shown}: skipped (a sitemap index inside a sitemap index)")
            return []
        return list(child.urls)

    # ---- pages -----------------------------------------------------------------------------

    def _pages(self, jobs: Iterable[_Job]) -> Iterator[tuple[_Job, RawDocument | FetchError]]:
        """Each job's page, in order, fetched by the worker pool a few jobs ahead."""
        fetcher = self.fetcher
        workers = fetcher.settings.concurrency
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsbrief-fetch")
        pool = self._pool
        todo = iter(jobs)
        window: deque[tuple[_Job, Future[RawDocument | FetchError]]] = deque()

        def submit() -> None:
            job = next(todo, None)
            if job is not None:
                window.append((job, pool.submit(self._page, job)))

        for _ in range(workers * 2):
            submit()
        while window:
            job, future = window.popleft()
            submit()
            yield job, future.result()

    def _page(self, job: _Job) -> RawDocument | FetchError:
        try:
            resp = self.fetcher.get(job.url)
        except FetchError as exc:
            return exc
        if resp.content_type not in HTML_TYPES and not (
            resp.content_type in ("", "text/plain", "application/octet-stream")
            and looks_html(resp.body[:4000].decode("utf-8", "replace"))
        ):
            return FetchError(f"not a web page ({resp.content_type or 'no content type'})")
        try:
            return page_document(decode_page(resp.body, resp.charset), resp.url, job.origin, job.fallback)
        except InputError as exc:
            return FetchError(str(exc))
        except Exception as exc:  # a worker must hand back one line, never a traceback
            log.debug("%s: page failed", job.url, exc_info=True)
            return FetchError(f"unreadable page ({type(exc).__name__})")


def xml_file(data: bytes) -> bool:
    """Whether a file's bytes (gzip or not) are a feed or a sitemap."""
    head = data[:4096]
    if is_gzip(data):
        import zlib

        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], 4096)
        except zlib.error:
            return False
    return xml_kind(head) is not None

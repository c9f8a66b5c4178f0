"""Feeds and sitemaps as data: RSS 2.0 / RSS 1.0 / Atom (feedparser) and sitemaps (urlset,
sitemap index, Google news sitemaps), parsed from bytes already fetched or read.

Nothing here touches the network: feedparser is only ever given bytes (given a string it would
fetch urls or open files itself, past every limit), and sitemap XML is parsed by lxml with
entities and network access off.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from .decode import iso_day

log = logging.getLogger(__name__)

XmlKind = Literal["feed", "sitemap", "sitemapindex"]
_ROOT_RE = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_SKIP_RE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S | re.I)
_FEED_ROOTS = {b"rss", b"feed", b"rdf"}
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre", "section")


def xml_kind(data: bytes) -> XmlKind | None:
    """``"feed"``, ``"sitemap"`` or ``"sitemapindex"`` when ``data`` is one, by its root element."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    pos = 0
    while (skip := _SKIP_RE.match(head, pos)) is not None and skip.end() > pos:
        pos = skip.end()
    m = _ROOT_RE.match(head[pos:].lstrip())
    if m is None:
        return None
    name = m.group(1).lower().rsplit(b":", 1)[-1]
    if name in _FEED_ROOTS:
        return "feed"
    if name == b"urlset":
        return "sitemap"
    return "sitemapindex" if name == b"sitemapindex" else None


# ---- feeds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One feed entry: its link and what the feed says about it."""

    key: str  # the entry's id (guid), else its link: what "seen" is remembered by
    link: str | None
    title: str | None = None
    author: str | None = None
    published: dt.date | None = None
    text: str | None = None  # the entry's content (else summary) as plain text


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[Entry, ...]


class FeedTracker(Protocol):
    """What intake tells a store about feeds (see :mod:`newsbrief.store.feeds`)."""

    def conditional(self, url: str) -> dict[str, str]:
        """Headers for a conditional GET of the feed at ``url`` (``If-None-Match``...)."""
        ...

    def known(self, feed: str, entry: str) -> bool:
        """Whether the entry ``entry`` of ``feed`` was stored before (it is then not fetched)."""
        ...

    def feed_read(self, url: str, title: str | None, etag: str | None, modified: str | None,
                  changed: bool) -> None:
        """The feed at ``url`` was fetched (``changed`` False: it answered 304 Not Modified)."""
        ...

    def entry_read(self, feed: str, entry: str) -> None:
        """The entry gave a document."""
        ...


def html_text(markup: str) -> str:
    """HTML (a feed entry's content) as plain text, one paragraph a line."""
    if "<" not in markup:
        return " ".join(markup.split())
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(re.sub(r"<[^>]*>", " ", markup).split())
    for el in root.iter("script", "style"):
        el.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _date(parsed: Any) -> dt.date | None:
    if not parsed:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _entry(raw: Any) -> Entry | None:
    link = raw.get("link") or None
    if not link:
        for alt in raw.get("links") or ():
            if alt.get("href") and alt.get("rel", "alternate") == "alternate":
                link = alt["href"]
                break
    key = raw.get("id") or link
    if not key:
        return None
    text = None
    for part in raw.get("content") or ():
        if part.get("value"):
            text = html_text(part["value"])
            break
    if not text and raw.get("summary"):
        text = html_text(raw["summary"])
    author = raw.get("author") or None
    if not author and raw.get("authors"):
        author = ", ".join(a.get("name", "") for a in raw["authors"] if a.get("name")) or None
    published = _date(raw.get("published_parsed")) or _date(raw.get("updated_parsed")) or _date(raw.get("created_parsed"))
    return Entry(str(key), str(link) if link else None, (raw.get("title") or "").strip() or None,
                 author, published, text or None)


def parse_feed(data: bytes, url: str | None = None) -> Feed:
    """The entries of an RSS 2.0, RSS 1.0 or Atom document (relative links resolved against ``url``).
    Raises ValueError when ``data`` is no feed at all."""
    import feedparser

    headers = {"content-location": url} if url else {}
    parsed = feedparser.parse(data, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise ValueError(f"not a feed ({reason})" if reason else "not a feed")
    entries = tuple(e for e in (_entry(raw) for raw in parsed.entries) if e is not None)
    return Feed((parsed.feed.get("title") or "").strip() or None, entries)


# ---- sitemaps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapUrl:
    """An article url of a sitemap, with what a news sitemap says about it."""

    loc: str
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Sitemap:
    kind: Literal["sitemap", "sitemapindex"]
    urls: tuple[SitemapUrl, ...] = ()  # a urlset's pages
    children: tuple[str, ...] = ()  # an index's sitemaps


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _text(el: Any) -> str | None:
    value = (el.text or "").strip() if el is not None else ""
    return value or None


def _child(el: Any, name: str) -> Any:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def parse_sitemap(data: bytes, limit: int) -> Sitemap:
    """A urlset's urls (news sitemap title, publication and date kept) or an index's sitemaps,
    at most ``limit`` of them. Raises ValueError for XML that is neither."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not a sitemap ({exc})") from None
    if root is None:
        raise ValueError("not a sitemap (no XML)")
    kind = _local(root.tag)
    if kind == "sitemapindex":
        locs = (_text(_child(s, "loc")) for s in root if _local(s.tag) == "sitemap")
        return Sitemap("sitemapindex", children=tuple(_first(filter(None, locs), limit)))
    if kind != "urlset":
        raise ValueError(f"not a sitemap (the root element is {kind or '?'})")
    found: list[SitemapUrl] = []
    for url in root:
        if _local(url.tag) != "url":
            continue
        loc = _text(_child(url, "loc"))
        if not loc:
            continue
        news = _child(url, "news")
        title = outlet = None
        published = iso_day(_text(_child(url, "lastmod")))
        if news is not None:
            title = _text(_child(news, "title"))
            pub = _child(news, "publication")
            outlet = _text(_child(pub, "name")) if pub is not None else None
            published = iso_day(_text(_child(news, "publication_date"))) or published
        found.append(SitemapUrl(loc, title, outlet, published))
        if len(found) >= limit:
            break
    return Sitemap("sitemap", urls=tuple(found))


def _first(items: Iterable[str], n: int) -> list[str]:
    out: list[str] = []
    for item in items:
        if len(out) >= n:
            break
        out.append(item)
    return out

"""Web pages (fetched, or read from a WARC record) to :class:`RawDocument` records with their metadata.

A page names itself: its canonical url (``<link rel=canonical>``), outlet (``og:site_name`` and
the like), date, title and author come from its own metadata (:func:`newsbrief.clean.html.page_metadata`).
What it lacks is filled from where it was found (a feed entry's title, date and author and the
feed's title; a news sitemap's publication; a WARC record's date), and the outlet falls back to
the registered domain of its url. The fields are set on the document, so cleaning keeps them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

from ..types import RawDocument
from .decode import InputError, decode

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
GZIP_TYPES = frozenset({"application/gzip", "application/x-gzip"})
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


@dataclass(frozen=True)
class Fallback:
    """Metadata known from where a page was found, used only where the page has none."""

    title: str | None = None
    source: str | None = None
    author: str | None = None
    published: dt.date | None = None


def decode_page(data: bytes, charset: str | None = None) -> str:
    """A page's text: the charset of the HTTP header, else of a ``<meta>`` tag, else as files are
    decoded (UTF-8, cp1252...). Raises :class:`InputError` for binary data."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        if charset is None:
            m = _META_CHARSET_RE.search(data[:4096])
            charset = m.group(1).decode("ascii") if m else None
        if charset:
            try:
                name = codecs.lookup(charset).name
            except LookupError:
                name = None
            if name and name not in ("utf-8", "ascii", "latin-1", "iso8859-1", "cp1252", "windows-1252"):
                if b"\x00" in data[:8192] and not name.startswith("utf-16"):
                    raise InputError("binary data, not text")
                text = data.decode(name, errors="replace")
                return text.replace("\r\n", "\n").replace("\r", "\n")
    return decode(data)


def page_document(html: str, url: str, origin: str, fallback: Fallback | None = None) -> RawDocument:
    """The document of one page fetched from (or archived for) ``url``."""
    from ..clean.html import page_metadata, site_domain

    fb = fallback or Fallback()
    meta = page_metadata(html, url)
    home = meta.url or url
    return RawDocument(
        id=home,
        content=html,
        kind="html",
        origin=origin,
        title=meta.title or fb.title,
        url=home,
        source=meta.sitename or fb.source or site_domain(home),
        author=meta.author or fb.author,
        published=meta.date or fb.published,
    )


def text_document(text: str, url: str | None, key: str, origin: str, fallback: Fallback) -> RawDocument:
    """A feed entry's own text (its link could not be fetched) as a document."""
    from ..clean.html import site_domain

    body = "\n\n".join(p for p in (fallback.title, text) if p)
    return RawDocument(
        id=url or key,
        content=body,
        kind="text",
        origin=origin,
        title=fallback.title,
        url=url,
        source=fallback.source or site_domain(url),
        author=fallback.author,
        published=fallback.published,
    )

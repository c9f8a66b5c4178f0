"""Web pages: article body and metadata extracted with trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extraction:
    """What trafilatura recovered from one page."""

    text: str
    title: str | None = None
    sitename: str | None = None
    date: dt.date | None = None
    author: str | None = None


@dataclass(frozen=True)
class Settings:
    """trafilatura options (the defaults are those chosen on the extraction benchmark).

    With ``favor_precision``, a second, balanced extraction is run as a safety net: when
    the precise one keeps less than ``rescue_ratio`` of the balanced text, the precise
    extractor most likely missed the article container and the balanced text is used.
    """

    favor_precision: bool = True
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    no_fallback: bool = False
    rescue_ratio: float = 0.5


DEFAULT_SETTINGS = Settings()


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _run(html: str | bytes, url: str | None, settings: Settings, precise: bool, metadata: bool) -> Any:
    try:
        import trafilatura  # imported on the first page: text inputs never pay for it

        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=metadata,
            favor_precision=precise,
            favor_recall=settings.favor_recall and not precise,
            include_tables=settings.include_tables,
            include_comments=settings.include_comments,
            no_fallback=settings.no_fallback,
        )
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup
        log.warning("trafilatura failed on %s: %s", url or "page", exc)
        return None


def extract(html: str | bytes, url: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> Extraction:
    """Article body (paragraphs separated by line breaks) and metadata of a page."""
    doc = _run(html, url, settings, settings.favor_precision, metadata=True)
    text = (doc.text or "") if doc is not None else ""
    if settings.favor_precision and settings.rescue_ratio > 0:
        balanced = _run(html, url, settings, False, metadata=doc is None)
        other = (balanced.text or "") if balanced is not None else ""
        if len(text) < settings.rescue_ratio * len(other):
            text = other
            doc = doc if doc is not None else balanced
    if doc is None:
        return Extraction(text)
    return Extraction(
        text=text,
        title=doc.title or None,
        sitename=doc.sitename or None,
        date=_parse_date(doc.date),
        author=doc.author or None,
    )


# ---- page metadata for intake (URLs, feeds, WARC records) ---------------------------------------


@dataclass(frozen=True)
class PageMeta:
    """What a page says about itself: canonical url, title, outlet, date, author (None if absent)."""

    url: str | None = None
    title: str | None = None
    sitename: str | None = None
    date: dt.date | None = None
    author: str | None = None


def site_domain(url: str | None) -> str | None:
    """The registered domain of a url (``https://news.bbc.co.uk/x`` -> ``bbc.co.uk``), from the
    public suffix list bundled with ``tld`` (never downloaded); the bare host where it has none
    (an IP address, ``localhost``)."""
    from urllib.parse import urlsplit

    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    from tld import get_fld

    try:
        found = get_fld(host, fix_protocol=True, fail_silently=True)
    except Exception:  # tld raises its own errors for odd hosts
        found = None
    return str(found) if found else host.lower().removeprefix("www.")


def _absolute(href: str | None, base: str | None) -> str | None:
    from urllib.parse import urljoin, urlsplit

    if not href or not href.strip():
        return None
    try:
        url = urljoin(base or "", href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _is_root(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def canonical_url(tree: Any, url: str | None) -> str | None:
    """``<link rel=canonical>`` (else ``og:url``) as an absolute http(s) url. A canonical naming
    the site's home page for an article url is a misconfiguration (every article would share
    it) and is ignored."""
    found = None
    for link in tree.iterfind(".//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split():
            found = _absolute(link.get("href"), url)
            break
    if found is None:
        for meta in tree.iterfind(".//meta[@property][@content]"):
            if meta.get("property", "").lower() == "og:url":
                found = _absolute(meta.get("content"), url)
                break
    if found and url and _is_root(found) and not _is_root(url):
        return None
    return found


def page_metadata(html: str, url: str | None = None) -> PageMeta:
    """What the page's markup declares about itself, read before cleaning so that intake fills
    only what the page lacks from a feed entry, a sitemap or a WARC record: canonical url, meta
    tags and JSON-LD (trafilatura's readers), the ``<title>``, and a date found by htmldate's
    quick search (meta tags, structured data, url, time elements; not the body text). About a
    third of the cost of trafilatura's full metadata pass. A site name that is only the url's
    host counts as absent."""
    try:
        from htmldate import find_date
        from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
        from trafilatura.utils import load_html

        tree = load_html(html)
        if tree is None:
            return PageMeta()
        canonical = canonical_url(tree, url)
        doc = extract_meta_json(tree, examine_meta(tree))
        title = doc.title or extract_title(tree)
        date = find_date(tree, extensive_search=False, original_date=True, url=canonical or url,
                         max_date=dt.date.today().isoformat())
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup
        log.warning("trafilatura failed on %s: %s", url or "page", exc)
        return PageMeta()
    sitename = (doc.sitename or "").strip().lstrip("@") or None
    if sitename and url:
        from urllib.parse import urlsplit

        parts = [urlsplit(u) for u in (url, canonical) if u]
        hosts = {h.lower().removeprefix("www.") for p in parts for h in (p.hostname, p.netloc) if h}
        if sitename.lower().removeprefix("www.") in hosts:
            sitename = None
    author = doc.author if doc.author and " " in doc.author else None  # trafilatura's rule for meta authors
    return PageMeta(
        url=canonical,
        title=(title or "").strip() or None,
        sitename=sitename,
        date=_parse_date(date),
        author=author,
    )

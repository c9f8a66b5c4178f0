"""Web pages: article body and metadata extracted with trafilatura.

The page is parsed once. The body comes from a cascade of trafilatura passes that pays for
the slow ones only where the fast one most likely failed: a fast precise pass (no
readability/jusText comparison) first; when its text is shorter than ``min_chars`` or than
``page_share`` of the page's paragraph text, the precise pass with trafilatura's fallbacks is
run, and a wide (recall) pass replaces it when the precise text keeps less than
``rescue_ratio`` of the wide one (the precise extractor missed the article container).
Metadata (title, outlet, date, author) is read from meta tags, JSON-LD, ``<title>`` and
htmldate's quick date search (:func:`page_metadata`), not from trafilatura's full metadata
pass (three times the cost, for an author found in the body text now and then).
The thresholds are chosen by cross-validation in ``bench/extraction.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

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
    """The extraction cascade (defaults: the candidates chosen by 5-fold cross-validation on the
    extraction benchmark, ``bench/extraction.py``).

    ``retry=False`` keeps the fast precise pass alone (fastest, loses pages whose article
    container it misses); ``wide`` is the trafilatura mode of the rescue pass.
    """

    include_tables: bool = True
    include_comments: bool = False
    retry: bool = True
    min_chars: int = 250
    page_share: float = 0.3
    rescue_ratio: float = 0.3
    wide: Literal["recall", "balanced"] = "recall"


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class Pass:
    """One trafilatura run: focus (``precision``, ``balanced``, ``recall``) and whether its
    readability/jusText comparison is skipped (``fast``)."""

    focus: Literal["precision", "balanced", "recall"]
    fast: bool
    tables: bool = True
    comments: bool = False


# runs one pass over a parsed page; swappable so that a benchmark can reuse passes it already ran
Runner = Callable[[Any, "str | None", Pass], str]


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse(html: str | bytes) -> Any:
    """The page's lxml tree (trafilatura's loader), None when it is not HTML."""
    from trafilatura.utils import load_html  # imported on the first page: text inputs never pay for it

    try:
        return load_html(html)
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup
        log.warning("trafilatura could not parse a page: %s", exc)
        return None


def run_pass(tree: Any, url: str | None, step: Pass) -> str:
    """The body text trafilatura extracts from ``tree`` (left unchanged) in one pass."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=step.fast,
            favor_precision=step.focus == "precision",
            favor_recall=step.focus == "recall",
            include_tables=step.tables,
            include_comments=step.comments,
        )
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup
        log.warning("trafilatura failed on %s: %s", url or "page", exc)
        return ""
    text = getattr(doc, "text", None) if doc is not None else None
    return text or ""


def paragraph_chars(tree: Any) -> int:
    """Characters of text inside the page's ``<p>`` elements (what an article body mostly is)."""
    return sum(len(p.text_content()) for p in tree.iter("p"))


def body_text(tree: Any, url: str | None, settings: Settings = DEFAULT_SETTINGS, runner: Runner = run_pass) -> str:
    """The article body of a parsed page by the cascade of passes ``settings`` describe."""
    tables, comments = settings.include_tables, settings.include_comments
    text = runner(tree, url, Pass("precision", True, tables, comments))
    if not settings.retry:
        return text
    short = len(text) < settings.min_chars
    if not short and settings.page_share > 0:
        short = len(text) < settings.page_share * paragraph_chars(tree)
    if not short:
        return text
    precise = runner(tree, url, Pass("precision", False, tables, comments))
    wide = runner(tree, url, Pass(settings.wide, True, tables, comments))
    return wide if len(precise) < settings.rescue_ratio * len(wide) else precise


def extract(html: str | bytes, url: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> Extraction:
    """Article body (paragraphs separated by line breaks) and metadata of a page."""
    tree = parse(html)
    if tree is None:
        return Extraction("")
    text = body_text(tree, url, settings)
    meta = tree_metadata(tree, url)  # last: htmldate may prune the tree it reads
    return Extraction(text=text, title=meta.title, sitename=meta.sitename, date=meta.date, author=meta.author)


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
    tree = parse(html)
    return PageMeta() if tree is None else tree_metadata(tree, url)


def tree_metadata(tree: Any, url: str | None = None) -> PageMeta:
    """:func:`page_metadata` of a parsed page (htmldate may prune ``tree``: read it last)."""
    try:
        from htmldate import find_date
        from trafilatura.metadata import examine_meta, extract_meta_json, extract_title

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

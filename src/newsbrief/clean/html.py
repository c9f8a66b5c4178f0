"""Web pages: article body and metadata extracted with trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import trafilatura

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
    """trafilatura options (the defaults are those chosen on the extraction benchmark)."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_tables: bool = True
    include_comments: bool = False
    no_fallback: bool = False


DEFAULT_SETTINGS = Settings()


def _parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract(html: str | bytes, url: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> Extraction:
    """Article body (paragraphs separated by line breaks) and metadata of a page."""
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            favor_precision=settings.favor_precision,
            favor_recall=settings.favor_recall,
            include_tables=settings.include_tables,
            include_comments=settings.include_comments,
            no_fallback=settings.no_fallback,
        )
    except (ValueError, TypeError, AttributeError) as exc:  # malformed markup
        log.warning("trafilatura failed on %s: %s", url or "page", exc)
        return Extraction("")
    if doc is None:
        return Extraction("")
    return Extraction(
        text=doc.text or "",
        title=doc.title or None,
        sitename=doc.sitename or None,
        date=_parse_date(doc.date),
        author=doc.author or None,
    )

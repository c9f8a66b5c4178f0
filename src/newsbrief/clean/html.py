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

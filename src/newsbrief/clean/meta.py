"""Metadata recovered from text lines and URLs: publication dates, bylines, outlets."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from ..lexicon import MONTH_ANY_CASE, MONTHS
from .features import BYLINE_RE

_MONTH = r"(?P<month>" + MONTH_ANY_CASE + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:\s*(?:,|at|-|–|\|)?\s*\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"
DATE_PATTERNS = (
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + _TIME, re.IGNORECASE),
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + _TIME, re.IGNORECASE),
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?\S*)?"),
)
# Words that may surround a date on a dateline ("Published: ...", "Updated ...").
_DATE_LABEL_RE = re.compile(
    r"\b(?:published|posted|updated|last updated|first published|on|date|modified|am|pm|et|gmt|utc)\b",
    re.IGNORECASE,
)


_ANY_YEAR = re.compile(r"(?:19|20)\d\d")  # every date pattern has a year: most lines have none


def _date_match(text: str) -> tuple[dt.date, re.Match[str]] | None:
    """The earliest full date (day, month, year) in ``text`` and its match."""
    if not _ANY_YEAR.search(text):
        return None
    best: tuple[dt.date, re.Match[str]] | None = None
    for pat in DATE_PATTERNS:
        for m in pat.finditer(text):
            month = m.group("month")
            mo = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
            try:
                d = dt.date(int(m.group("year")), mo, int(m.group("day")))
            except ValueError:
                continue
            if best is None or m.start() < best[1].start():
                best = (d, m)
            break
    return best


def find_date(text: str) -> dt.date | None:
    """The first full date (day, month, year) written in ``text``."""
    found = _date_match(text)
    return found[0] if found else None


def date_line(text: str, leftover: int = 12) -> dt.date | None:
    """The date of a dateline: a date and at most ``leftover`` other letters.

    ("Published: Jan 4, 2019 9:51 am"; labels such as "published", "updated" are free.)
    """
    found = _date_match(text)
    if found is None:
        return None
    d, m = found
    rest = _DATE_LABEL_RE.sub(" ", text[: m.start()] + " " + text[m.end() :])
    return d if sum(c.isalpha() for c in rest) <= leftover else None


def byline(text: str) -> str | None:
    """The author named by a short byline line ("By Jane Doe", "avatar by Jane Doe, Reuters")."""
    if len(text.split()) > 9:
        return None
    m = BYLINE_RE.match(text)
    if m is None:
        return None
    name = m.group(1).strip(" .,")
    name = re.sub(r"\s+(?:and|&)$", "", name)
    return name if 1 <= len(name.split()) <= 8 and any(c.islower() for c in name) else None


def host_source(url: str | None) -> str | None:
    """Outlet named by a URL host: ``https://www.example.co.uk/x`` -> ``example.co.uk``."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower()) or None

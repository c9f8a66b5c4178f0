"""Date expressions in article bodies, resolved against the publication date.

:func:`find_dates` detects expressions with regular expressions ("on Friday",
"last month", "On January 17", "in September", "since 2015", "in early December",
"mid-September", "March 3, 2019", "two weeks ago"...) and resolves them against
``base`` (normally ``Article.published``). A month and day without a year ("January 17")
takes the year dateparser's ``PREFER_DATES_FROM`` would give it (the latest such day not
after ``base``, or with a future cue the first one after it) and "3 days ago" is ``base``
minus that many units (``dateutil.relativedelta``); ``tests/test_timeline_dates.py`` checks
both against :mod:`dateparser` itself, which is not called here because its first call
costs a third of a second (a third of a brief of the sample). Weekdays, weeks and bare
month names follow news usage rather than dateparser's defaults:

* a weekday in a past-tense report is the most recent such day *on or before*
  the publication date ("on Friday" in a Friday paper is that Friday); with a
  future cue before it ("will meet on Friday") it is the next one on or after;
* a month name without a year is the most recent such month not after the
  publication month (the next one with a future cue);
* weeks start on Sunday, so "last week" in a Sunday paper is the week that just
  ended; a week is reported by the ISO date of its Sunday.

Every mention has a granularity (day, week, month, year) and the interval
``[first, last]`` of days it covers.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from dateutil.relativedelta import relativedelta

from ..lexicon import MONTH_PATTERN, MONTHS, SMALL_COUNTS, WEEKDAY_PATTERN, WEEKDAYS
from ..types import Granularity

log = logging.getLogger(__name__)

_MONTH = MONTH_PATTERN
_FULL_MONTH = (
    r"(?:January|February|April|June|July|August|September|October|November|December)"  # no May/March
)
_WEEKDAY = WEEKDAY_PATTERN
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?![\d,.]\d)"
_MOD = r"(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of))"
_COUNT = "|".join(sorted(SMALL_COUNTS, key=lambda w: (-len(w), w)))

# (kind, pattern); earlier patterns win where matches overlap
_PATTERNS: tuple[tuple[str, str], ...] = (
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("mdy", rf"\b(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s+{_DAY},?\s+{_YEAR}"),
    ("dmy", rf"\b(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+{_YEAR}"),
    ("my", rf"\b(?:{_MOD}[-\s]+)?(?P<month>{_MONTH}),?\s+(?:of\s+)?{_YEAR}"),
    ("md", rf"\b(?:{_WEEKDAY},?\s+)?(?P<month>{_MONTH})\s+{_DAY}\b(?!\s*[:,]?\s*\d)"),
    ("dm", rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\b"),
    ("ago", rf"\b(?P<n>\d+|(?i:{_COUNT}))\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
    ("rel", r"\b(?P<which>(?i:last|this|next|past|previous|earlier this|later this))\s+"
            r"(?P<unit>week(?:end)?|month|year)\b"),
    ("deictic", r"\b(?P<word>(?i:yesterday|today|tonight|tomorrow))\b"),
    ("weekday", rf"\b(?:(?P<which>(?i:last|this|next|past))\s+)?(?P<weekday>{_WEEKDAY})(?:['’]s)?\b"),
    ("modmonth", rf"\b{_MOD}[-\s]+(?P<month>{_MONTH})(?![\w-])"),
    ("relmonth", rf"\b(?P<which>(?i:last|this|next|since|in|during|until|till|by|from|through|of|before|after))"
                 rf"\s+(?P<month>{_MONTH})(?![\w-])"),
    ("month", rf"\b(?P<month>{_FULL_MONTH})(?![\w-])"),
    ("year", rf"\b(?i:in|since|from|until|till|by|during|before|after|of|through|around|early|mid|late)"
             rf"[-\s]+(?:the\s+year\s+)?{_YEAR}\b"),  # not "of the 1997 Chardonnay"
    ("year", rf"\b(?:mid|early|late)-{_YEAR}\b"),
)  # fmt: skip
FAR_DAYS = 270
NEAR_DAYS = 7
ABSOLUTE_KINDS = frozenset({"iso", "mdy", "dmy", "my", "year"})
DEICTIC_KINDS = frozenset({"weekday", "rel", "deictic", "ago"})
_COMPILED = tuple((kind, re.compile(p)) for kind, p in _PATTERNS)
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|going to|scheduled|expected to|due to|plans? to|planning to|set to|"
    r"to be held|upcoming|next)\b[^.;]*$",
    re.IGNORECASE,
)
_DATELINE = re.compile(
    rf"^\s*(?:[A-Z][A-Za-z .'-]{{1,40}},\s*)?(?:{_WEEKDAY},?\s+)?"
    rf"(?P<date>(?P<month>{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?)"
    r"\s*(?:\([^)\n]{1,40}\))?\s*(?:[-—–:]|\d{1,2}:\d\d|$)",
    re.MULTILINE,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``text[start:end]`` resolved to the days ``first``..``last``."""

    start: int
    end: int
    text: str
    first: dt.date
    last: dt.date
    granularity: Granularity
    relative: bool = False  # resolved against the publication date ("on Friday", "in September")
    kind: str = ""  # which pattern found it: "weekday", "rel", "md", "year"...

    @property
    def deictic(self) -> bool:
        """Counted from the publication day ("on Friday", "last week", "yesterday", "3 days ago"):
        only as exact as that day."""
        return self.kind in DEICTIC_KINDS

    @property
    def iso(self) -> str:
        """ISO prefix at the granularity ("2019-01-04", "2019-01", "2015"; a week: its Sunday)."""
        return iso_prefix(self.first, self.granularity)


def iso_prefix(day: dt.date, granularity: Granularity) -> str:
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def span_of(day: dt.date, granularity: Granularity) -> tuple[dt.date, dt.date]:
    """The days covered by the period of ``granularity`` containing ``day``."""
    if granularity == "day":
        return day, day
    if granularity == "week":
        sunday = day - dt.timedelta(days=(day.weekday() + 1) % 7)
        return sunday, sunday + dt.timedelta(days=6)
    if granularity == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def month_day(month: int, day: int, base: dt.date, future: bool) -> dt.date:
    """``month``/``day`` in the latest year putting it on or before ``base`` (``future``: the
    first year putting it after ``base``), as dateparser's ``PREFER_DATES_FROM``; February 29
    moves to the nearest leap year that way."""
    step = 1 if future else -1
    year = base.year
    for _ in range(9):  # a leap day is at most 8 years away
        try:
            found = dt.date(year, month, day)
        except ValueError:
            year += step
            continue
        if (found > base) if future else (found <= base):
            return found
        year += step
    raise ValueError(f"no date {month}/{day}")


def ago(count: int, unit: str, base: dt.date) -> dt.date:
    """``count`` days, weeks, months or years before ``base``."""
    return base - relativedelta(**{f"{unit}s": count})  # type: ignore[arg-type]


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _nearest_month(month: int, base: dt.date, future: bool) -> dt.date:
    """The most recent ``month`` not after ``base``'s month (or the next one not before it)."""
    year = base.year
    if future:
        year += month < base.month
    else:
        year -= month > base.month
    return dt.date(year, month, 1)


def _weekday(weekday: int, base: dt.date, which: str | None, future: bool) -> dt.date:
    if which == "next" or (future and which != "last"):
        ahead = (weekday - base.weekday()) % 7
        if which == "next" and ahead == 0:
            ahead = 7
        return base + dt.timedelta(days=ahead)
    back = (base.weekday() - weekday) % 7
    if which == "last" and back == 0:
        back = 7
    return base - dt.timedelta(days=back)


def _near_year(found: dt.date, base: dt.date, future: bool) -> dt.date:
    """A month-day date nearly a year away in the preferred direction is the near one the other way
    ("on March 3" in a paper dated March 2 is the next day, not last year's)."""
    other = _safe_date(found.year + (1 if found < base else -1), found.month, found.day)
    far, near = abs((found - base).days), abs((other - base).days)
    return other if far > FAR_DAYS and near <= NEAR_DAYS else found


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _resolve(
    kind: str, m: re.Match[str], base: dt.date | None, future: bool
) -> tuple[dt.date, Granularity] | None:
    g = m.groupdict()
    if kind in ("iso", "mdy", "dmy"):
        try:
            return dt.date(int(g["year"]), _month_number(g["month"]) if kind != "iso" else int(g["month"]),
                           int(g["day"])), "day"  # fmt: skip
        except ValueError:
            return None
    if kind == "my":
        return dt.date(int(g["year"]), _month_number(g["month"]), 1), "month"
    if kind == "year":
        return dt.date(int(g["year"]), 1, 1), "year"
    if base is None:
        return None
    if kind in ("md", "dm"):
        month, day = _month_number(g["month"]), int(g["day"])
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            return None
        return _near_year(month_day(month, day, base, future), base, future), "day"
    if kind == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else SMALL_COUNTS[n]
        counted = cast(Granularity, g["unit"])  # the pattern allows day, week, month or year only
        try:
            return ago(count, counted, base), counted
        except (ValueError, OverflowError):  # before year 1
            return None
    if kind == "deictic":
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].lower()]
        return base + dt.timedelta(days=offset), "day"
    if kind == "rel":
        which, unit = g["which"].lower(), g["unit"].lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(which, 0)
        if unit.startswith("week"):
            if unit == "weekend" and step == 0:
                step = 1 if future else -1 if base.weekday() < 5 else 0
            return base + dt.timedelta(weeks=step), "week"
        if unit == "month":
            return _shift_months(base, step), "month"
        return dt.date(base.year + step, 1, 1), "year"
    if kind == "weekday":
        which = (g["which"] or "").lower() or None
        return _weekday(WEEKDAYS[g["weekday"].lower()], base, which, future), "day"
    if kind in ("modmonth", "relmonth", "month"):
        month = _month_number(g["month"])
        which = (g.get("which") or "").lower()
        ahead = which == "next" or (future and which not in ("last", "since", "this"))
        return _nearest_month(month, base, ahead), "month"
    return None  # pragma: no cover


def _is_future(text: str, start: int) -> bool:
    """A future cue ("will", "scheduled", "next"...) earlier in the same clause."""
    clause_start = max(text.rfind(".", 0, start), text.rfind("\n", 0, start), start - 150) + 1
    return bool(_FUTURE_CUE.search(text[clause_start:start]))


def within(mentions: Sequence[DateMention], start: int, end: int) -> tuple[DateMention, ...]:
    """The mentions (sorted by start, as :func:`find_dates` gives them) starting in ``[start, end)``."""
    lo = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    hi = bisect.bisect_left(mentions, end, lo, key=lambda m: m.start)
    return tuple(mentions[lo:hi])


@lru_cache(maxsize=8192)  # a story of thousands of articles: each article's dates found once
def find_dates(text: str, base: dt.date | None) -> tuple[DateMention, ...]:
    """All date expressions of ``text`` resolved against ``base`` (the publication date).

    Pure, so cached: the timeline and the conflict finders read the same article's dates.

    Expressions needing a reference ("on Friday", "last month", "in September")
    are skipped when ``base`` is None; absolute ones ("March 3, 2019") are kept.
    Returns mentions in text order, never overlapping.
    """
    taken: list[tuple[int, int]] = []  # spans already claimed, sorted and disjoint
    found: list[DateMention] = []
    for kind, pattern in _COMPILED:
        for m in pattern.finditer(text):
            a, b = m.span()
            k = bisect.bisect_left(taken, (a, b))
            if (k < len(taken) and taken[k][0] < b) or (k > 0 and taken[k - 1][1] > a):
                continue
            resolved = _resolve(kind, m, base, _is_future(text, a))
            if resolved is None:
                continue
            day, granularity = resolved
            taken.insert(k, (a, b))
            first, last = span_of(day, granularity)
            relative = kind not in ABSOLUTE_KINDS
            found.append(DateMention(a, b, m.group(), first, last, granularity, relative, kind))
    return tuple(sorted(found, key=lambda d: d.start))


def find_dateline(text: str, reference: dt.date | None = None) -> dt.date | None:
    """A date at the very start of the body ("MOSCOW, Jan 4 (Reuters) -", "January 4, 2019").

    A dateline without a year takes the year that puts it nearest ``reference``.
    """
    m = _DATELINE.match(text[:200])
    if not m:
        return None
    month, day = _month_number(m.group("month")), int(m.group("day"))
    if m.group("year"):
        year = int(m.group("year"))
    elif reference is not None:
        candidates = [reference.year - 1, reference.year, reference.year + 1]
        year = min(candidates, key=lambda y: abs((_safe_date(y, month, day) - reference).days))
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def nearest_date(month: int, day: int, reference: dt.date) -> dt.date:
    """The date ``month``/``day`` in the year that puts it nearest ``reference``."""
    return min(
        (_safe_date(y, month, day) for y in (reference.year - 1, reference.year, reference.year + 1)),
        key=lambda d: abs((d - reference).days),
    )

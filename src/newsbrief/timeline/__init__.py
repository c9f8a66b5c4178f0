"""Dates and timelines: date expressions resolved against publication dates, merged events.

* :func:`find_dates` - date expressions of a text with their resolved period and granularity;
* :func:`infer_published` - publication dates for undated articles (dateline or story);
* :func:`build_timeline` - dated event sentences across articles, one entry per happening.

``TimelineEntry.date`` is the ISO prefix at the entry's granularity ("2019-01-04",
"2019-01", "2015"); a week is given by the date of its Sunday ("2019-02-24" with
granularity "week" is the week of Feb 24 - Mar 2), so render it as "week of ...".
A happening the articles only date by year ("began in 2015") stays at year
granularity rather than being given a month they do not state.
"""

from .build import build_timeline
from .dates import DateMention, find_dateline, find_dates
from .published import infer_published

__all__ = [
    "DateMention",
    "build_timeline",
    "find_dateline",
    "find_dates",
    "infer_published",
]

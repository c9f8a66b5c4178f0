"""Dates and timelines: date expressions resolved against publication dates, merged events.

* :func:`find_dates` - date expressions of a text with their resolved period and granularity;
* :func:`infer_published` - publication dates for undated articles (dateline or story);
* :func:`build_timeline` - dated event sentences across articles, one entry per happening.
"""

from .build import build_timeline
from .dates import DateMention, find_dateline, find_dates
from .published import infer_published

__all__ = ["DateMention", "build_timeline", "find_dateline", "find_dates", "infer_published"]

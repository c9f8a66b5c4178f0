"""English words and patterns every stage shares: months, weekdays, number words, datelines.

One table of each, read by cleaning (metadata dates), the timeline (date expressions,
datelines), comparison (counts, wire datelines) and compression (dateline removal).
"""

from __future__ import annotations

import calendar
import re
from types import MappingProxyType

# month name or abbreviation (lower case, no dot) -> 1..12
MONTHS = MappingProxyType(
    {
        **{m.lower(): i for i, m in enumerate(calendar.month_name) if m},
        **{m.lower(): i for i, m in enumerate(calendar.month_abbr) if m},
        "sept": 9,
    }
)
_ABBREVIATIONS = sorted(
    {m for m in MONTHS if m not in {n.lower() for n in calendar.month_name if n}}, key=lambda a: (-len(a), a)
)
# a month as written in running text: capitalised name, or abbreviation with an optional dot
MONTH_PATTERN = (
    "(?:" + "|".join(n for n in calendar.month_name if n)
    + "|(?:" + "|".join(a.capitalize() for a in _ABBREVIATIONS) + r")\.?)"
)  # fmt: skip
# a month in any case (metadata lines: "PUBLISHED: 4 JAN 2019"), longest alternatives first
MONTH_ANY_CASE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAY_PATTERN = "(?:" + "|".join(calendar.day_name) + ")"
WEEKDAYS = MappingProxyType({d.lower(): i for i, d in enumerate(calendar.day_name)})  # Monday = 0

# number words -> value ("dozen" counts twelve); scales multiply
UNITS = MappingProxyType({
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
})  # fmt: skip
SCALES = MappingProxyType({"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000})
# the small counts of "three days ago", "a week ago": a/an and one to twelve
SMALL_COUNTS = MappingProxyType(
    {"a": 1, "an": 1, **{w: v for w, v in UNITS.items() if 1 <= v <= 12 and w != "dozen"}}
)

# Wire datelines ("NAIROBI, October 23 (Xinhua) --", "WASHINGTON (AP) --"): the place before a
# date, the agency after it, and the dash that ends the dateline.
DATELINE_HEAD = re.compile(r"^[A-Z][A-Za-z .,'-]{0,40},\s*$")
DATELINE_TAIL = re.compile(r"^\s*(?:\([^)\n]{1,30}\)\s*)?(?:--|—|–|_|-)")
# a dateline without a date at the start of a sentence, as compression removes it
DATELINE_PREFIX = re.compile(
    r"^\s*(?:[A-Z][A-Z .,'\-]{1,40}(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?\s*"
    r"(?:\([A-Za-z .]{1,20}\))?\s*(?:--|_|—|–|-)\s+)"
)

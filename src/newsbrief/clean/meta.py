"""Metadata recovered from text lines and URLs: publication dates, bylines, outlets."""

from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType
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


CALENDAR_WORDS = frozenset(m.lower() for m in MONTHS) | {"undated"}
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


# ---- the outlet a plain-text article names as its own -------------------------------------------

# How wire services and outlets are written in datelines, bylines and sign-offs -> their usual name.
OUTLET_ALIASES = MappingProxyType(
    {
        "ap": "Associated Press",
        "the associated press": "Associated Press",
        "associated press": "Associated Press",
        "agence france-presse": "AFP",
        "agence france presse": "AFP",
    }
)
# Wire services and broadcasters that sign bylines and sign-offs ("By Jane Doe, Reuters", "... — JNS").
WIRES = frozenset(
    """ap afp reuters upi cnn bloomberg xinhua dpa efe ansa kyodo yonhap pti ians ani tass ria jns jta
    associated press""".split()
) | {"associated press", "the associated press", "agence france-presse"}
_WORD = r"(?:[\w&'’-]|\.(?=\w))*"  # inner dots only: "JNS.org", not the full stop after "NPR."
_NAME = rf"[A-Z]{_WORD}(?:\s+(?:of\s+)?[A-Z&]{_WORD}){{0,3}}"
_PLACE = r"[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w.'’ ]{1,20}){0,2}(?:,\s*" + _MONTH + r"\s+\d{1,2})?"
# "WASHINGTON (AP) --", "MADRID, February 17 (Xinhua) --", "(CNN) —": a place in capitals (or nothing) and
# the outlet in brackets, then a dash or an underscore opening the story
_DATELINE_RE = re.compile(rf"^\s*(?:{_PLACE})?\s*\((?P<o>{_NAME})\)\s*(?:[-—–_]{{1,2}}|:)\s*\S")
_BYLINE_OUTLET_RE = re.compile(
    rf"^by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}\s*(?:,|\||-|—|–|for)\s*(?P<o>{_NAME})"
    r"(?:\s+(?:staff\s+)?(?:\w+\s+)?(?:writer|correspondent|reporter))?\s*$",
    re.IGNORECASE,
)
_SIGN_OFF_RE = re.compile(rf"(?:[—–]|--?|\()\s*(?P<o>{_NAME})\s*\)?\s*$")
_COPYRIGHT_RE = re.compile(
    rf"^\s*(?:copyright|©|\(c\))\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)\s*,?\s*(?:by\s+)?(?P<o>{_NAME})"
    r"\s*(?:\([^)]*\))?\s*(?:[.,]?\s*(?:inc|ltd|llc|plc)\.?)?[.,]?\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)
# The outlet's own prompts: "Join the Algemeiner", "full access to JNS", "a loyal JNS reader".
_PROMPT_RES = (
    re.compile(rf"^(?i:join|support)\s+(?i:the\s+)?(?P<o>{_NAME})\s*[.!]?$"),
    re.compile(rf"\b(?i:full access to)\s+(?i:the\s+)?(?P<o>{_NAME})\s*[.!]?$"),
    re.compile(rf"\b(?i:loyal)\s+(?P<o>{_NAME})\s+(?i:reader|subscriber|member)s?\b"),
)
# Words a prompt or credit may capitalise that are not outlets ("Join the Conversation").
_NOT_OUTLETS = frozenset(
    """agencies agency staff conversation discussion debate community club newsletter team movement fight
    cause us our today now here photo photos image images getty file undated video reporting wires
    comment comments facebook twitter instagram youtube google""".split()
)
_CREDIT_RE = re.compile(r"\b(?:photo|photograph|image|picture|illustration|getty|shutterstock|AP Photo)\b", re.I)
HEAD_LINES = 6  # datelines and bylines open the article
TAIL_LINES = 8  # sign-offs, copyright lines and the outlet's prompts close it


def _outlet_name(raw: str, wire_only: bool = False) -> str | None:
    name = re.sub(r"\s+", " ", raw).strip(" .,;:'’")
    name = re.sub(r"\.(?:org|com|net|co\.uk)$", "", name, flags=re.IGNORECASE)
    name = re.sub(r"\s+(?:writer|correspondent|reporter)$", "", name, flags=re.IGNORECASE)
    low = name.lower()
    if not name or low in _NOT_OUTLETS or low.split()[0] in _NOT_OUTLETS or any(c.isdigit() for c in name):
        return None
    if low.split()[-1] in CALENDAR_WORDS:
        return None
    if wire_only:  # "Associated Press Science" (Writer): the longest opening that is a wire service
        words = name.split()
        name = next((" ".join(words[:n]) for n in range(len(words), 0, -1)
                     if " ".join(words[:n]).lower() in WIRES), "")
        low = name.lower()
        if not name:
            return None
    return OUTLET_ALIASES.get(low, name)


def text_outlet(text: str) -> str | None:
    """The outlet an article's text names as its own, or None: never a guess.

    Read, in this order: a dateline in the first lines ("WASHINGTON (AP) --", "LONDON (Reuters) -",
    "(CNN) —"), a byline naming a wire service ("By Jane Doe, Reuters"), the last lines' sign-off
    by a wire service ("... — JNS", "(AFP)"), copyright line ("© 2012 AFP", "Copyright 2017 NPR.
    All rights reserved") or the outlet's own prompts ("Join the Algemeiner", "full access to JNS").
    Credits of photos ("AP Photo/...", "Photograph: X/Reuters"), agencies a story quotes ("Reuters
    quoted ...") and bylines without an outlet name nothing.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    for line in lines[:HEAD_LINES]:
        m = _DATELINE_RE.match(line)
        if m and not _CREDIT_RE.search(m.group("o")):
            found = _outlet_name(m.group("o"))
            if found:
                return found
        m = _BYLINE_OUTLET_RE.match(line) if len(line.split()) <= 12 else None
        if m:
            found = _outlet_name(m.group("o"), wire_only=True)
            if found:
                return found
    tail = lines[-TAIL_LINES:]
    for line in reversed(tail[-2:]):
        m = _SIGN_OFF_RE.search(line)
        if m and not _CREDIT_RE.search(line):
            found = _outlet_name(m.group("o"), wire_only=True)
            if found:
                return found
    for line in reversed(tail):
        if len(line.split()) > 14 or _CREDIT_RE.search(line):
            continue
        m = _COPYRIGHT_RE.match(line)
        if m:
            found = _outlet_name(m.group("o"))
            if found:
                return found
    for line in tail:
        if len(line.split()) > 14:
            continue
        for pattern in _PROMPT_RES:
            m = pattern.search(line)
            if m:
                found = _outlet_name(m.group("o"))
                if found:
                    return found
    return None

"""Sentence clean-up for extraction: which sentences may be used, and light compression.

Compression only deletes: a leading dateline ("WASHINGTON (AP) --"), parentheticals, opening
connectives ("But", "However,"), trailing attributions (", officials said.", ", according to
the ministry.") and weekday references ("on Tuesday"). The result keeps the source sentence's
article, index and span, so a compressed sentence is a near-contiguous subset of one source
sentence (its citation stays the source sentence).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import DATELINE_PREFIX
from ..types import Sentence

_DATELINE = DATELINE_PREFIX
_PAREN = re.compile(r"\s*\([^()]{0,80}\)")
_QUOTE_OPEN = ("``", '"', "“", "'")
_CONNECTIVE = re.compile(
    r"^(?:And|But|So|Yet|Also|Still|However|Meanwhile|Moreover|Furthermore|Nevertheless|Indeed|"
    r"In addition|In fact|At the same time|As a result|For example|For instance|Instead|Besides)\b,?\s+"
)
_SAID = r"(?:said|says|added|adds|reported|reports|noted|told [A-Za-z]+|announced|stated|explained)"
_WHEN = r"(?:\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\s+(?:today|yesterday|last week))?"
_ATTRIBUTION = re.compile(
    rf",\s+(?:(?:he|she|they|it|[A-Za-z][\w.'’-]*(?:\s+[A-Za-z][\w.'’-]*){{0,7}})\s+{_SAID}{_WHEN}"
    rf"|{_SAID}\s+(?:[A-Za-z][\w.'’-]*(?:\s+[A-Za-z][\w.'’-]*){{0,7}}){_WHEN}"
    r"|according to\s+[^,;]{1,80})\s*([.!])$"
)
_ACCORDING = re.compile(r"^According to [^,;]{1,80},\s+")
_WEEKDAY = re.compile(r"(?<=[a-z,])\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?!\s*,)")

_RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\s[^,;:]{1,80},\s+")
_AGE = re.compile(r",\s+\d{1,3},\s+")

_DANGLING = re.compile(
    r"^(?:And|But|Or|So|Yet|Also|Still|Instead|However|Meanwhile|Then|Thus|Such|This|That|These|Those|"
    r"It|Its|He|She|They|His|Her|Their|We|I|You|Our|There)\b"
)
_UPPER = re.compile(r"[A-Z]")
_ALPHA = re.compile(r"[A-Za-z]")


def is_clean(
    s: Sentence,
    min_words: int = 8,
    max_words: int = 60,
    drop_quotes: int = 2,
    drop_dangling: bool = False,
) -> bool:
    """Whether a sentence can stand in a summary: whole, of reasonable length, no markup.

    ``drop_quotes``: 1 drops fragments of quotations split over sentences, 2 also sentences
    that open or close with a quotation mark.
    """
    text = s.text.strip()
    n = len(text.split())
    if not (min_words <= n <= max_words):
        return False
    if text[-1:] not in ".!\"'”’)" or "<" in text or ">" in text:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text.startswith(_QUOTE_OPEN)):
        return False
    if drop_quotes and _unbalanced_quote(text):
        return False
    if drop_quotes > 1 and (text.startswith(_QUOTE_OPEN) or text.endswith(("''", '"', "”"))):
        return False
    if drop_dangling and _DANGLING.match(text):
        return False
    letters = len(_ALPHA.findall(text))
    return not letters or len(_UPPER.findall(text)) / letters <= 0.5


def _unbalanced_quote(text: str) -> bool:
    """A fragment of a quotation split over sentences: a closing quote with no opening one."""
    opens = text.count("``") + text.count("“")
    closes = text.count("''") + text.count("”")
    if opens or closes:
        return opens != closes
    return text.count('"') % 2 == 1


def compress(s: Sentence, level: int = 1) -> Sentence | None:
    """``s`` without a leading dateline and parentheticals (``None`` if nothing is left).

    ``level`` 2 also drops opening connectives, trailing attributions and weekdays.
    """
    text = _DATELINE.sub("", s.text, count=1)
    text = _PAREN.sub("", text)
    if level >= 2:
        text = _CONNECTIVE.sub("", text, count=1)
        text = _ACCORDING.sub("", text, count=1)
        if '"' not in text and "''" not in text and "”" not in text:
            text = _ATTRIBUTION.sub(r"\1", text, count=1)
        text = _WEEKDAY.sub("", text)
    if level >= 3:
        text = _RELATIVE.sub(" ", text)
        text = _AGE.sub(" ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text).strip()
    if not text:
        return None
    if text[0].islower():
        text = text[0].upper() + text[1:]
    return s if text == s.text else replace(s, text=text)

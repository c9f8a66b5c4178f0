"""Sentence clean-up for extraction: which sentences may be used, and light compression.

Compression only deletes: a leading dateline ("WASHINGTON (AP) --"), parentheticals and
some attributions. The result keeps the source sentence's article, index and span, so a
compressed sentence is a near-contiguous subset of one source sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..types import Sentence

_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z .,'\-]{1,40}(?:,\s*[A-Z][a-z]+\.?(?:\s+\d{1,2})?)?\s*"
    r"(?:\([A-Za-z .]{1,20}\))?\s*(?:--|_|—|–|-)\s+)"
)
_PAREN = re.compile(r"\s*\([^()]{0,80}\)")
_QUOTE_OPEN = ("``", '"', "“", "'")


_DANGLING = re.compile(
    r"^(?:And|But|Or|So|Yet|Also|Still|Instead|However|Meanwhile|Then|Thus|Such|This|That|These|Those|"
    r"It|Its|He|She|They|His|Her|Their|We|I|You|Our|There)\b"
)


def is_clean(
    s: Sentence,
    min_words: int = 8,
    max_words: int = 60,
    drop_quotes: bool = True,
    drop_dangling: bool = False,
) -> bool:
    """Whether a sentence can stand in a summary: whole, of reasonable length, no markup."""
    text = s.text.strip()
    n = len(text.split())
    if not (min_words <= n <= max_words):
        return False
    if text[-1:] not in ".!?\"'”’)" or "<" in text or ">" in text:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text.startswith(_QUOTE_OPEN)):
        return False
    if drop_quotes and (text.startswith(_QUOTE_OPEN) or text.endswith(("''", '"', "”"))):
        return False
    if text.endswith("?"):
        return False
    if drop_quotes and _unbalanced_quote(text):
        return False
    if drop_dangling and _DANGLING.match(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) / len(letters) <= 0.5


def compress(s: Sentence) -> Sentence | None:
    """``s`` without a leading dateline and parentheticals (``None`` if nothing is left)."""
    text = _DATELINE.sub("", s.text, count=1)
    text = _PAREN.sub("", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text).strip()
    if not text:
        return None
    if text[0].islower():
        text = text[0].upper() + text[1:]
    return s if text == s.text else replace(s, text=text)


def _unbalanced_quote(text: str) -> bool:
    """A fragment of a quotation split over sentences: a closing quote with no opening one."""
    opens = text.count("``") + text.count("“")
    closes = text.count("''") + text.count("”")
    if opens or closes:
        return opens != closes
    return text.count('"') % 2 == 1

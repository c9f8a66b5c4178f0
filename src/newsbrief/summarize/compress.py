"""Sentence clean-up for extraction: which sentences may be used, and light compression.

Compression only deletes: a leading dateline ("WASHINGTON (AP) --"), parentheticals, opening
connectives ("But", "However,"), trailing attributions (", officials said.", ", according to
the ministry.") and weekday references ("on Tuesday", "early Monday", "Tuesday night"); level 3
also non-restrictive relative clauses (", who ...,") and ages (", 45,") outside quotations. The
result keeps the source sentence's article, index and span, so a compressed sentence is a
near-contiguous subset of one source sentence (its citation stays the source sentence).

Each deletion leaves a sentence that still reads: a phrase that only looks like a connective
stays ("So far", "Instead of", "In addition to"), a weekday that a word needs stays ("since
Friday's bombing", "until Tuesday", "Monday to Friday", "Fox News Sunday"), a parenthesis that
stands for a word stays ("live without the (Bureau of Indian Affairs)"), a fronted phrase keeps
its comma ("On the Navajo Nation, parents ..."), quotations are never cut inside, and no space or
comma is left before punctuation. ``tests/test_compress.py`` checks sentences of DUC 2006, the
Multi-News sample and the bundled sample (``tests/data/compress_cases.json``) and every
compression of DUC 2006 for these faults.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..lexicon import DATELINE_PREFIX
from ..types import Sentence

_DATELINE = DATELINE_PREFIX
# a parenthesis between words; not one glued to a word ("chambers(at)star-telegram.com", "word(s)")
_PAREN = re.compile(r"(?P<before>\b[A-Za-z]+)?\s+\([^()]{0,80}\)(?![A-Za-z0-9])")
# a parenthesis after these words stands for a word of the sentence ("live without the (Bureau of
# Indian Affairs)", "went to (expletive)"): it stays
_PAREN_HEAD = frozenset(
    """the a an of to in on at by for from with without about into than like and or this that these
    those his her its their our my your""".split()
)


def _drop_paren(m: re.Match[str]) -> str:
    before = m.group("before") or ""
    return m.group(0) if before.lower() in _PAREN_HEAD else before


_QUOTE_OPEN = ("``", '"', "“", "'")
_CONNECTIVE = re.compile(
    r"^(?:And|But|So|Yet|Also|Still|However|Meanwhile|Moreover|Furthermore|Nevertheless|Indeed|"
    r"In addition|In fact|At the same time|As a result|For example|For instance|Instead|Besides)\b,?\s+"
    # not a connective but the start of a phrase: "So far", "Instead of", "In addition to", "So many"
    r"(?!(?:far|much|many|long|of|to|that|as|than)\b)"
)
_SAID = r"(?:said|says|added|adds|reported|reports|noted|told [A-Za-z]+|announced|stated|explained)"
_WHEN = r"(?:\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|\s+(?:today|yesterday|last week))?"
# a word of who said it (", said the ministry's spokesman."), not of what was said (", said Tuesday that ...")
_NAME_WORD = (
    r"(?!(?:that|he|she|they|it|we|I|you|there|this|these|those|if|whether|how|why)\b)[A-Za-z][\w.'’-]*"
)
_ATTRIBUTION = re.compile(
    rf",\s+(?:(?:he|she|they|it|[A-Za-z][\w.'’-]*(?:\s+[A-Za-z][\w.'’-]*){{0,7}})\s+{_SAID}{_WHEN}"
    rf"|{_SAID}\s+(?:{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,7}}){_WHEN}"
    r"|according to\s+[^,;]{1,80})\s*([.!])$"
)
_ACCORDING = re.compile(r"^According to [^,;]{1,80},\s+")
_WEEKDAY = re.compile(
    r"(?<=[a-z,])(?P<before>\s+[A-Za-z]+)?\s+(?P<on>on\s+)?(?P<pre>(?:early|late|last|this)\s+)?"
    # the time of day, if any, taken whole (a lookahead is atomic): "Thursday afternoon, ..." stays
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b(?=(?P<tod>(?:\s+(?:morning|afternoon|evening|night)\b)?))(?P=tod)"
    # a weekday that is part of a longer phrase stays: "Monday's attack", "Monday, March 3",
    # "Monday to Friday"
    r"(?!\s*,|['’]s|-|\s+(?:and|or|through|to|until|till)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|early|late)\b)"
)
# words a weekday cannot be cut from: "since Monday", "by Monday", "until Monday", "next Monday"
_WEEKDAY_HEAD = frozenset(
    """next that since until till by before after from to through during for at of the a in every
    each and or between than""".split()
)


def _drop_weekday(m: re.Match[str]) -> str:
    before = m.group("before") or ""
    word = before.strip()
    name = word[:1].isupper() and not (m.group("on") or m.group("pre") or m.group("tod"))  # "Fox News Sunday"
    if word.lower() in _WEEKDAY_HEAD or name:
        return m.group(0)
    return "" if word == "on" else before


_RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\s(?!means\b|is why\b)[^,;:]{1,80},\s+")
# a sentence opening with a phrase ("On the remote Navajo Nation, where ..., parents could ...")
# keeps the comma that closed that phrase once the relative clause is cut
_FRONTED = re.compile(
    r"^(?:In|On|At|For|From|After|Before|Among|Unlike|Like|As|While|If|When|Since|To|With|Without|"
    r"Under|Despite|During|Across|Near|Outside|Inside|Beyond|Although|Though|Because|Once|Until)\s[^,]*$"
)


def _drop_relative(m: re.Match[str]) -> str:
    return ", " if _FRONTED.match(m.string[: m.start()]) else " "


_AGE = re.compile(r",\s+\d{1,3},\s+(?P<next>(?:a|an|the)\s)?")


def _drop_age(m: re.Match[str]) -> str:
    # "Mark Leibowitz, 27, a store manager, said" keeps the comma before the apposition
    return ", " + m.group("next") if m.group("next") else " "


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
    text = _PAREN.sub(_drop_paren, text)
    if level >= 2:
        text = _CONNECTIVE.sub("", text, count=1)
        text = _ACCORDING.sub("", text, count=1)
        if '"' not in text and "''" not in text and "”" not in text:
            text = _ATTRIBUTION.sub(r"\1", text, count=1)
        text = _WEEKDAY.sub(_drop_weekday, text)
    if level >= 3 and not any(q in text for q in ('"', "``", "''", "“", "”")):  # quotes stay verbatim
        text = _RELATIVE.sub(_drop_relative, text)
        text = _AGE.sub(_drop_age, text)
    # spaces left before punctuation go (not before ".50-caliber" or an ellipsis), and a comma
    # left before the full stop
    text = re.sub(r"\s+([,.;:])(?=[\s\"'”’)]|$)", r"\1", text)
    text = re.sub(r",([.!?])(?!\.)", r"\1", text)
    text = re.sub(r"(?<!\.)\.\.(?!\.)", ".", text).strip()
    if not text:
        return None
    if text[0].islower():
        text = text[0].upper() + text[1:]
    return s if text == s.text else replace(s, text=text)

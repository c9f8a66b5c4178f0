"""Direct quotes, who said them, and which outlets carry each.

A quote is text between double quotation marks (curly or straight, within one
paragraph) of at least ``MIN_WORDS`` words, so scare quotes ("friction") are
left out. Its speaker comes from the attribution around it, tried in order:

* ``X quoted Y as saying`` -> Y;
* after the quote: ``..., X said`` / ``..., said X`` (any reporting verb);
* before the quote: ``X said (that) "..."``, ``X told Y that "..."``;
* ``according to X``.

Pronouns ("it added", "he said") take the speaker of the article's previous
quote when it is in the same or the previous sentence, else the first name of
the clause before the quote ("Trump ... when he said"); an unattributed quote
continuing a paragraph takes the speaker of the quote before it. Quotes use
curly, straight or ``LaTeX''-style marks. An embedded social post (see
:mod:`newsbrief.clean.posts`) is a quote of its author, dated: its speaker reads "Name (@handle),
July 21, 2012" and it cites the post's paragraph. The same quote in several outlets (one quote's words mostly contained
in the other's: overlap coefficient at least ``SAME_QUOTE``) is one
:class:`Quote` with every citation and source.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..clean.posts import post_spans
from ..text import STOPWORDS, covering, words
from ..types import ArticleText, Citation, Quote
from .common import outlet

MIN_WORDS = 4
SAME_QUOTE = 0.8

_VERBS = (
    r"said|says|say|added|adds|told|tells|stressed|emphasi[sz]ed|noted|stated|declared|wrote|tweeted|"
    r"explained|warned|insisted|argued|asked|replied|confirmed|announced|reiterated|continued|remarked|"
    r"commented|observed|claimed|acknowledged|admitted|recalled|urged|concluded|reported|revealed|"
    r"affirmed|responded|cautioned|underlined|underscored|saying"
)
_QUOTE = re.compile(r"“(?P<curly>[^“”\n]+)”|\"(?P<straight>[^\"\n]+)\"|``(?P<latex>(?:(?!''|``)[^\n])+)''")
_ABBREVIATION = r"(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Col|Lt|Sgt|St|Jr|Sr|Prof|[A-Z])\."
_WHO = rf"(?:{_ABBREVIATION}|[^,;:.“”\"()]){{1,80}}?"
_QUOTED_AS = re.compile(rf"(?P<via>{_WHO})\s+quoted\s+(?P<who>{_WHO})\s+as\s+saying", re.IGNORECASE)
_AFTER = re.compile(rf"^[\s,.;:—–-]*(?P<who>{_WHO})\s+(?:{_VERBS})\b")
_AFTER_INVERTED = re.compile(rf"^[\s,.;:—–-]*(?:{_VERBS})\s+(?P<who>{_WHO})(?=[,.;:]|$)")
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b")
_BOUNDARY = re.compile(rf"[,;:()]|\b(?:that|when|while|after|because|as|{_VERBS})\b")
MAX_TAIL = 40  # characters allowed between the reporting verb and the quote ("told Putin that")
_ACCORDING = re.compile(rf"according to\s+(?P<who>{_WHO})(?=\s*(?:[,.;:]|$|reported|quoted|said))")
_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "his office", "her office"})
_LEAD_JUNK = re.compile(r"^(?:and|but|then|while|as|later|also|which|that)\s+", re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|al-|bin))*")


@dataclass(frozen=True)
class _Found:
    article: str
    outlet: str
    text: str
    speaker: str | None
    citation: Citation


def _clean_speaker(who: str | None) -> str | None:
    if not who:
        return None
    who = " ".join(who.split()).strip(" ,.;:-–—")
    who = _LEAD_JUNK.sub("", who)
    who = re.sub(r"\s+(?:later|also|then|back then|again)$", "", who)
    who = re.sub(r"^(?:the|a|an)\s+(?=[A-Z])", "", who)
    if "''" in who or "``" in who:
        return None
    if who.lower() in _PRONOUNS:
        return who
    parts = who.split()
    while parts and parts[-1].lower() in STOPWORDS:
        parts.pop()  # "Fergus Bordewich in"
    who = " ".join(parts)
    if not who or len(who.split()) > 8 or not re.search(r"[A-Za-z]", who):
        return None
    return who


def _before_speaker(before: str) -> str | None:
    """``X said (that) "``: the words between the last clause boundary and the last reporting verb."""
    verbs = [m for m in _VERB_RE.finditer(before) if len(before) - m.end() <= MAX_TAIL]
    for verb in reversed(verbs):  # nearest the quote first: "told" in "X said Y told Z that"
        head = before[: verb.start()]
        bounds = list(_BOUNDARY.finditer(head))
        who = _clean_speaker(head[bounds[-1].end() :] if bounds else head)
        if who:
            return who
    return None


def _speaker(before: str, after: str) -> str | None:
    for text in (after, before):
        m = _QUOTED_AS.search(text) if "quoted" in text.lower() else None  # cheap test first
        if m:
            return _clean_speaker(m.group("who"))
    for pattern in (_AFTER, _AFTER_INVERTED):
        m = pattern.search(after)
        if m and not m.group("who").lower().startswith("according to"):
            return _clean_speaker(m.group("who"))
    who = _before_speaker(before)
    if who:
        return who
    for text in (after, before):
        m = _ACCORDING.search(text) if "according to" in text else None
        if m:
            return _clean_speaker(m.group("who"))
    return None


def _article_quotes(text: ArticleText) -> list[_Found]:
    article, sents = text.article, text.sentences
    posts = post_spans(article.text) if "@" in article.text else ()
    found = [
        _Found(article.id, outlet(article), p.post.text, p.post.speaker, Citation(article.id, p.start, p.end))
        for p in posts
    ]
    last: tuple[str, int] | None = None  # speaker of the previous attributed quote, its sentence index
    previous_line = -1  # paragraph start of the previous quote
    for m in _QUOTE.finditer(article.text):
        body = (
            (m.group("curly") or m.group("straight") or m.group("latex") or "").strip().rstrip(",;:").strip()
        )
        if len(words(body)) < MIN_WORDS:
            continue
        a, b = m.span()
        if any(p.start <= a < p.end for p in posts):
            continue  # the post's own quotation marks
        around = covering(sents, a, b)
        if not around:
            continue
        start, end = around[0].start, around[-1].end
        line_start = article.text.rfind("\n", 0, a) + 1
        line_end = article.text.find("\n", b)
        line_end = len(article.text) if line_end < 0 else line_end
        next_quote = _QUOTE.search(article.text, b, line_end)
        after = article.text[b : next_quote.start() if next_quote else min(line_end, end)]
        before = article.text[max(line_start, start) : a]
        speaker = _speaker(before, after)
        if speaker is None and last is not None and previous_line == line_start:
            speaker = last[0]  # a quote continued in the same paragraph: ``...,'' X said. ``...''
        if speaker and speaker.lower() in _PRONOUNS:
            near = last is not None and last[1] >= around[0].index - 1
            speaker = last[0] if near and last else _subject(article.text[start:a])
        if speaker:
            last = (speaker, around[-1].index)
        previous_line = line_start
        found.append(_Found(article.id, outlet(article), body, speaker, Citation(article.id, start, end)))
    return found


def _subject(text: str) -> str | None:
    """The first capitalised name of a clause, skipping a capitalised function word at its start."""
    for m in _NAME.finditer(text):
        name = m.group()
        first = name.split()[0]
        if first.lower() in STOPWORDS or first.lower() in _PRONOUNS:
            rest = name.split()[1:]
            if not rest:
                continue
            name = " ".join(rest)
        return name
    return None


def find_quotes(texts: Sequence[ArticleText]) -> tuple[Quote, ...]:
    """Quotes of ``texts`` (canonical order), the most widely carried first."""
    found = [q for text in texts for q in _article_quotes(text)]
    vocab = [{w.lower() for w in words(q.text)} for q in found]
    order = sorted(range(len(found)), key=lambda i: (-len(words(found[i].text)), found[i].article, i))
    groups: list[list[int]] = []
    heads_with: dict[str, array[int]] = {}  # word -> groups whose first quote has it
    head_size = array("q")  # words of each group's first quote
    for i in order:
        home = None
        if groups:
            # how many of the quote's words each group's head shares, counted in one pass
            held = [np.frombuffer(heads_with[w], dtype=np.int64) for w in vocab[i] if w in heads_with]
            if held:
                shared = np.bincount(np.concatenate(held), minlength=len(groups))
                del held  # the buffers are free to grow again
                sizes = np.minimum(np.frombuffer(head_size, dtype=np.int64), len(vocab[i]))
                # the first group whose head overlaps enough (the share of the shorter quote's words)
                enough = np.flatnonzero((shared > 0) & (shared / sizes >= SAME_QUOTE))
                home = int(enough[0]) if len(enough) else None
        if home is not None:
            groups[home].append(i)
        else:
            for w in vocab[i]:
                heads_with.setdefault(w, array("q")).append(len(groups))
            head_size.append(len(vocab[i]))
            groups.append([i])
    quotes = []
    for group in groups:
        members = sorted(group, key=lambda i: (found[i].article, found[i].citation.start))
        speakers = Counter(s for s in (found[i].speaker for i in members) if s)
        ranked = sorted(speakers, key=lambda s: (-speakers[s], s.lower().startswith("the "), s))
        quotes.append(
            Quote(
                text=found[group[0]].text,
                speaker=ranked[0] if ranked else None,
                # one citation an article: its first telling of the quote
                citations=tuple({found[i].article: found[i].citation for i in reversed(members)}.values())[::-1],
                sources=tuple(sorted({found[i].outlet for i in members})),
            )
        )
    quotes.sort(key=lambda q: (-len(q.sources), q.citations[0].article, q.citations[0].start))
    return tuple(quotes)

"""Embedded social posts: a quote by a handle at a date, not a sentence of the article.

Pages that embed a tweet or an Instagram post leave it in the text as one paragraph::

    Can't wait! pic.twitter.com/AbC123 — Jim Carrey (@JimCarrey) July 21, 2012
    RIP King P. A post shared by Nasir Jones (@nas) on Jun 20, 2017 at 10:33am PDT

:func:`parse_post` reads such a line into a :class:`Post` (text without its links, author, handle,
date as written). The cleaner rewrites each post paragraph into one canonical line,
``“TEXT” — Name (@handle) July 21, 2012`` (:meth:`Post.line`), and drops an attribution left without
text. Later stages find the posts of an article with :func:`post_spans`: quotes show them with
their author and date; the timeline and the fact lists leave their sentences out
(:func:`without_posts`), so a post is never a dated event or a bare fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..types import ArticleText

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = rf"{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
_HANDLE = r"@(?P<handle>[A-Za-z0-9_.]{1,30})"
# "TEXT — Name (@handle) July 21, 2012" (Twitter's embed); the name may hold dashes and symbols
_TWEET_RE = re.compile(rf"^(?P<text>.*)[—–]\s*(?P<name>[^()\n—–]{{0,80}}?)\s*\({_HANDLE}\)\s*(?P<date>{_DATE})\s*$")
# "TEXT A post shared by Name (@handle) on Jun 20, 2017 at 10:33am PDT" (Instagram's embed)
_INSTAGRAM_RE = re.compile(
    rf"^(?P<text>.*?)\s*A (?:post|photo|video) shared by\s+(?P<name>[^()\n]{{0,80}}?)\s*\({_HANDLE}\)\s*"
    rf"on\s+(?P<date>{_DATE})(?:\s+at\s+\d{{1,2}}:\d{{2}}\s*[ap]m(?:\s+[A-Z]{{2,5}})?)?\s*$",
    re.IGNORECASE,
)
_LINK_RE = re.compile(r"(?:https?://)?(?:pic\.twitter\.com|t\.co|instagr\.am|bit\.ly)/\S+|https?://\S+")
_QUOTES = "“”\"'‘’"
_JUNK_EDGES = " -–—|·•"  # dash rules and separators around a post's text


@dataclass(frozen=True)
class Post:
    """An embedded social post."""

    text: str  # the post's words, links left out ("" for an attribution alone)
    name: str  # the author's display name ("" when only the handle is given)
    handle: str  # without the @
    date: str  # as written: "July 21, 2012"

    @property
    def speaker(self) -> str:
        """Who posted it and when: "Jim Carrey (@JimCarrey), July 21, 2012"."""
        who = f"{self.name} (@{self.handle})" if self.name else f"@{self.handle}"
        return f"{who}, {self.date}"

    def line(self) -> str:
        """The canonical paragraph of the post in a cleaned body."""
        who = f"{self.name} (@{self.handle})" if self.name else f"(@{self.handle})"
        return f"“{self.text}” — {who} {self.date}"


def _post_text(text: str) -> str:
    text = _LINK_RE.sub(" ", text)
    text = " ".join(text.split()).strip(_JUNK_EDGES)
    if len(text) >= 2 and text[0] == "“" and text[-1] == "”" and text.count("“") == 1:
        text = text[1:-1].strip()  # a canonical line read back
    return text


def parse_post(line: str) -> Post | None:
    """The post a paragraph holds (raw embed or canonical line), or None."""
    line = line.strip()
    if "@" not in line:
        return None
    m = _TWEET_RE.match(line) or _INSTAGRAM_RE.match(line)
    if m is None:
        return None
    name = " ".join(m.group("name").split()).strip(_JUNK_EDGES + _QUOTES)
    return Post(_post_text(m.group("text")), name, m.group("handle"), " ".join(m.group("date").split()))


@dataclass(frozen=True)
class PostSpan:
    """A post paragraph of an article: ``article.text[start:end]``."""

    start: int
    end: int
    post: Post


def post_spans(text: str) -> tuple[PostSpan, ...]:
    """Every paragraph of ``text`` that is an embedded post, in order."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if "@" in m.group():
            post = parse_post(m.group())
            if post is not None and post.text:
                lead = len(m.group()) - len(m.group().lstrip())
                trail = len(m.group()) - len(m.group().rstrip())
                out.append(PostSpan(m.start() + lead, m.end() - trail, post))
    return tuple(out)


def without_posts(texts: Sequence[ArticleText]) -> tuple[ArticleText, ...]:
    """The records with the sentences inside embedded posts left out (tokens and stems with them);
    the others keep their index and span. Records without posts are returned as they are."""
    out = []
    for t in texts:
        spans = post_spans(t.article.text) if "@" in t.article.text else ()
        if not spans:
            out.append(t)
            continue
        keep = [
            i for i, s in enumerate(t.sentences)
            if not any(p.start <= s.start and s.end <= p.end for p in spans)
        ]  # fmt: skip
        out.append(
            replace(
                t,
                sentences=tuple(t.sentences[i] for i in keep),
                tokens=tuple(t.tokens[i] for i in keep),
                stems=tuple(t.stems[i] for i in keep),
            )
        )
    return tuple(out)

"""Line-level boilerplate removal for extracted article text.

A document is a list of non-blank lines.  Each line is labelled from its own
features (see :mod:`.features`), from its position (furniture clusters before the
first and after the last paragraph of clear prose), from repetition inside the
document (duplicated captions and headlines) and across the batch (short labels that
several documents share).  ``related``/``more on this topic`` headers open a block of
teasers that runs until the next paragraph of prose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..text import STOPWORDS
from .features import RELATED_RE, Line, key, normalize
from .furniture import archive_page, named, strip_widgets
from .meta import byline, date_line
from .posts import parse_post

HEAD_TITLE_SPAN = 12  # a headline is looked for among the first lines only
TEASER_BLOCK_MAX = 8  # lines a related-stories block may span
ENGLISH_STOP_SHARE = 0.25  # English prose is 40-50 % function words; headers and labels far fewer
MIN_BODY_WORDS = 3  # a body needs one line of this many words (or a sentence)


@dataclass(frozen=True)
class Rules:
    """Which removal rules apply (HTML extraction output needs fewer than raw text)."""

    zones: bool = True  # head / tail furniture clusters
    captions: bool = True
    prompts: bool = True
    related: bool = True
    # repeated lines: "all" later copies (and both copies of repeated captions / labels),
    # "prose" later copies of prose paragraphs only (a page extracted twice), or "off"
    duplicates: Literal["all", "prose", "off"] = "all"
    batch: bool = True
    datelines: bool = True
    symbols: bool = True  # lines without letters (donation amounts, rules, separators)
    links: bool = True  # lines that are nothing but a URL, an e-mail address or a handle
    named: bool = True  # media, caption, archive, widget and call-to-action lines (:mod:`.furniture`)
    posts: bool = True  # embedded social posts rewritten as one canonical line (:mod:`.posts`)
    recurring: bool = True  # lines the batch's documents of different stories share


TEXT_RULES = Rules()


@dataclass(frozen=True)
class Cleaned:
    """Result of cleaning one document's lines."""

    body: tuple[str, ...]
    title: str | None
    published: dt.date | None
    author: str | None
    # (reason, line) for every line left out of the body, in document order
    dropped: tuple[tuple[str, str], ...] = ()


def split_lines(text: str) -> list[str]:
    """Non-blank lines of ``text``, whitespace-normalised."""
    out = []
    for raw in text.splitlines():
        line = normalize(raw)
        if line:
            out.append(line)
    return out


def batch_counts(texts: Sequence[Sequence[str]], keys: Sequence[Sequence[str]] | None = None) -> Counter[str]:
    """Document frequency of each line key over a batch (order-free); ``keys``: the lines' keys
    when the caller has them already."""
    counts: Counter[str] = Counter()
    for ks in keys if keys is not None else ([key(line) for line in lines] for lines in texts):
        counts.update(set(ks))
    return counts


def _title_like(line: Line) -> bool:
    if not 3 <= line.n_words <= 30 or line.letters < 12:
        return False
    if line.text.endswith((".", ":", ";", ",")) or line.ellipsis:
        return False
    digits = sum(c.isdigit() for c in line.text)
    if digits / len(line.text) > 0.12:
        return False
    return not (line.prompt or line.credit or line.strong or line.appeal or line.no_letters)


def _find_title(
    lines: Sequence[Line], first_good: int, meta_title: str | None, rules: Rules = TEXT_RULES
) -> int | None:
    """Index of the headline line (matching ``meta_title`` if given); never a named furniture line
    (a site's tagline such as "From Wikipedia, the free encyclopedia")."""
    if meta_title:
        k = key(meta_title)
        for i, line in enumerate(lines[:HEAD_TITLE_SPAN]):
            if line.key == k:
                return i
        return None
    for i, line in enumerate(lines[: min(first_good, HEAD_TITLE_SPAN)]):
        if _title_like(line) and date_line(line.text) is None and byline(line.text) is None:
            if rules.named and named(line.text) is not None:
                continue
            return i
    return None


_BULLET_RE = re.compile(r"^(?:[-–—•*·▪]|\d{1,2}[.)])\s")


def _list_items(lines: Sequence[Line]) -> set[int]:
    """Lines of a list in the body: two or more bulleted / numbered lines and their lead-in."""
    out: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, None]):
        if line is not None and _BULLET_RE.match(line.text) and not line.prompt:
            run.append(i)
            continue
        if len(run) >= 2:
            out.update(run)
            if run[0] > 0 and lines[run[0] - 1].text.endswith(":"):
                out.add(run[0] - 1)  # the line introducing the list
        run = []
    return out


def _english(lines: Sequence[Line]) -> bool:
    """Whether function words make up a normal share of the document's words."""
    words = [w.lower() for line in lines for w in line.words]
    return bool(words) and sum(w in STOPWORDS for w in words) / len(words) >= ENGLISH_STOP_SHARE


def _zone_junk(line: Line, listed: bool) -> bool:
    """Furniture in the head or tail cluster: anything but prose or a list."""
    if line.appeal or line.ellipsis or (line.cues and line.n_words <= 15):
        return True
    if line.reader > 0 and line.n_words <= 10:
        return True
    return not (line.sentence or listed or line.n_words >= 15)


def _label(line: Line, rules: Rules, in_zone: bool, listed: bool, batch: Counter[str] | None) -> str | None:
    """Why a line (not yet labelled by position or repetition) is furniture, or None for body."""
    if rules.named and (kind := named(line.text)) is not None:
        return kind
    if rules.symbols and line.no_letters:
        return "no-letters"
    if rules.links and line.url_only:
        return "link"
    if rules.captions and line.credit and line.n_words <= 60:
        return "credit"
    if rules.prompts and (line.prompt or line.strong):
        return "prompt"
    if rules.datelines and date_line(line.text, leftover=0) is not None:
        return "dateline"
    if in_zone and _zone_junk(line, listed):
        return "zone"
    if rules.batch and batch is not None and batch[line.key] >= 2 and not line.terminal and line.n_words <= 6:
        return "batch"
    return None


def _rewrite(texts: Sequence[str], rules: Rules) -> tuple[list[str], dict[int, str], set[int]]:
    """Lines with glued widgets cut off and embedded posts in their canonical form, the lines to
    drop outright (an attribution without its post) and the lines holding a post."""
    out, drop, posts = [], {}, set()
    for i, text in enumerate(texts):
        if rules.named:
            text = strip_widgets(text) or text
        post = parse_post(text) if rules.posts and "@" in text else None
        if post is not None:
            if post.text:
                text = post.line()
                posts.add(i)
            else:
                drop[i] = "post"
        out.append(text)
    return out, drop, posts


def clean_lines(
    texts: Sequence[str],
    meta_title: str | None = None,
    batch: Counter[str] | None = None,
    rules: Rules = TEXT_RULES,
    furniture: frozenset[str] = frozenset(),
    keys: Sequence[str] | None = None,
) -> Cleaned:
    """Label each line body or furniture; return the body lines and the metadata found.

    ``furniture``: keys of lines known to be furniture (recurring across the batch's stories);
    ``keys``: the lines' keys when the caller has them already."""
    if rules.named and archive_page(texts):
        return Cleaned((), meta_title, None, None, tuple(("archive", t) for t in texts))
    raw_keys = list(keys) if keys is not None else [key(t) for t in texts]
    texts, posted, posts = _rewrite(texts, rules)
    lines = [Line(t) for t in texts]
    n = len(lines)
    good = [i for i, line in enumerate(lines) if line.good]
    first_good = good[0] if good else n
    last_good = good[-1] if good else -1
    drop: list[str | None] = [None] * n

    t = _find_title(lines, first_good, meta_title, rules)
    title = meta_title or (lines[t].text if t is not None else None)
    title_key = key(title) if title else None
    for i, line in enumerate(lines):
        if line.key == title_key and (i < first_good or not line.good):
            drop[i] = "headline"

    # Prose is recognised by English function words: in other languages no line looks
    # like prose, and head/tail zones would swallow the whole body.
    head = range(0, first_good) if rules.zones and (good or _english(lines)) else range(0)
    tail = range(last_good + 1, n) if rules.zones and good else range(0)
    zone = set(head) | set(tail)
    listed = _list_items(lines) if zone else set()
    # Datelines under the headline come first: a date above it is often the site's "today".
    below = [i for i in head if t is None or i > t]
    above = [i for i in head if t is not None and i < t]
    published: dt.date | None = None
    author: str | None = None
    for i in [*below, *above, *tail]:
        d = date_line(lines[i].text) if rules.datelines else None
        if d is not None:
            drop[i] = "dateline"
            published = published or d
        a = byline(lines[i].text) if not lines[i].terminal else None
        if a is not None:
            drop[i] = "byline"
            author = author or a

    seen: set[str] = set()
    teaser_left = 0
    for i, line in enumerate(lines):
        if line.key in seen and (rules.duplicates == "all" or rules.duplicates == "prose" and line.good):
            drop[i] = "repeat"
        seen.add(line.key)
        if teaser_left:
            if line.good and not line.ellipsis:
                teaser_left = 0
            else:
                drop[i] = drop[i] or "teaser"
                teaser_left -= 1
                continue
        if rules.related and RELATED_RE.match(line.text):
            drop[i] = "related"
            teaser_left = TEASER_BLOCK_MAX
        elif not drop[i]:
            drop[i] = _label(line, rules, i in zone, i in listed, batch)

    if rules.duplicates == "all":
        # A caption rendered twice (image alt text and figure caption): drop both copies.
        counts = Counter(line.key for line in lines)
        for i, line in enumerate(lines):
            if counts[line.key] > 1 and (line.credit or not line.terminal):
                drop[i] = drop[i] or "repeat"
    if t is not None:
        drop[t] = "headline"
    for i in posts:  # an embedded post is a quote, kept wherever it stands (but only once)
        drop[i] = "repeat" if drop[i] == "repeat" else None
    for i, why in posted.items():
        drop[i] = why
    if rules.recurring:
        for i, k in enumerate(raw_keys):
            if k in furniture and i != t:
                drop[i] = drop[i] or "recurring"

    kept = [line for line, why in zip(lines, drop, strict=True) if not why]
    if not any(line.n_words >= MIN_BODY_WORDS or line.terminal or line.letters >= 20 for line in kept):
        kept = []  # only labels left ("Home", "Menu"): no article
    dropped = tuple((why, line.text) for why, line in zip(drop, lines, strict=True) if why)
    return Cleaned(tuple(line.text for line in kept), title, published, author, dropped)

"""Page furniture that line shape alone does not reveal: named kinds, and lines recurring across stories.

Named kinds (:func:`named`), each a property of the line itself:

* media players and captions: "Media playback is unsupported on your device Media caption ...",
  "Image copyright X Image caption Y", video players' "Skip in Skip x Embed x Share ...";
* picture captions of wire galleries: "FILE - In this Feb. 11, 2007, file photo, ...", "In this
  <date> photo, ...", a caption cut with "... (Associated Press)";
* web archive and crawl notices ("Starting in 1996, Alexa Internet has been donating their crawl
  data ...", "The seed for this crawl was ...") and error pages ("the page you requested could not
  be found"); a document made mostly of them is an archive page, not an article
  (:func:`archive_page`);
* share, comment and location widgets ("Read or Share this story: ...", "Tweet with a location",
  "Share Tweet 7.6k shares on Facebook") and calls to action addressed to the reader ("click here",
  "share your thoughts in the comments").

A widget glued in front of a sentence ("Tweet View Comments The senator said ...") is cut off and
the sentence kept (:func:`strip_widgets`).

Corpus-level (:func:`recurring`): a line found in documents of two or more different stories of
the batch is furniture whatever it says. Documents tell the same story when the cosine of their
word vectors (TF-IDF over the batch, words of four letters or more) reaches ``SAME_STORY``; a line
shared only by documents of one story (a wire copy, a quoted statement) is left alone. The result
depends only on the set of documents, not on their order.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from .features import key

SAME_STORY = 0.15  # documents at or above this cosine tell one story (different stories: < 0.05 typically)
COPY = 0.5  # copies of one report (a wire story run by several outlets) share at least this much
MAX_HOLDERS = 24  # documents compared per shared line (the first by key order: deterministic)
ARCHIVE_SHARE = 0.5  # share of a document's words in archive lines that makes it an archive page

_MEDIA_RE = re.compile(
    r"^(?:close\s+)?(?:media playback is (?:unsupported|not supported) on your device|media caption|"
    r"image copyright|image caption|skip in skip x embed x share|video (?:player|caption)|watch:? video)\b|"
    r"\bthis feature is not available right now\b|\bplease enable javascript to (?:watch|view|play)\b|"
    r"\bvideo has been rented\b",
    re.IGNORECASE,
)
_CAPTION_RE = re.compile(
    r"^(?:FILE\s*[-–—]\s*)?(?:In this|This) (?:[\w.,' ]{0,40}?\b)?(?:file )?(?:photo|image|picture)\b"
    r"|^FILE\s*[-–—]|\.\.\.\s*\((?:Associated Press|AP|Reuters|AFP)\)\s*$|\bfile photo\b",
    re.IGNORECASE,
)
# phrases only a web archive's or an error page's notice uses
_ARCHIVE_ANCHOR_RE = re.compile(
    r"\b(?:Alexa Internet|Wayback Machine|Internet Archive|Archive-It|Heritrix)\b|"
    r"\b(?:this|these|the) (?:wide )?crawls? (?:was|were|are|is|data|start|end)\b|\bcrawl data\b|"
    r"\bcrawls are part of an effort\b|\bseed (?:list )?for (?:this crawl|wide\d+)\b|\bWARC files?\b|"
    r"\bthe seed list\b|\bcrawler software\b|"
    r"\bpage you (?:requested|are looking for) (?:could not|cannot|can't) be found\b|"
    r"\bdata is currently not publicly accessible\b",
    re.IGNORECASE,
)
# words of the rest of such notices (crawl settings, link graphs, captures)
_ARCHIVE_WORD_RE = re.compile(
    r"\b(?:crawl\w*|seed\w*|captures?|urls?|domains?|hosts?|inter-domain|link graph|archive\w*|embargo|"
    r"bookmark|webmaster|navigation)\b",
    re.IGNORECASE,
)
_WIDGET_RE = re.compile(
    r"^read or share this story\b|\btweets? with a location\b|\blocation information to your tweets\b|"
    r"\bshares on facebook\b|\btotal shares\b|^(?:share|tweet|email|pin|print)(?:\s+(?:share|tweet|email|pin|print))+"
    r"\s*(?:\d[\d.,]*k?\s*(?:shares)?)?\s*$|\btwitter stores that location\b|"
    r"^from wikipedia, the free encyclopedia$",
    re.IGNORECASE,
)
# a call to action addressed to the reader
_ACTION_RE = re.compile(
    r"\bclick here\b|\b(?:share|leave|post) your (?:own )?(?:thoughts|comments|views)\b|"
    r"\bin the comments(?: below| section)?\b|\b(?:view|see) (?:our|the) (?:full )?gallery\b",
    re.IGNORECASE,
)
ACTION_MAX_WORDS = 40
# widget words glued in front of a sentence: "Tweet View Comments The ...", "Share Email Print ..."
_GLUED_RE = re.compile(
    r"^(?:(?:view comments|comments|tweet|share(?: this)?|email|e-mail|print|pin|facebook|twitter|"
    r"whatsapp|linkedin|close)\b[\s|:·•]*){2,}(?=(?-i:[A-Z])|[“\"'‘(])",
    re.IGNORECASE,
)
_GLUED_SURE = re.compile(r"\bview comments\b|\bshare\b.*\b(?:tweet|email|print)\b", re.IGNORECASE)


# Words one of which every match of a pattern holds (lower case): a line holding none of a
# pattern's words is not searched with it. Exact for any text without the four non-ASCII letters
# an IGNORECASE pattern matches as ASCII ones (those lines are always searched).
_MEDIA_WORDS = ("media", "image", "skip", "video", "watch", "feature", "javascript")
_ARCHIVE_WORDS = ("alexa", "wayback", "archive", "heritrix", "crawl", "seed", "warc", "page", "publicly")
_WIDGET_WORDS = ("share", "location", "tweet", "email", "pin", "print", "wikipedia")
_CAPTION_WORDS = ("photo", "image", "picture", "file", "...")
_ACTION_WORDS = ("click", "your", "comment", "gallery")
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _may(words: tuple[str, ...], lowered: str | None) -> bool:
    """Whether a line (lower-cased; None: search it whatever it holds) may match a pattern of ``words``."""
    return lowered is None or any(w in lowered for w in words)


def _lowered(text: str) -> str | None:
    return None if _FOLDS_TO_ASCII.search(text) else text.lower()


def named(text: str) -> str | None:
    """The kind of furniture a whole line is ("media", "caption", "archive", "widget", "action"), or None."""
    low = _lowered(text)
    if _may(_MEDIA_WORDS, low) and _MEDIA_RE.search(text):
        return "media"
    if _may(_ARCHIVE_WORDS, low) and _ARCHIVE_ANCHOR_RE.search(text):
        return "archive"
    if _may(_WIDGET_WORDS, low) and _WIDGET_RE.search(text):
        return "widget"
    if _may(_CAPTION_WORDS, low) and _CAPTION_RE.search(text):
        return "caption"
    if _may(_ACTION_WORDS, low) and _ACTION_RE.search(text) and len(text.split()) <= ACTION_MAX_WORDS:
        return "action"
    return None


def strip_widgets(text: str) -> str:
    """``text`` without widget words glued in front of its sentence ("Tweet View Comments The ...")."""
    m = _GLUED_RE.match(text)
    if m is None or not _GLUED_SURE.search(m.group()):
        return text
    return text[m.end() :].lstrip()


def archive_page(lines: Sequence[str]) -> bool:
    """Whether a document is a web archive's (or an error page's) notice rather than an article:
    an archive phrase and at least ``ARCHIVE_SHARE`` of its words in lines of such notices."""
    if not any(_may(_ARCHIVE_WORDS, _lowered(line)) and _ARCHIVE_ANCHOR_RE.search(line) for line in lines):
        return False
    total = sum(len(line.split()) for line in lines)
    notice = sum(
        len(line.split()) for line in lines
        if _ARCHIVE_ANCHOR_RE.search(line) or _ARCHIVE_WORD_RE.search(line)
    )  # fmt: skip
    return total > 0 and notice / total >= ARCHIVE_SHARE


_VECTOR_WORD_RE = re.compile(r"[^\W\d_]{4,}")


def _words(line: str) -> list[str]:
    return [w.lower() for w in _VECTOR_WORD_RE.findall(line)]


def _bag(lines: Iterable[list[str]]) -> Counter[str]:
    """The word counts of lines given as their :func:`_words`."""
    return Counter(w for words in lines for w in words)


def _weigh(bag: Counter[str], df: Counter[str], n: int) -> dict[str, float]:
    """A unit TF-IDF vector (IDF over the batch: ``n`` documents, word document frequencies ``df``)."""
    vec = {w: c * math.log((1 + n) / (1 + df[w])) for w, c in bag.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {w: v / norm for w, v in vec.items()} if norm else {}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def recurring(
    docs: Sequence[Sequence[str]],
    batch: tuple[Counter[str], int] | None = None,
    keys: Sequence[Sequence[str]] | None = None,
) -> frozenset[str]:
    """Keys of the lines found in documents of at least two different stories of the batch.

    ``docs``: the lines of each document. Lines are compared by :func:`~.features.key`; a line
    counts once per document. Two documents sharing lines tell one story when they are copies
    (cosine of their whole texts at least ``COPY``) or when what they do not share is alike (cosine
    without the shared lines at least ``SAME_STORY``): a footer shared by two articles on different
    stories is furniture, a paragraph shared by two reports of one story is not. ``batch`` (word
    document frequencies and document count of the whole batch) lets ``docs`` be only the
    documents holding a line another one holds, in batch order (the Spark job): the result is the
    same. ``keys``: the lines' keys when the caller has them already."""
    holders: dict[str, set[int]] = defaultdict(set)
    keys_of = [list(ks) for ks in keys] if keys is not None else [[key(line) for line in lines] for lines in docs]
    for i, ks in enumerate(keys_of):
        for k in ks:
            if k:
                holders[k].add(i)
    shared = {k: v for k, v in holders.items() if len(v) >= 2}
    if not shared:
        return frozenset()
    # documents are ranked by their text, not their position, so the choice is order-free
    rank = {i: r for r, i in enumerate(sorted(range(len(docs)), key=lambda i: ("\n".join(docs[i]), i)))}
    groups: dict[frozenset[int], list[str]] = defaultdict(list)
    for k, v in shared.items():
        groups[frozenset(sorted(v, key=rank.__getitem__)[:MAX_HOLDERS])].append(k)
    words: dict[int, list[list[str]]] = {}  # each line's words, found once a document

    def words_of(i: int) -> list[list[str]]:
        if i not in words:
            words[i] = [_words(line) for line in docs[i]]
        return words[i]

    if batch is None:
        df: Counter[str] = Counter()
        for i in range(len(docs)):
            df.update(_bag(words_of(i)).keys())
        batch = (df, len(docs))
    df, n = batch
    whole = {i: _weigh(_bag(words_of(i)), df, n) for g in groups for i in g}
    copies: dict[tuple[int, int], bool] = {}  # whole-text cosines do not depend on the group
    out: set[str] = set()
    for members, ks in groups.items():
        drop = set(ks)
        rest = {i: _weigh(_bag(w for w, k in zip(words_of(i), keys_of[i], strict=True) if k not in drop), df, n)
                for i in members}  # fmt: skip
        same = partial(_one_story, whole, rest, copies)
        if _stories(sorted(members, key=rank.__getitem__), same) >= 2:
            out.update(ks)
    return frozenset(out)


def _one_story(
    whole: dict[int, dict[str, float]], rest: dict[int, dict[str, float]], copies: dict[tuple[int, int], bool],
    a: int, b: int,
) -> bool:
    """Copies, or alike in what they do not share."""
    pair = (a, b)
    if pair not in copies:
        copies[pair] = _cosine(whole[a], whole[b]) >= COPY
    return copies[pair] or _cosine(rest[a], rest[b]) >= SAME_STORY


def _stories(members: Sequence[int], same: Callable[[int, int], bool]) -> int:
    """How many stories the documents tell (connected by ``same``)."""
    parent = {i: i for i in members}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a_pos, a in enumerate(members):
        for b in members[a_pos + 1 :]:
            if root(a) != root(b) and same(a, b):
                parent[root(b)] = root(a)
    return len({root(i) for i in members})

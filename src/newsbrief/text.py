"""TEXT stage: nupunkt sentences with character spans, word tokens, stems, built once per article.

:func:`analyze` makes the :class:`~newsbrief.types.ArticleText` record every later stage reads
(timeline, compare, summarize): nothing after this stage splits or stems an article again.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache

import nupunkt
from nltk.stem.porter import PorterStemmer

from .types import Article, ArticleText, Sentence

WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?(?:[.,][0-9]+)*")
_PARA_RE = re.compile(r"\n\s*\n|\n(?=\S)")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can cannot could did do does doing don't down during each few for from further
    had has have having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
    i'm i've if in into is isn't it it's its itself let's me more most my myself no nor not of off on once
    only or other ought our ours ourselves out over own same she she'd she'll she's should so some such than
    that that's the their theirs them themselves then there there's these they they'd they'll they're they've
    this those through to too under until up very was we we'd we'll we're we've were what what's when when's
    where where's which while who who's whom why why's with would you you'd you'll you're you've your yours
    yourself yourselves said says also would will just may might must one two s t""".split()
)


def split_spans(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: paragraphs (line breaks) first, then nupunkt inside each.

    Spans are stripped of surrounding whitespace and never empty. With ``limit``, splitting
    stops once that many sentences are found (the first ``limit`` of the full split).
    """
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        if limit is not None and len(spans) >= limit:
            break
        p_start, p_text = para.start(), para.group()
        if not p_text.strip():
            continue
        for s, e in nupunkt.sent_spans(p_text):
            chunk = p_text[s:e]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            a, b = p_start + s + lead, p_start + e - trail
            if b > a:
                spans.append((a, b))
    return spans if limit is None else spans[:limit]


def sentences(article: Article) -> tuple[Sentence, ...]:
    """The sentences of an article, in order, with spans into ``article.text``."""
    return tuple(
        Sentence(article.id, i, a, b, article.text[a:b])
        for i, (a, b) in enumerate(split_spans(article.text))
    )


def all_sentences(articles: Iterable[Article]) -> tuple[Sentence, ...]:
    return tuple(s for a in articles for s in sentences(a))


def analyze(article: Article, date_confident: bool = True) -> ArticleText:
    """The TEXT record of ``article``: its sentences, their word tokens and content stems."""
    sents = sentences(article)
    toks = tuple(tuple(map(sys.intern, words(s.text))) for s in sents)  # one object a word
    stems = tuple(tuple(stem(w) for w in t if w.lower() not in STOPWORDS) for t in toks)
    return ArticleText(article, sents, toks, stems, date_confident)


def analyze_all(articles: Iterable[Article]) -> tuple[ArticleText, ...]:
    return tuple(analyze(a) for a in articles)


def analyze_lead(article: Article, lead: int = 2) -> ArticleText:
    """A partial TEXT record, for what date inference reads when nothing else will: the first
    ``lead`` sentences and the content stems of the whole article (as a single row of stems)."""
    spans = split_spans(article.text, lead)
    sents = tuple(Sentence(article.id, i, a, b, article.text[a:b]) for i, (a, b) in enumerate(spans))
    return ArticleText(article, sents, (), (tuple(content_stems(article.text)),))


def pooled_sentences(texts: Iterable[ArticleText]) -> tuple[Sentence, ...]:
    """The sentences of ``texts``, article after article (a summarizer's input pool)."""
    return tuple(s for t in texts for s in t.sentences)


def covering(sents: Sequence[Sentence], start: int, end: int) -> list[Sentence]:
    """The sentences (in text order) overlapping ``[start, end)``."""
    lo = bisect.bisect_right(sents, start, key=lambda s: s.end)
    out = []
    for s in sents[lo:]:
        if s.start >= end:
            break
        if s.end > start:
            out.append(s)
    return out


def words(text: str) -> list[str]:
    """Word tokens (letters/digits, keeping inner apostrophes and decimal points)."""
    return WORD_RE.findall(text)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stem(word.lower())


@lru_cache(maxsize=1)
def _stemmer() -> PorterStemmer:
    return PorterStemmer()


def content_stems(text: str) -> list[str]:
    """Lower-cased Porter stems of the non-stop-words of ``text``."""
    return [stem(w) for w in words(text) if w.lower() not in STOPWORDS]


def word_count(text: str) -> int:
    return len(text.split())


def truncate_words(texts: Sequence[str], limit: int) -> str:
    """Join ``texts`` and cut the result at ``limit`` whitespace-separated words."""
    return " ".join(" ".join(texts).split()[:limit])

"""Entity contradictions: near-paraphrases from different outlets that name a different place,
organisation or person in the same slot ("held talks in Moscow" vs "held talks in Sochi").

Precision first. A pair of sentences qualifies only when

* they come from different outlets and are near-paraphrases once the slot names are blanked
  (TF-IDF cosine at least ``ENTITY_THRESHOLD``), with compatible dates if both are dated;
* each has a slot "<word> <preposition> <Name>" with the same preceding word and preposition
  ("talks in", "killed by"), and both names carry the same entity label;
* neither article mentions the other's name anywhere (an outlet naming both places is
  giving detail, not disagreeing).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..text import content_stems, stem
from ..timeline.build import compatible
from ..timeline.dates import DateMention, find_dates, within
from ..types import Article, ArticleText, Claim, Conflict, Entity, Sentence
from ..vectors import neighbourhood, terms
from .common import cite, outlet, sentence_table

ENTITY_THRESHOLD = 0.5
MIN_WORDS = 6
_SLOT = re.compile(
    r"(?P<word>[A-Za-z]+)\s+(?P<prep>in|at|near|from|to|by|with)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z][\w’'-]+){0,3})"
)


@dataclass(frozen=True)
class _Slot:
    word: str  # stem of the word before the preposition
    prep: str
    name: str
    label: str


@dataclass(frozen=True)
class _Item:
    article: Article
    sentence: Sentence
    slots: tuple[_Slot, ...]
    blanked: str
    dates: tuple[DateMention, ...]


def _label(name: str, labels: Mapping[str, str]) -> str | None:
    key = re.sub(r"[’']s$", "", name).lower()
    return labels.get(key) or labels.get(key.split()[-1])


def _mentions(article: Article, name: str) -> bool:
    return name.replace("’", "'").lower() in article.text.replace("’", "'").lower()


def _items(texts: Sequence[ArticleText], labels: Mapping[str, str]) -> list[_Item]:
    table = sentence_table(texts)
    items = []
    for article in (t.article for t in texts):
        mentions = find_dates(article.text, article.published)
        for s in table[article.id]:
            if len(content_stems(s.text)) < MIN_WORDS:
                continue
            slots, blanked = [], s.text
            for m in _SLOT.finditer(s.text):
                name = re.sub(r"[’']s?$", "", m.group("name"))  # "Trump's", "Trump’s" -> "Trump"
                label = _label(name, labels)
                if label in ("PLACE", "ORG", "PERSON"):
                    slots.append(_Slot(stem(m.group("word")), m.group("prep"), name, label))
                    blanked = blanked.replace(m.group("name"), " ")
            if slots:
                dates = within(mentions, s.start, s.end)
                items.append(_Item(article, s, tuple(slots), blanked, dates))
    return items


def entity_conflicts(texts: Sequence[ArticleText], entities: Sequence[Entity]) -> tuple[Conflict, ...]:
    """Slot contradictions among ``texts`` (canonical order), given their ``entities``."""
    labels = {e.name.lower(): e.label for e in entities}
    for e in entities:
        labels.setdefault(e.name.split()[-1].lower(), e.label)
    items = _items(texts, labels)
    if len(items) < 2:
        return ()
    sims = neighbourhood([terms(content_stems(it.blanked)) for it in items])
    conflicts: dict[tuple, Conflict] = {}
    for i, j in sims.pairs(ENTITY_THRESHOLD):
        a, b = items[i], items[j]
        if outlet(a.article) == outlet(b.article):
            continue
        if a.dates and b.dates and not any(compatible(x, y) for x in a.dates for y in b.dates):
            continue
        for x in a.slots:
            for y in b.slots:
                if (x.word, x.prep, x.label) != (
                    y.word,
                    y.prep,
                    y.label,
                ) or x.name.lower() == y.name.lower():
                    continue
                if _mentions(b.article, x.name) or _mentions(a.article, y.name):
                    continue
                key = (x.word, x.prep, *sorted((x.name, y.name)))
                about = f"{x.label.lower()} of: {a.sentence.text}"
                claims = sorted(
                    (Claim(x.name, cite(a.sentence)), Claim(y.name, cite(b.sentence))),
                    key=lambda c: (c.text, c.citation.article),
                )
                conflicts.setdefault(key, Conflict(about=about, kind="entity", claims=tuple(claims)))
    return tuple(conflicts[k] for k in sorted(conflicts))

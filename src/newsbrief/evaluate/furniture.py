"""A furniture checker for briefs, independent of the cleaner's own rules.

A brief line (summary sentence, timeline entry, consensus or unique fact, quote, event title) is
*furniture* when it is page chrome rather than news. The checker decides that with evidence the
cleaner does not use:

* **patterns** written here for this check: embedded social posts left as text ("— Name
  (@handle) July 21, 2012", pic.twitter.com / t.co links, "A post shared by"), media players and
  picture captions ("Media playback is unsupported", "Image copyright", "(Associated Press)"
  gallery captions), web archive and crawl notices, share / comment / location widgets, calls to
  action ("click here", "sign up", "subscribe", "continue reading");
* **cross-story recurrence on the raw data**: a line or sentence of the *raw* documents that
  occurs in clusters of at least ``MIN_STORIES`` different stories (clusters whose references, or
  else whose documents, share little vocabulary) is furniture wherever it turns up in a brief;
* **hand annotations**: the boilerplate lines annotated in the seeds' ``annotations.json``.

A quote is judged by its text only: an embedded post shown as a quote with its author and date is
the right way to show it, so the speaker may carry the handle. Everything here is deterministic
and independent of the order of the clusters and of their documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..options import Options
from ..types import Brief, RawDocument, Story, Summary

MIN_STORIES = 2  # clusters of different stories a raw line must occur in to count as furniture
SAME_STORY = 0.15  # cosine of two clusters' vocabularies from which they tell the same story
MIN_KEY_WORDS = 3  # shorter lines ("Advertisement") are left to the patterns
MIN_SENTENCE_WORDS = 5  # a sentence inside a line counts from this length ("It's tough." does not)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("social-embed", re.compile(rf"\(@\w{{1,30}}\)\s*(?:on\s+)?{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}", re.I)),
    ("social-embed", re.compile(r"pic\.twitter\.com/|\bhttps?://t\.co/|\bA post shared by\b", re.I)),
    ("media", re.compile(r"\bmedia (?:playback|caption)\b|\bimage (?:copyright|caption)\b|"
                         r"\bplease enable javascript\b|\bthis video is(?: not)? available\b|"
                         r"\bvideo has been rented\b|\bfeature is not available right now\b", re.I)),
    ("caption", re.compile(r"\.\.\.\s*\((?:Associated Press|AP|Reuters)\)|"
                           r"^(?:FILE\s*[-–—]\s*)?In this \w.{0,40}?\b(?:file )?photo\b|"
                           r"\bfile photo\b|^FILE\s*[-–—]", re.I)),
    ("archive", re.compile(r"\bAlexa Internet\b|\bWayback Machine\b|\bInternet Archive\b|\bcrawl data\b|"
                           r"\b(?:this|these) crawls?\b|\bArchive-?It\b|\bHeritrix\b|\bseed ?list\b|"
                           r"\bWARC files?\b", re.I)),
    ("widget", re.compile(r"\bView Comments\b|\bSkip in Skip\b|\bEmbed x\b|\bRead or Share this story\b|"
                          r"\btweets? with a location\b|\blocation information to your tweets\b|"
                          r"\bshares on Facebook\b|^(?:share|tweet|email|pin)(?: (?:share|tweet|email|pin))+\b",
                          re.I)),
    ("call-to-action", re.compile(r"\bclick here\b|\bsign up (?:now|here|for)\b|\bsubscribe (?:now|today|to)\b|"
                                  r"\bcontinue reading the main story\b|\bstory continued below\b|"
                                  r"\bdownload the \w+(?: \w+)? app\b|\bdelivered straight to your\b|"
                                  r"\bin the comments\b|\bhave a tip\b", re.I)),
)

_WORD_RE = re.compile(r"[a-z0-9]+")
# a sentence ends after a word of three letters or more (not after "U.S." or "Mr.")
_SENTENCE_RE = re.compile(r"(?<=\w\w\w[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


def line_key(text: str) -> str:
    """Lower-case alphanumeric words joined by single spaces (the checker's own comparison key)."""
    return " ".join(_WORD_RE.findall(text.lower()))


def raw_units(text: str) -> set[str]:
    """The keys of every non-blank line of a raw document and of every sentence inside a line."""
    out: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        k = line_key(line)
        if len(k.split()) >= MIN_KEY_WORDS:
            out.add(k)
        for unit in _SENTENCE_RE.split(line):
            k = line_key(unit)
            if len(k.split()) >= MIN_SENTENCE_WORDS:
                out.add(k)
    return out


def _vector(texts: Iterable[str]) -> Counter[str]:
    return Counter(w for t in texts for w in _WORD_RE.findall(t.lower()) if len(w) > 3)


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@dataclass(frozen=True)
class RawCluster:
    """One cluster of raw documents (text as given, furniture included) and its references."""

    id: str
    documents: tuple[str, ...]
    references: tuple[str, ...] = ()


def recurring_keys(clusters: Sequence[RawCluster], min_stories: int = MIN_STORIES) -> frozenset[str]:
    """Keys of raw lines and sentences found in at least ``min_stories`` clusters of different stories.

    Two clusters tell the same story when the TF-IDF cosine of their references (of their documents
    where a cluster has no reference) reaches ``SAME_STORY``; recurrence is counted in stories
    (clusters joined when they tell the same story), so a story sampled twice does not make its own
    sentences furniture."""
    holders: dict[str, set[str]] = defaultdict(set)
    for c in clusters:
        for doc in c.documents:
            for k in raw_units(doc):
                holders[k].add(c.id)
    shared = {k: v for k, v in holders.items() if len(v) >= min_stories}
    if not shared:
        return frozenset()
    involved = sorted({cid for v in shared.values() for cid in v})
    by_id = {c.id: c for c in clusters}
    tf = {cid: _vector(by_id[cid].references or by_id[cid].documents) for cid in involved}
    df: Counter[str] = Counter()
    for c in clusters:
        df.update(set(_vector(c.references or c.documents)))
    n = len(clusters)
    weighted = {cid: {w: v * math.log((1 + n) / (1 + df[w])) for w, v in vec.items()} for cid, vec in tf.items()}
    out = set()
    for k, ids in shared.items():
        stories: list[list[str]] = []  # clusters of one story, joined greedily in id order
        for cid in sorted(ids):
            home = next((s for s in stories if any(_cosine(weighted[cid], weighted[o]) >= SAME_STORY
                                                   for o in s)), None)
            if home is None:
                stories.append([cid])
            else:
                home.append(cid)
        if len(stories) >= min_stories:
            out.add(k)
    return frozenset(out)


@dataclass(frozen=True)
class Evidence:
    """What the checker knows to be furniture besides its patterns."""

    recurring: frozenset[str] = frozenset()  # raw line / sentence keys recurring across stories
    annotated: frozenset[str] = frozenset()  # keys of hand-annotated boilerplate lines


def furniture_reason(text: str, evidence: Evidence = Evidence()) -> str | None:
    """Why ``text`` (one brief line) is furniture, or None when it is not."""
    for name, pattern in PATTERNS:
        if pattern.search(text):
            return name
    k = line_key(text)
    if len(k.split()) < MIN_KEY_WORDS:
        return None
    if k in evidence.annotated:
        return "annotated"
    if k in evidence.recurring:
        return "recurring"
    # a recurring raw line glued to a sentence of the brief line ("Tweet View Comments The ...")
    for unit in _SENTENCE_RE.split(text):
        uk = line_key(unit)
        if len(uk.split()) >= MIN_SENTENCE_WORDS and (uk in evidence.recurring or uk in evidence.annotated):
            return "recurring" if uk in evidence.recurring else "annotated"
    return None


@dataclass(frozen=True)
class BriefLine:
    section: str  # summary, timeline, consensus, unique, quotes, event-title
    text: str
    where: str = ""  # "" for the top brief, else the event id


def _story_lines(story: Story, summary: Summary, where: str) -> list[BriefLine]:
    out = [BriefLine("summary", s.text, where) for s in summary.sentences]
    out += [BriefLine("timeline", e.text, where) for e in story.timeline]
    out += [BriefLine("consensus", f.text, where) for f in story.consensus]
    out += [BriefLine("unique", f.text, where) for f in story.unique]
    out += [BriefLine("quotes", q.text, where) for q in story.quotes]
    return out


def brief_lines(brief: Brief) -> list[BriefLine]:
    """Every line a reader sees: the top brief, then each event's title and brief."""
    out = _story_lines(brief.story, brief.summary, "")
    for eb in brief.events:
        out.append(BriefLine("event-title", eb.event.title, eb.event.id))
        out += _story_lines(eb.story, eb.summary, eb.event.id)
    return out


@dataclass(frozen=True)
class Finding:
    cluster: str
    line: BriefLine
    reason: str


@dataclass(frozen=True)
class Tally:
    """Brief lines checked and furniture found, overall and per section."""

    lines: int
    findings: tuple[Finding, ...]
    per_section: tuple[tuple[str, int, int], ...]  # (section, lines, furniture)

    @property
    def share(self) -> float:
        return len(self.findings) / self.lines if self.lines else 0.0


def tally(briefs: Sequence[tuple[str, Brief]], evidence: Evidence) -> Tally:
    """Check every line of every ``(cluster id, brief)``."""
    findings: list[Finding] = []
    seen: Counter[str] = Counter()
    bad: Counter[str] = Counter()
    total = 0
    for cid, brief in sorted(briefs, key=lambda x: x[0]):
        for line in brief_lines(brief):
            total += 1
            seen[line.section] += 1
            why = furniture_reason(line.text, evidence)
            if why is not None:
                bad[line.section] += 1
                findings.append(Finding(cid, line, why))
    sections = tuple((s, seen[s], bad[s]) for s in sorted(seen))
    return Tally(total, tuple(findings), sections)


@dataclass(frozen=True)
class SupportCheck:
    """Sentences a brief shows in two parts or more (summary, timeline, consensus, unique) and how many
    of them cite other articles in one part than in another; items citing an article twice."""

    shared: int = 0
    mismatched: int = 0
    doubled: int = 0


def support_check(brief: Brief) -> SupportCheck:
    """The one-support-rule check of a brief (its top part and each event's, separately)."""
    shared = mismatched = doubled = 0
    parts = [(brief.summary, brief.story)] + [(eb.summary, eb.story) for eb in brief.events]
    for summary, story in parts:
        items = [("summary", s.text, s.citations) for s in summary.sentences]
        items += [("timeline", e.text, e.citations) for e in story.timeline]
        items += [(name, f.text, f.citations) for name, facts in (("consensus", story.consensus),
                                                                   ("unique", story.unique)) for f in facts]
        shown: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
        for part, text, cites in items:
            articles = [c.article for c in cites]
            doubled += len(articles) != len(set(articles))
            shown[text].append((part, frozenset(articles)))
        doubled += sum(len(q.citations) != len({c.article for c in q.citations}) for q in story.quotes)
        for seen in shown.values():
            if len({part for part, _ in seen}) > 1:
                shared += 1
                mismatched += len({a for _, a in seen}) > 1
    return SupportCheck(shared, mismatched, doubled)


def brief_raw(cluster: RawCluster, options: Options | None = None) -> Brief | None:
    """Brief a raw cluster as a user would: its documents read as plain text, cleaned as one batch,
    then briefed; None when cleaning leaves no article."""
    from ..clean import clean
    from ..pipeline import brief_articles

    docs = [RawDocument(f"{cluster.id}-{i}", text, "text", f"{cluster.id}[{i}]") for i, text in
            enumerate(cluster.documents)]
    articles = clean(docs)
    return brief_articles(articles, options or Options()) if articles else None


def annotated_keys(annotations: Mapping[str, Mapping[str, object]], texts: Mapping[str, str]) -> frozenset[str]:
    """Keys of the lines annotated as boilerplate (``annotations.json`` of the seeds: line numbers
    under ``"boilerplate"``, 1-based) in the raw ``texts`` of the annotated files."""
    out: set[str] = set()
    headings: set[str] = set()  # a headline repeated as another seed's teaser stays a headline

    def numbered(ann: Mapping[str, object], field: str) -> list[int]:
        value = ann.get(field, [])
        items = value if isinstance(value, list) else [value]
        return [no for no in items if isinstance(no, int)]

    for name, ann in annotations.items():
        lines = texts[name].split("\n")
        for field, into in (("boilerplate", out), ("title", headings), ("deck", headings)):
            for no in numbered(ann, field):
                if 1 <= no <= len(lines) and len(k := line_key(lines[no - 1])) and len(k.split()) >= MIN_KEY_WORDS:
                    into.add(k)
    return frozenset(out - headings)

"""Features of one text line, used to tell article body from page furniture.

Nothing here is specific to one site: the cues are line shape (length, terminal
punctuation, capitalisation, digits, stop-word density), a trailing ellipsis, address
to the reader ("you", "we", "our" outside quotes) and a few generic lexical cues
(share, subscribe, register, comments, photo, credit, advertisement, newsletter,
cookies, donate...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..text import STOPWORDS

WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u200b\u2060\ufeff\u00ad]")  # zero-width spaces, BOMs, soft hyphens
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ALNUM_RE = re.compile(r"[^\W_]+")
_QUOTED_RE = re.compile(r"``.*?(?:''|$)|[\"“”„][^\"“”]*[\"“”]?|[‘'][^’']{8,}[’']")
_ENDS = (".", "!", "?", "。", "！", "？")
_CLOSERS = "\"'”’»)]`"  # closing quotes and brackets after the final punctuation

# Calls to action and page chrome; each is a strong cue on a short line.
_CUE_RE = re.compile(
    r"\b(?:share|shared|sharing|tweet|tweets|pin|email|e-mail|facebook|twitter|whatsapp|"
    r"linkedin|reddit|pinterest|instagram|telegram|youtube|flipboard|follow|subscribe|subscribers?|"
    r"subscription|unsubscribe|newsletters?|sign[- ]?up|sign[- ]?in|log[- ]?in|register|registration|"
    r"comments?|advertisement|advertising|sponsored|cookies?|donate|donating|donation|"
    r"recaptcha|privacy|javascript|click|download|copyright|rights reserved|"
    r"video|videos|gallery|slideshow|playlist|podcast|read more|"
    r"more stories|related|topics|tags|trending|popular|recommended)\b",
    re.IGNORECASE,
)
# Cues that mark a line as chrome whatever its length (legal and consent footers,
# paywall counters, donation appeals).
STRONG_RE = re.compile(
    r"\b(?:recaptcha|privacy policy|terms of (?:service|use)|all rights reserved|cookie policy|"
    r"use of cookies|enable javascript|turn on javascript|articles? (?:left )?this month|"
    r"free articles?|(?:for|get|receive|with) (?:full|unlimited) (?:digital )?access|subscribe (?:now|today)|donat(?:e|ing|ion)s? "
    r"today|become a (?:member|subscriber|supporter|part of our)|support (?:our|independent) journalism|"
    r"sign(?:ing)? up\b.{0,80}\b(?:newsletters?|inbox|email alerts)|newsletters?\b.{0,40}\bsign(?:ing)? up)\b",
    re.IGNORECASE,
)
# Legal footers: chrome at any length.
_LEGAL_RE = re.compile(
    r"\ball rights reserved\b|\bmay not be (?:re)?(?:published|produced|reproduced|broadcast|redistributed)\b"
    r"|^(?:copyright|©)",
    re.IGNORECASE,
)
# A photo / picture credit: "Photo: X", "Credit: X", "(Image: X)", "Getty Images"...
CREDIT_RE = re.compile(
    r"\b(?:(?:file )?photo(?:graph)?s?|image|picture|credit|courtesy|illustration|source)\s*(?::|by\b)\s*\S"
    r"|\b(?:getty images|ap photo|image copyright|image caption|toggle caption)\b",
    re.IGNORECASE,
)
# ... or an agency slash credit: "REUTERS/Maxim Shipenkov", "AP Photo/Name", "(Name/The Post)".
_AGENCY_RE = re.compile(r"\b[A-Z]{2,}(?: Photo)?/[A-Z][a-z]|\([A-Z][\w. ]+/[A-Z][\w. ]+\)$")
# Imperative or label words that open a call to action ("Follow X on Twitter", "Sign up").
_ACTION_START_RE = re.compile(
    r"^[^\w]*(?:share|tweet|email|e-mail|print|follow|join|subscribe|sign up|sign in|log in|register|"
    r"download|click|tap|watch|listen|read|see|donate|advertisement|related|photos?|videos?|"
    r"comments?|contact|like us|visit)\b(?![-'’])",
    re.IGNORECASE,
)
RELATED_RE = re.compile(
    r"^(?:related(?: coverage| stories| articles| content| news| posts| links| reading)?|"
    r"more on (?:this|the) (?:topic|story|subject)|more (?:from|stories|news|in)\b.*|see also|"
    r"read (?:more|also|next)|also read|you (?:may|might) (?:also )?like|recommended(?: for you)?|"
    r"further reading|most (?:read|popular|viewed)|trending(?: now| stories)?|editor'?s picks?|"
    r"latest (?:news|stories))\s*:?$",
    re.IGNORECASE,
)
BYLINE_RE = re.compile(
    r"^(?:\w+\s+){0,2}?(?i:by)\s+([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|da|al|bin|and|&))*)"
    r"(?:\s*[,|/–-].*)?$",
)
# Words of appeals for money or loyalty, counted only with direct address to the reader.
_APPEAL_RE = re.compile(
    r"\b(?:support|contribut\w*|readers?|journalis[mt]s?|mission|membership|members?|access|"
    r"account|inbox|alerts?|updates|stories|voice)\b",
    re.IGNORECASE,
)
# A teaser label opening a line: "SEE MORE: ...", "READ ALSO | ...", "Related: ...".
_LABEL_RE = re.compile(
    r"^[^\w]*(?:see|read|watch|listen|related|more|also|don'?t miss|recommended|trending|popular|latest|"
    r"top stories|must read|breaking|explore)(?: [\w']+){0,2}\s*[:|»>]",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"(?:https?://|www\.|pic\.)\S+|\S+\.(?:com|org|net)\S*|@\w+")
_READER_RE = re.compile(r"\b(?:you|your|yours|we|our|us)\b", re.IGNORECASE)
_CURRENCY_ONLY_RE = re.compile(r"^[\W\d_]*(?:[$€£¥]|usd|eur)?[\W\d_]*$", re.IGNORECASE)


def normalize(line: str) -> str:
    """Whitespace runs collapsed to one space, stripped."""
    return WS_RE.sub(" ", _INVISIBLE_RE.sub("", line)).strip()


def key(line: str) -> str:
    """Comparison key: lower-cased alphanumeric tokens (punctuation and dashes ignored)."""
    return " ".join(_ALNUM_RE.findall(line.lower()))


@dataclass(frozen=True)
class Line:
    """One non-blank line of a document and its features."""

    text: str  # whitespace-normalised

    @cached_property
    def words(self) -> list[str]:
        return _WORD_RE.findall(self.text)

    @cached_property
    def n_words(self) -> int:
        return len(self.text.split())

    @cached_property
    def key(self) -> str:
        return key(self.text)

    @cached_property
    def stop_ratio(self) -> float:
        ws = self.words
        return sum(w.lower() in STOPWORDS for w in ws) / len(ws) if ws else 0.0

    @cached_property
    def letters(self) -> int:
        return sum(map(str.isalpha, self.text))

    @property
    def terminal(self) -> bool:
        """Ends like a sentence (period, question or exclamation mark, closing quote)."""
        if self.ellipsis:
            return False
        core = self.text.rstrip(_CLOSERS)
        return core.endswith(_ENDS) or (core.endswith(":") and len(core) < len(self.text))

    @property
    def ellipsis(self) -> bool:
        return self.text.endswith(("...", "…"))

    @property
    def quote(self) -> bool:
        return self.text[:1] in "\"“‘'«`„"

    @cached_property
    def cues(self) -> int:
        """Chrome words (share, subscribe, comments...) outside URLs and handles."""
        return len(_CUE_RE.findall(_URL_RE.sub(" ", self.text)))

    @property
    def url_only(self) -> bool:
        """A link, an address or a handle with at most a short label ("Follow us: https://...")."""
        rest, found = _URL_RE.subn("", self.text)
        return found > 0 and len(rest.split()) <= 3

    @cached_property
    def strong(self) -> bool:
        """A chrome phrase (privacy policy, rights reserved...) on a short line or addressed to the reader.

        Long prose that merely mentions a privacy policy is news, not chrome.
        """
        if _LEGAL_RE.search(self.text):
            return True
        if STRONG_RE.search(self.text) is None:
            return False
        return self.n_words <= 25 or self.reader > 0

    @cached_property
    def credit(self) -> bool:
        """A picture credit opens or closes the line (or the line is caption-sized)."""
        if _AGENCY_RE.search(self.text):
            return True
        short = self.n_words <= 25
        text = self.text
        return any(
            short
            or m.start() <= 40
            or len(text) - m.start() <= 80
            or text[: m.start()].rstrip().endswith("|")  # "... caption | AP Photo ..."
            for m in CREDIT_RE.finditer(text)
        )

    @cached_property
    def reader(self) -> int:
        """Second-person / first-person-plural words outside quotations (calls to the reader)."""
        return len(_READER_RE.findall(_QUOTED_RE.sub(" ", self.text)))

    @property
    def no_letters(self) -> bool:
        """Digits, symbols and amounts only ("0 $", "2,500 $", "-----")."""
        return self.letters == 0 or _CURRENCY_ONLY_RE.match(self.text) is not None

    @property
    def sentence(self) -> bool:
        """Looks like running prose: several words, sentence ending, function words (or a quote)."""
        return self.terminal and self.n_words >= 4 and (self.stop_ratio >= 0.15 or self.quote)

    @property
    def good(self) -> bool:
        """Clearly body prose: a long sentence-like paragraph that is not a call to the reader."""
        return (
            self.n_words >= 10
            and (self.terminal or self.n_words >= 25)
            and self.stop_ratio >= 0.2
            and not self.strong
            and not self.appeal
        )

    @cached_property
    def appeal(self) -> bool:
        """Speaks to the reader about the site (paywall, donation, registration prompts)."""
        if self.reader < 2 or self.reader / max(self.n_words, 1) < 0.04:
            return False
        return self.strong or self.cues + len(_APPEAL_RE.findall(self.text)) >= 2

    @property
    def prompt(self) -> bool:
        """A short call to action or chrome label ("Share:", "No comments:", "Advertisement")."""
        if self.strong:
            return True
        if self.quote:
            return False
        if _LABEL_RE.match(self.text) and self.n_words <= 25:
            return True
        if self.cues == 0:
            return False
        if self.n_words <= 3 and len(self.text) <= 40 and not self.sentence:
            return True
        if self.n_words <= 20 and _ACTION_START_RE.match(self.text):
            return True
        if self.n_words > 12 or (self.sentence and self.reader == 0):
            return False
        if self.cues / self.n_words >= 0.25:
            return True
        return not self.terminal and not self.text.endswith(":") and self.stop_ratio < 0.3

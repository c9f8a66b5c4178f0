"""Citations listed per item are bounded (``limits.citations``), the rest counted: a story of
thousands of near-copies gives a brief of bounded size whose items still say how many articles
support them."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from test_support import _items, check_one_rule

from newsbrief import Options, OptionsError, brief
from newsbrief.cli import main
from newsbrief.render import render
from newsbrief.render.json import brief_data
from newsbrief.store.briefs import brief_from_data
from newsbrief.summarize.cite import bound_citations, listed
from newsbrief.types import Citation


def _c(article: str, start: int = 0) -> Citation:
    return Citation(article, start, start + 10)


def test_listed_keeps_own_sentence_then_one_per_outlet_in_order() -> None:
    cites = [_c("a"), _c("b"), _c("c"), _c("d"), _c("e"), _c("f")]
    outlet = {"a": "X", "b": "X", "c": "Y", "d": "X", "e": "Z", "f": "Y"}
    assert listed(cites, 3, outlet) == ((_c("a"), _c("c"), _c("e")), 3)
    # past one per outlet, the others in their order
    assert listed(cites, 4, outlet) == ((_c("a"), _c("b"), _c("c"), _c("e")), 2)
    assert listed(cites, 1, outlet) == ((_c("a"),), 5)
    assert listed(cites, 6, outlet) == (tuple(cites), 0)
    assert listed(cites, 60, outlet) == (tuple(cites), 0)
    # an article with no known outlet is its own outlet
    assert listed(cites, 2, {}) == ((_c("a"), _c("b")), 4)


def test_default_bound_leaves_the_sample_unchanged() -> None:
    b = brief()
    assert b == bound_citations(b, 1_000_000)
    assert all(cites for _, _, cites, _ in _items(b))
    assert max(len(cites) for _, _, cites, _ in _items(b)) <= 5 < Options().limits.citations
    assert all(
        getattr(x, "more_citations", 0) == 0
        for eb in (b, *b.events) for x in (*eb.summary.sentences, *eb.story.timeline)
    )


def test_bound_of_one_counts_the_rest_and_keeps_the_rule() -> None:
    full = brief(options=Options(limits={"citations": 1_000_000}))
    one = brief(options=Options(limits={"citations": 1}))
    assert one == bound_citations(full, 1)
    pairs = list(zip(_items(full), _items(one), strict=True))
    assert any(len(f[2]) > 1 for f, _ in pairs)
    for (_, text, cites, _), (_, text1, cites1, _) in pairs:
        assert text == text1 and cites1 == cites[:1]  # the item's own sentence stays
    counted = [
        (len(x.citations), y.more_citations, len(y.citations))
        for fb, ob in ((full, one), *zip(full.events, one.events, strict=True))
        for x, y in zip((*fb.summary.sentences, *fb.story.timeline, *fb.story.consensus, *fb.story.quotes),
                        (*ob.summary.sentences, *ob.story.timeline, *ob.story.consensus, *ob.story.quotes),
                        strict=True)
    ]
    assert all(n == more + 1 and listed_n == 1 for n, more, listed_n in counted)
    check_one_rule(one)  # a sentence shown in two parts still lists the same articles in both


def test_bounded_brief_renders_and_round_trips() -> None:
    b = brief(options=Options(limits={"citations": 1}))
    assert brief_from_data(json.loads(render(b, "json"))) == b
    extra = sum(s.more_citations for s in b.summary.sentences)
    assert extra > 0
    md = render(b, "markdown")
    assert re.search(r"\] \+\d+ more", md)
    html = render(b, "html")
    assert 'class="cite more"' in html
    # a kept brief of an older version (no more_citations) reads as fully listed
    data = brief_data(b)
    for s in data["summary"]:
        s.pop("more_citations")
    assert all(s.more_citations == 0 for s in brief_from_data(data).summary.sentences)


def test_story_of_many_copies_has_bounded_items() -> None:
    seed = brief().articles
    copies = [
        replace(a, id=f"{a.id}#{k}", source=f"outlet{k % 7}", url=None)
        for k in range(40) for a in seed
    ]
    b = brief(articles=copies, options=Options(events="never", story=True, limits={"citations": 10}))
    items = list(_items(b))
    assert items and all(len(cites) <= 10 for _, _, cites, _ in items)
    top = b.summary.sentences[0]
    assert top.more_citations > 0 and len(top.citations) == 10
    assert len({c.article for c in top.citations}) == 10
    # one citation per outlet comes before a second of the same outlet
    outlets = [next(a.source for a in b.articles if a.id == c.article) for c in top.citations]
    assert len(set(outlets)) == 7  # every outlet listed before a second article of one


def test_bad_citation_limit_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(OptionsError):
        Options(limits={"citations": 0})
    assert main(["brief", "--max-citations", "0", "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "citations" in err[0]


def test_limit_is_read_through_the_one_options_object() -> None:
    opts = Options.from_mapping({"limits": {"citations": 7}})
    assert opts.limits.citations == 7
    with pytest.raises(OptionsError):
        Options.from_mapping({"limits": {"citations": "many"}})

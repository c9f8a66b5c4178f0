"""The top summary of a story of several events tells its arc, in time order (issue 12, part 2)."""

from __future__ import annotations

import random

import pytest

from newsbrief import Options, brief_articles
from newsbrief.pipeline import load, sample_path
from newsbrief.text import word_count


@pytest.fixture(scope="module")
def seeds():
    articles, _ = load([sample_path()])
    return articles


def _event_order(b, sentence) -> list[int]:
    """Indexes (in time order) of the events whose articles a summary sentence cites."""
    by_start = sorted(b.events, key=lambda e: e.event.start)
    return [k for k, e in enumerate(by_start) if {c.article for c in sentence.citations} & set(e.event.articles)]


@pytest.mark.parametrize("options", [Options(), Options(words=150), Options(sentences=4)])
def test_sample_summary_cites_all_three_events_in_time_order(seeds, options) -> None:
    b = brief_articles(seeds, options)
    assert len(b.events) == 3
    first = [min(_event_order(b, s)) for s in b.summary.sentences]
    assert set(first) == {0, 1, 2}, [s.text for s in b.summary.sentences]
    # in time order: the 4 January call opens the summary, the 3 March task force closes it
    heads = [s.text for s in b.summary.sentences]
    assert any("4 January" in h or "on Friday" in h for h in heads[:1]), heads
    assert "March 3" in " ".join(heads[-2:]), heads
    assert all(s.citations for s in b.summary.sentences)
    if options.sentences is None:
        assert sum(word_count(s.text) for s in b.summary.sentences) <= options.words
    else:
        assert len(b.summary.sentences) <= options.sentences


def test_arc_is_order_invariant(seeds) -> None:
    base = brief_articles(seeds).summary
    shuffled = list(seeds)
    random.Random(3).shuffle(shuffled)
    assert brief_articles(shuffled).summary == base


def test_small_budget_keeps_the_largest_events(seeds) -> None:
    b = brief_articles(seeds, Options(words=40))
    assert sum(word_count(s.text) for s in b.summary.sentences) <= 40
    assert b.summary.sentences  # something fits
    tiny = brief_articles(seeds, Options(sentences=1))
    assert len(tiny.summary.sentences) == 1


def test_one_event_is_summarised_as_before(seeds) -> None:
    first_event = [a for a in seeds if a.id.startswith(("000", "001", "002"))]
    b = brief_articles(first_event, Options(events="never"))
    assert b.summary.sentences and not b.events

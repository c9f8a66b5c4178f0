"""Contradictions between outlets: numbers (words or digits) and dates about the same thing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import prepared

from newsbrief.clean import clean
from newsbrief.compare import explain
from newsbrief.compare.conflicts import find_conflicts
from newsbrief.compare.numbers import disagree, quantities, word_number
from newsbrief.ingest import read
from newsbrief.timeline import infer_published
from newsbrief.types import Article

DAY = dt.date(2020, 3, 5)


@pytest.fixture
def seeds(seeds_dir: Path) -> list[Article]:
    return list(clean(list(read(sorted(seeds_dir.glob("*.txt"))))))


def test_seed_conflict_is_exactly_the_downing_casualties(seeds: list[Article]) -> None:
    conflicts = explain(prepared(seeds)).conflicts
    assert len(conflicts) == 1
    (conflict,) = conflicts
    assert conflict.kind == "number"
    assert conflict.about.startswith("people killed")
    by_article = {c.citation.article[:3]: c for c in conflict.claims}
    assert set(by_article) == {"002", "003"}
    assert by_article["002"].text == "14 crew members"
    assert by_article["003"].text == "Fifteen Russian soldiers"
    texts = {a.id: a.text for a in seeds}
    for claim in conflict.claims:
        cited = texts[claim.citation.article][claim.citation.start : claim.citation.end]
        assert claim.text in cited and "kill" in cited


def test_seed_conflicts_are_order_independent(seeds: list[Article]) -> None:
    assert explain(prepared(seeds)).conflicts == explain(prepared(list(reversed(seeds)))).conflicts


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("Fifteen", 15),
        ("twenty-five", 25),
        ("two hundred and ten", 210),
        ("a dozen", 12),
        ("three thousand", 3000),
    ],
)
def test_word_numbers(words: str, value: int) -> None:
    assert word_number(words) == value


def test_quantities() -> None:
    (q,) = quantities("Syrian fire downed a Russian aircraft, killing 14 crew members, after a raid.")
    assert (q.text, q.value, q.person, q.predicate) == ("14 crew members", 14, True, "killed")
    (q,) = quantities("Fifteen Russian soldiers were killed.")
    assert (q.text, q.value, q.person, q.predicate) == ("Fifteen Russian soldiers", 15, True, "killed")
    (q,) = quantities("more than 2,000 US soldiers")
    assert q.value == 2000 and q.bound == "lower"
    assert quantities("an S-300 air defence system and hundreds of air strikes") == ()


def test_bounds_are_not_contradictions() -> None:
    (a,) = quantities("at least 14 people were killed")
    (b,) = quantities("15 people were killed")
    (c,) = quantities("about 150 people were killed")
    (d,) = quantities("155 people were killed")
    assert not disagree(a, b) and not disagree(c, d) and disagree(b, d)


def article(aid: str, text: str, source: str) -> Article:
    return Article(aid, text, published=DAY, published_from="metadata", source=source)


def test_number_conflict_between_outlets() -> None:
    a = article("a", "A bus crashed in the Alps on Tuesday, killing 12 passengers, police said.", "Alpha")
    b = article("b", "Police said nine passengers died when the bus crashed in the Alps on Tuesday.", "Beta")
    (conflict,) = find_conflicts(infer_published(prepared([a, b])))
    assert [c.text for c in conflict.claims] == ["nine passengers", "12 passengers"]


def test_no_conflict_for_different_things() -> None:
    a = article(
        "a", "A bus crashed in the Alps, killing 12 passengers. Separately, 3 people were arrested.", "A"
    )
    b = article("b", "A bus crashed in the Alps, killing 12 passengers, police said.", "B")
    c = article("c", "In an unrelated flood in Spain last year, 40 people were killed.", "C")
    d = article("d", "The bus crash in the Alps killed 12 passengers; 30 passengers were injured.", "D")
    assert find_conflicts(prepared([a, b, c, d])) == ()


def test_same_outlet_is_not_a_conflict() -> None:
    a = article("a", "A bus crashed in the Alps, killing 12 passengers.", "Same")
    b = article("b", "A bus crashed in the Alps, killing 9 passengers.", "Same")
    assert find_conflicts(prepared([a, b])) == ()


def test_date_conflict() -> None:
    a = article(
        "a", "The summit between the two presidents was held on Tuesday in Geneva, officials said.", "A"
    )
    b = article(
        "b", "The summit between the two presidents was held on Monday in Geneva, officials said.", "B"
    )
    (conflict,) = find_conflicts(prepared([a, b]))
    assert conflict.kind == "date"
    assert [c.text for c in conflict.claims] == ["Monday (2020-03-02)", "Tuesday (2020-03-03)"]


def test_agents_additions_and_other_verbs_are_not_victim_counts() -> None:
    q, r = quantities("In April, two students stormed into the school and killed a dozen classmates.")
    assert (q.value, q.predicate) == (2, "killers") and (r.value, r.predicate) == (12, "killed")
    assert quantities("Another 11 people were killed in the second blast.") == ()
    assert quantities("Sixty-five more were killed on Tuesday.") == ()
    (q, r) = quantities("Last year the virus sickened 55 people and killed 7 elderly people.")
    assert (q.value, q.predicate) == (55, None) and (r.value, r.predicate) == (7, "killed")


def test_parts_and_totals_are_not_conflicts() -> None:
    a = article(
        "a", "The jet crashed outside Paris, killing all 109 people aboard and four on the ground.", "A"
    )
    b = article("b", "The crash of the jet outside Paris killed 113 people, investigators said.", "B")
    assert find_conflicts(prepared([a, b])) == ()


def test_rounded_figures_agree() -> None:
    (a,) = quantities("lava at about 2,600 degrees F, or 1,400 degrees C")[1:]
    (b,) = quantities("lava at 2,600 F, or 1,426 degrees C")[1:]
    assert not disagree(a, b)


def test_counts_about_different_places_or_days_are_not_conflicts() -> None:
    a = article(
        "a", "Gunmen stormed the concert hall. At the Bataclan, 89 people were killed by the attackers.", "A"
    )
    b = article("b", "Gunmen attacked the city. In Paris, 129 people were killed by the attackers.", "B")
    c = article("c", "As day broke on Tuesday, four people were killed across Syria, activists said.", "C")
    d = article("d", "Activists said a total of 125 people had died across Syria, many in Homs.", "D")
    assert find_conflicts(prepared([a, b])) == ()
    assert find_conflicts(prepared([c, d])) == ()


def test_date_conflicts_need_the_same_actors_and_comparable_dates() -> None:
    a = article(
        "a", "Mongolia and Japan established diplomatic relations in March 1972, officials said.", "A"
    )
    b = article(
        "b",
        "Mongolia and the United States established diplomatic relations in January 1987, officials said.",
        "B",
    )
    assert find_conflicts(prepared([a, b])) == ()
    c = Article("c", "The summit between the two presidents was held on Tuesday in Geneva, officials said.",
                published=dt.date(2020, 3, 5), source="C")  # fmt: skip
    d = Article("d", "The summit between the two presidents was held on Monday in Geneva, officials said.",
                published=dt.date(2020, 3, 12), source="D")  # fmt: skip
    assert find_conflicts(prepared([c, d])) == ()  # "Tuesday" and "Monday" of different weeks' papers


def test_entity_conflict_in_the_same_slot() -> None:
    a = article(
        "a",
        "Putin and Erdogan held talks in Moscow on Tuesday about the ceasefire in Idlib, aides said.",
        "A",
    )
    b = article(
        "b", "Putin and Erdogan held talks in Sochi on Tuesday about the ceasefire in Idlib, aides said.", "B"
    )
    (conflict,) = explain(prepared([a, b])).conflicts
    assert conflict.kind == "entity"
    assert [c.text for c in conflict.claims] == ["Moscow", "Sochi"]
    assert {c.citation.article for c in conflict.claims} == {"a", "b"}


def test_no_entity_conflict_when_an_outlet_names_both() -> None:
    a = article(
        "a",
        "Putin and Erdogan held talks in Moscow on Tuesday about the ceasefire in Idlib, aides said.",
        "A",
    )
    b = article(
        "b",
        "Putin and Erdogan held talks in Sochi on Tuesday about the ceasefire in Idlib, aides said. "
        "Erdogan later flew from Sochi to Moscow.",
        "B",
    )
    c = article("c", "You know how things are with Trump's laws now, the lawyer told the court in Ohio.", "C")
    d = article("d", "You know how things are with Trump’s laws now, the lawyer told the court in Ohio.", "D")
    assert explain(prepared([a, b])).conflicts == ()
    assert explain(prepared([c, d])).conflicts == ()


def test_wire_datelines_are_not_date_claims() -> None:
    text = (
        "NAIROBI, {} (Xinhua) -- One out of 10 children in Kenya dies of preventable diseases, a report said."
    )
    a = Article("a", text.format("October 23"), published=dt.date(1997, 10, 23), source="X")
    b = Article("b", text.format("January 14"), published=dt.date(1998, 1, 14), source="Y")
    assert find_conflicts(prepared([a, b])) == ()

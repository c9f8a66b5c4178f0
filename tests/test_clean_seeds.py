"""Seed floor: the five annotated sample articles, cleaned as one batch of text documents."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from newsbrief.clean import clean
from newsbrief.types import Article, RawDocument


def _norm(text: str) -> str:
    return " ".join(text.split())


def _load(seeds_dir: Path) -> tuple[dict, list[RawDocument]]:
    ann = json.loads((seeds_dir / "annotations.json").read_text(encoding="utf-8"))["documents"]
    docs = [
        RawDocument(id=name, content=(seeds_dir / name).read_text(encoding="utf-8"), kind="text", origin=name)
        for name in sorted(ann)
    ]
    return ann, docs


@pytest.fixture
def seeds(seeds_dir: Path) -> tuple[dict, list[RawDocument], dict[str, Article]]:
    ann, docs = _load(seeds_dir)
    articles = clean(docs)
    return ann, docs, {a.id: a for a in articles}


def _body_lines(article: Article) -> set[str]:
    return {_norm(p) for p in article.text.split("\n\n")}


def test_every_seed_yields_an_article_in_order(seeds) -> None:
    ann, docs, articles = seeds
    assert list(articles) == [d.id for d in docs]


def test_seed_boilerplate_removed_and_body_kept(seeds, seeds_dir: Path) -> None:
    ann, _, articles = seeds
    problems = []
    for name, a in ann.items():
        body = _body_lines(articles[name])
        lines = (seeds_dir / name).read_text(encoding="utf-8").split("\n")
        for no, raw in enumerate(lines, start=1):
            line = _norm(raw)
            if not line or no == a["title"] or no in a.get("deck", []):
                continue
            if no in a["boilerplate"] and line in body:
                problems.append(f"{name}:{no} boilerplate kept: {line[:60]}")
            if no not in a["boilerplate"] and line not in body:
                problems.append(f"{name}:{no} body dropped: {line[:60]}")
    assert not problems, "\n".join(problems)


def test_seed_body_is_only_annotated_lines(seeds, seeds_dir: Path) -> None:
    """Nothing but body (or deck) lines, paragraphs joined by blank lines, no title."""
    ann, _, articles = seeds
    for name, a in ann.items():
        lines = (seeds_dir / name).read_text(encoding="utf-8").split("\n")
        allowed = {
            _norm(line)
            for no, line in enumerate(lines, start=1)
            if no != a["title"] and no not in a["boilerplate"]
        }
        text = articles[name].text
        assert text == text.strip() and "\n\n\n" not in text
        assert _body_lines(articles[name]) <= allowed, name


def test_seed_titles(seeds, seeds_dir: Path) -> None:
    ann, _, articles = seeds
    for name, a in ann.items():
        lines = (seeds_dir / name).read_text(encoding="utf-8").split("\n")
        assert articles[name].title == _norm(lines[a["title"] - 1]), name


def test_seed_dates_and_bylines(seeds) -> None:
    ann, _, articles = seeds
    for name, a in ann.items():
        art = articles[name]
        if a["published_in_text"]:
            assert art.published == dt.date.fromisoformat(a["published"]), name
            assert art.published_from == "text"
        else:
            # site headers and related-story dates must not pass for the publication date
            assert art.published in (None, dt.date.fromisoformat(a["published"])), name
        if "author" in a:
            assert art.author == a["author"], name


def test_order_independent(seeds) -> None:
    _, docs, articles = seeds
    shuffled = list(docs)
    random.Random(7).shuffle(shuffled)
    again = {a.id: a for a in clean(shuffled)}
    assert again == articles
    assert [a.id for a in clean(shuffled)] == [d.id for d in shuffled]


def test_metadata_wins(seeds_dir: Path) -> None:
    _, docs = _load(seeds_dir)
    doc = docs[1]
    given = RawDocument(
        id=doc.id,
        content=doc.content,
        kind="text",
        origin=doc.origin,
        title="A given title",
        url="https://www.example.com/a/b",
        author="Jane Roe",
        published=dt.date(2020, 1, 2),
    )
    (art,) = clean([given])
    assert art.title == "A given title"
    assert art.author == "Jane Roe"
    assert art.published == dt.date(2020, 1, 2) and art.published_from == "metadata"
    assert art.source == "example.com"
    assert art.url == "https://www.example.com/a/b"

"""Ingest: formats by content and extension, encodings, ids, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json

import pytest

from newsbrief.ingest import parse_date, read
from newsbrief.ingest.decode import InputError, decode


def collect(paths, **kw):
    warnings: list[str] = []
    docs = list(read(paths, warnings.append, **kw))
    return docs, warnings


def test_text_html_gzip_jsonl_folder(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Headline\n\nBody sentence one. Body two.\n", encoding="utf-8")
    (folder / "sub" / "b.html").write_text("<html><body><p>Hello there.</p></body></html>", encoding="utf-8")
    (folder / "c.html.gz").write_bytes(gzip.compress(b"<html><body><p>Zipped page.</p></body></html>"))
    (folder / "d.jsonl").write_text(
        json.dumps({"id": "x1", "text": "JSON text.", "title": "T", "published": "2019-01-04T10:00:00Z",
                    "url": "https://example.org/a", "source": "Example"}) + "\n"
        + json.dumps({"body": "No id here."}) + "\n",
        encoding="utf-8",
    )
    (folder / ".hidden.txt").write_text("secret", encoding="utf-8")
    docs, warnings = collect([folder])
    assert warnings == []
    ids = [d.id for d in docs]
    assert ids == ["a.txt", "c.html.gz", "x1", "d.jsonl:2", "sub/b.html"]
    kinds = {d.id: d.kind for d in docs}
    assert kinds == {"a.txt": "text", "c.html.gz": "html", "x1": "text", "d.jsonl:2": "text", "sub/b.html": "html"}
    x1 = docs[2]
    assert (x1.title, x1.published, x1.source, x1.url) == (
        "T", dt.date(2019, 1, 4), "Example", "https://example.org/a")


def test_html_detected_by_content_not_extension(tmp_path):
    p = tmp_path / "page.dat"
    p.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    (doc,), _ = collect([p])
    assert doc.kind == "html"


def test_cluster_records_expand_to_articles(tmp_path):
    p = tmp_path / "clusters.jsonl"
    rec = {"id": "C1", "documents": [{"id": "d1", "text": "First."}, "Second as a string."], "summary": "S"}
    p.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    docs, _ = collect([p])
    assert [d.id for d in docs] == ["C1/d1", "C1/2"]


@pytest.mark.parametrize(
    "data,expected",
    [
        ("café news".encode(), "café news"),
        (b"\xef\xbb\xbfBOM text", "BOM text"),
        ("naïve “quotes”".encode("cp1252"), "naïve “quotes”"),
        (b"a\r\nb\rc", "a\nb\nc"),
    ],
)
def test_encodings(data, expected):
    assert decode(data) == expected


def test_bad_inputs_are_skipped_with_one_line_warnings(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    (tmp_path / "bad.jsonl").write_text('{"text": "Good line."}\n{oops\n{"title": "no text"}\n[1, 2\n', encoding="utf-8")
    (tmp_path / "bad.gz").write_bytes(b"\x1f\x8b" + b"not really gzip")
    (tmp_path / "good.txt").write_text("A real article sentence.", encoding="utf-8")
    docs, warnings = collect([tmp_path, tmp_path / "missing.txt"])
    assert [d.id for d in docs] == ["bad.jsonl:1", "good.txt"]
    joined = "\n".join(warnings)
    for name in ("empty.txt", "blank.txt", "binary.bin", "garbage.txt", "bad.jsonl:2", "bad.jsonl:3",
                 "bad.jsonl:4", "bad.gz", "missing.txt"):
        assert name in joined, name
    assert all("\n" not in w and "Traceback" not in w for w in warnings)


def test_empty_folder_warns(tmp_path):
    docs, warnings = collect([tmp_path])
    assert docs == [] and "no readable article" in warnings[0]


def test_stdin():
    docs, _ = collect(["-"], stdin=io.BytesIO(b"From standard input. Two sentences."))
    assert docs[0].id == "<stdin>" and docs[0].content.startswith("From standard")


def test_duplicate_ids_are_renamed(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text('{"id": "a", "text": "One."}\n{"id": "a", "text": "Two."}\n', encoding="utf-8")
    docs, warnings = collect([p])
    assert [d.id for d in docs] == ["a", "a#2"] and "duplicate" in warnings[0]


def test_parse_date():
    assert parse_date("2019-01-30") == dt.date(2019, 1, 30)
    assert parse_date("20190130") == dt.date(2019, 1, 30)
    assert parse_date("January 4, 2019") == dt.date(2019, 1, 4)
    assert parse_date("") is None and parse_date("not a date at all") is None


def test_gzip_bomb_refused():
    from newsbrief.ingest.decode import gunzip

    with pytest.raises(InputError):
        gunzip(gzip.compress(b"0" * 2000), limit=1000)

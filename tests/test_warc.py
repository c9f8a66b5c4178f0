"""WARC crawls: real WARC files written with warcio from real pages; only HTML 200 responses are articles,
records are streamed (memory stays flat over a 1,000-record crawl), bad files cost one line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tracemalloc

import pytest
from conftest import EVAL, need
from intake_server import load_pages, plain_page, synthetic_page, write_warc

from newsbrief.ingest import read
from newsbrief.ingest.warc import records
from newsbrief.options import Limits

GROUND_TRUTH = EVAL / "article-extraction" / "ground-truth.json"
PLAIN_URI = "https://news.crawl-example.co.uk/2024/03/buses.html"


@pytest.fixture(scope="module")
def crawl_pages():
    need(GROUND_TRUTH)
    truth = json.loads(GROUND_TRUTH.read_text(encoding="utf-8"))
    pages = load_pages(4)
    by_prefix = {k[:16]: v["url"] for k, v in truth.items()}
    return [(by_prefix[name], html) for name, html in pages.items()] + [(PLAIN_URI, plain_page())]


def read_all(paths, limits=None):
    warnings: list[str] = []
    return list(read(paths, warnings.append, limits=limits)), warnings


def test_only_html_200_responses_with_uri_and_dates(tmp_path, crawl_pages):
    path = write_warc(tmp_path / "crawl.warc.gz", crawl_pages)
    docs, warnings = read_all([path])
    assert not warnings
    assert [d.url for d in docs] == [uri for uri, _ in crawl_pages]  # request, 404, image, 301, metadata passed over
    assert all(d.kind == "html" and d.origin.startswith(str(path) + "#") for d in docs)
    wsj = docs[0]
    assert wsj.source == "Wall Street Journal" and wsj.published == dt.date(2019, 11, 19)  # the page's own date
    plain = docs[-1]
    assert plain.published == dt.date(2024, 3, 5)  # the WARC-Date: the page has none
    assert plain.source == "crawl-example.co.uk"  # the registered domain: the page names no outlet


def test_uncompressed_warc_and_one_known_by_its_content(tmp_path, crawl_pages):
    plain = write_warc(tmp_path / "crawl.warc", crawl_pages, gz=False)
    other = tmp_path / "download.bin"
    shutil.copy(write_warc(tmp_path / "c2.warc.gz", crawl_pages[:2]), other)
    docs, warnings = read_all([plain, other])
    assert len(docs) == 7 and not [w for w in warnings if "duplicate" not in w]


def test_bad_warc_is_one_line_and_other_inputs_still_work(tmp_path, crawl_pages):
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00" + b"not really gzip" * 10)
    text = tmp_path / "a.txt"
    text.write_text("A headline\n\nThe first body sentence is long enough to count here.\n", encoding="utf-8")
    cut = tmp_path / "cut.warc.gz"
    whole = write_warc(tmp_path / "whole.warc.gz", crawl_pages).read_bytes()
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    docs, warnings = read_all([bad, cut, text])
    assert docs[-1].id == "a.txt" and 1 <= len(docs) - 1 < len(crawl_pages)  # the whole records before the cut
    assert any(w.startswith(f"{bad}: ") for w in warnings) and any(w.startswith(f"{cut}") for w in warnings)
    assert all("\n" not in w for w in warnings)


def test_a_record_over_the_file_limit_is_skipped(tmp_path, crawl_pages):
    big = b"<html><body><p>" + b"word " * 250_000 + b"</p></body></html>"
    path = write_warc(tmp_path / "big.warc.gz", [crawl_pages[0], ("https://crawl.example/big", big)], extras=False)
    docs, warnings = read_all([path], Limits(file_mb=1))
    assert len(docs) == 1 and len(warnings) == 1 and "file_mb" in warnings[0] and "crawl.example/big" in warnings[0]


def test_warc_inside_a_folder(tmp_path, crawl_pages):
    folder = tmp_path / "in"
    folder.mkdir()
    write_warc(folder / "crawl.warc.gz", crawl_pages[:2])
    (folder / "note.txt").write_text("A headline\n\nThe first body sentence is long enough to count here.\n")
    docs, _ = read_all([folder])
    assert len(docs) == 3


def test_a_1000_record_crawl_streams_in_bounded_memory(tmp_path):
    path = write_warc(tmp_path / "cc-news.warc.gz", [(f"https://crawl.example/news/{i}", synthetic_page(i))
                                                      for i in range(1000)])
    payload = 1000 * len(synthetic_page(0))  # ~13 MB of pages
    tracemalloc.start()
    try:
        n = sum(1 for _ in records(path, str(path), print, Limits()))
        _, raw_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        docs = read([path], print)
        for i, _doc in enumerate(docs, 1):
            if i == 50:
                early, _ = tracemalloc.get_traced_memory()
            if i == 300:
                late, peak = tracemalloc.get_traced_memory()
                docs.close()
                break
    finally:
        tracemalloc.stop()
    assert n == 1000
    assert raw_peak < 2 * 1024 * 1024 < payload / 5
    assert late - early < 512 * 1024  # 250 more documents read, nothing kept but their ids
    assert peak < 8 * 1024 * 1024


def test_cli_briefs_a_warc_with_outlets_and_dates(tmp_path, crawl_pages):
    path = write_warc(tmp_path / "crawl.warc.gz", crawl_pages)
    r = subprocess.run([sys.executable, "-m", "newsbrief", "brief", str(path), "--no-story", "--format", "json"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    articles = json.loads(r.stdout)["articles"]
    assert {a["source"] for a in articles} >= {"Wall Street Journal", "NYTimes", "crawl-example.co.uk"}
    assert all(a["published"] and a["url"].startswith("https://") for a in articles)

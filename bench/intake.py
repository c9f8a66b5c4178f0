"""Intake throughput: pages fetched (and cleaned) from a local HTTP server, WARC records read (and cleaned).

1. The 129 real pages of the article-extraction set are served on 127.0.0.1 (``tests/intake_server.py``)
   and read through a sitemap by ``newsbrief.ingest.read`` with ``concurrency`` workers and no
   per-host rate limit (the default of 2 requests a second to one host would be the bound
   otherwise): pages/s fetched, then fetched and cleaned.
2. A CC-News-like WARC of ``--records`` response records (each with its request record) is written
   with warcio, then read (records/s, memory) and read and cleaned in batches of 500 as
   ``newsbrief add`` does (records/s, memory). Pages are the real ones cycled (``--pages real``,
   the default) or small synthetic ones (``--pages synthetic``). Memory is the growth of this
   process's peak resident set (VmHWM) over the step, and tracemalloc's peak over the first 1,000
   records read::

    python bench/intake.py
    python bench/intake.py --records 2000 --concurrency 8
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from intake_server import EXTRACTION, Site, load_pages, synthetic_page, write_warc  # noqa: E402

from newsbrief.clean import clean  # noqa: E402
from newsbrief.ingest import read  # noqa: E402
from newsbrief.ingest.web import FetchSettings  # noqa: E402

log = logging.getLogger("bench.intake")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


def fetch_bench(concurrency: int) -> dict[str, float]:
    pages = load_pages()
    site = Site(pages).start()
    settings = FetchSettings(concurrency=concurrency, per_host_rate=0, trust_env=False, max_urls=len(pages) + 1)
    warnings: list[str] = []
    try:
        t0 = time.perf_counter()
        docs = list(read([site.url("/sitemap.xml")], warnings.append, fetch=settings))
        fetched = time.perf_counter() - t0
        t1 = time.perf_counter()
        articles = clean(docs)
        cleaned = time.perf_counter() - t1
    finally:
        site.close()
    n = len(docs)
    outlets = sum(1 for d in docs if d.source and not d.source.startswith("127.0.0.1"))
    return {
        "pages": n, "articles": len(articles), "with_outlet": outlets, "with_date": sum(d.published is not None for d in docs),
        "fetch_pages_per_s": n / fetched, "fetch_clean_pages_per_s": n / (fetched + cleaned),
        "warnings": len(warnings),
    }


def warc_bench(records: int, kind: str, folder: Path) -> dict[str, float]:
    if kind == "real":
        truth = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
        urls = {k[:16]: v["url"] for k, v in truth.items()}
        real = list(load_pages().items())
        cycle = itertools.cycle(real)
        pages = [(f"{urls[name]}?copy={i}", html) for i, (name, html) in zip(range(records), cycle, strict=False)]
    else:
        pages = [(f"https://crawl.example/news/{i}", synthetic_page(i)) for i in range(records)]
    path = folder / "cc-news.warc.gz"
    t0 = time.perf_counter()
    write_warc(path, pages, extras=False)
    written = time.perf_counter() - t0
    payload_mb = sum(len(b) for _, b in pages) / 1e6
    del pages

    reset_peak()
    before = peak_rss_mb()
    t0 = time.perf_counter()
    n = sum(1 for _ in read([path], log.warning))
    read_s = time.perf_counter() - t0
    read_rss = peak_rss_mb() - before
    tracemalloc.start()  # slows reading down: a pass of its own over the first 1,000 records
    traced = read([path], log.warning)
    for _ in itertools.islice(traced, 1000):
        pass
    traced.close()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    reset_peak()
    before = peak_rss_mb()
    t0 = time.perf_counter()
    batch: list = []
    kept = 0
    for doc in read([path], log.warning):
        batch.append(doc)
        if len(batch) >= 500:
            kept += len(clean(batch))
            batch = []
    kept += len(clean(batch)) if batch else 0
    clean_s = time.perf_counter() - t0
    return {
        "records": n, "articles": kept, "warc_mb": path.stat().st_size / 1e6, "payload_mb": payload_mb,
        "write_records_per_s": records / written,
        "read_records_per_s": n / read_s, "read_peak_rss_growth_mb": read_rss, "read_tracemalloc_peak_mb_first_1000": traced_peak / 1e6,
        "read_clean_records_per_s": n / clean_s, "read_clean_peak_rss_growth_mb": peak_rss_mb() - before,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000, help="WARC response records (default 10,000)")
    parser.add_argument("--pages", choices=("real", "synthetic"), default="real", help="WARC pages (default real)")
    parser.add_argument("--concurrency", type=int, default=4, help="fetch workers (default 4)")
    parser.add_argument("--skip-fetch", action="store_true")
    parser.add_argument("--skip-warc", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if not (EXTRACTION / "html").exists():
        log.error("%s is missing", EXTRACTION)
        return 1
    out: dict[str, object] = {}
    if not args.skip_fetch:
        out["fetch"] = fetch_bench(args.concurrency)
        print(json.dumps({"fetch": out["fetch"]}), flush=True)  # noqa: T201 (a bench prints its figures)
    if not args.skip_warc:
        with tempfile.TemporaryDirectory() as tmp:
            out["warc"] = warc_bench(args.records, args.pages, Path(tmp))
        print(json.dumps({"warc": out["warc"]}), flush=True)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The store under size: ``newsbrief add`` throughput and peak memory, then one story's brief.

Articles are the evaluation sets replayed (``bench/clustering.py``'s stream: DUC 2006,
WikiRef220 and the seeds, dates shifted per replay), each replay's text made distinct (its
paragraphs rotated and one left out, so the store holds as many articles as were added, many
of them near-duplicates as wire copies are), written as JSONL files of 10,000 articles (each
under the 50 MB file limit). Each step is a fresh process, as a user
runs it; peak memory is that process's maximum resident set::

    python bench/store.py                 # 100,000 articles
    python bench/store.py --articles 20000
    python bench/store.py --keep /tmp/store100k   # keep the input and the store to look at
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from clustering import write_stream  # noqa: E402


def _distinct(record: dict) -> dict:
    """Replay ``k`` (the id's ``r<k>/`` prefix) of an article: paragraphs rotated by ``k`` and,
    past the first replay, one of them left out, so no two replays clean to the same text."""
    k = int(record["id"].split("/", 1)[0][1:])
    paras = [p for p in record["text"].split("\n") if p.strip()]
    if k and len(paras) > 1:
        n = len(paras)
        paras = paras[k % n:] + paras[: k % n]
        if n > 3:
            paras.pop((k // n) % n)
    return {**record, "text": "\n\n".join(paras)}


def _latest(store: Path) -> dt.date:
    import sqlite3

    with sqlite3.connect(store) as db:
        return dt.date.fromisoformat(db.execute("SELECT max(published) FROM articles").fetchone()[0])


def _later(latest: dt.date, n: int, k: int) -> dict:
    """An article of the day after ``latest`` (its text a real seed's, made distinct)."""
    seed = sorted((ROOT / "src" / "newsbrief" / "data" / "sample").glob("*.txt"))[k % 5]
    text = seed.read_text(encoding="utf-8")
    return {"id": f"later{n}/{k}", "published": (latest + dt.timedelta(days=1)).isoformat(),
            "title": f"Follow-up {n}.{k}", "text": f"{text}\n\nInvestigators said on the following day that the {_ORDINAL[k]} of the {n} inquiries "
                    "into the incident would report its findings within weeks."}


_ORDINAL = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def child(args: list[str], env: dict[str, str]) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, stdout) of one newsbrief process."""
    exe = str(Path(sys.executable).with_name("newsbrief"))
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen([exe, "-q", *args], stdout=out, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out.read()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2, help="newsbrief add --workers (default 2)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the input and the store in DIR (made if missing) and keep them")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        tmp = str(args.keep or scratch)
        folder = Path(tmp) / "in"
        folder.mkdir(exist_ok=True)
        for old in [*folder.glob("part*.jsonl"), *Path(tmp).glob("store.sqlite*")]:
            old.unlink()  # a kept DIR is rebuilt from nothing
        stream = Path(tmp) / "stream.jsonl"
        write_stream(stream, args.articles)
        with stream.open(encoding="utf-8") as f:
            part, out = 0, None
            for k, line in enumerate(f):
                if k % 10_000 == 0:
                    if out:
                        out.close()
                    part += 1
                    out = (folder / f"part{part:03d}.jsonl").open("w", encoding="utf-8")
                assert out is not None
                out.write(json.dumps(_distinct(json.loads(line))) + "\n")
            if out:
                out.close()
        stream.unlink()
        env = {**os.environ, "NEWSBRIEF_STORE": str(Path(tmp) / "store.sqlite")}
        seconds, peak, code, stdout = child(["add", str(folder), "--json", "--workers", str(args.workers)], env)
        report = json.loads(stdout) if code == 0 else {}
        print(json.dumps({"step": "add", "articles": args.articles, "workers": args.workers, "exit": code,
                          "seconds": round(seconds, 1),
                          "articles_per_s": round(args.articles / seconds, 1), "peak_mb": round(peak, 1),
                          **{k: report.get(k) for k in ("added", "duplicates", "stored")}}), flush=True)
        if code:
            return 1
        # the next day's news: one article later than everything stored, then ten more
        latest = _latest(Path(tmp) / "store.sqlite")
        for n, label in ((1, "add 1 later article"), (10, "add 10 later articles")):
            later = Path(tmp) / f"later{n}.jsonl"
            later.write_text("".join(json.dumps(_later(latest, n, k)) + "\n" for k in range(n)), encoding="utf-8")
            seconds, peak, code, stdout = child(["add", str(later), "--json", "--workers", str(args.workers)], env)
            report = json.loads(stdout) if code == 0 else {}
            print(json.dumps({"step": label, "exit": code, "seconds": round(seconds, 1), "peak_mb": round(peak, 1),
                              **{k: report.get(k) for k in ("added", "stored")}}), flush=True)
        _, _, _, listing = child(["stories", "--format", "json"], env)
        stories = json.loads(listing)["stories"]
        top = stories[0]
        median = stories[len(stories) // 2]
        for label, row in (("story (made)", top), ("story (kept)", top), ("median story (made)", median),
                           ("median story (kept)", median)):
            seconds, peak, code, _ = child(["story", row["id"], "--format", "json"], env)
            print(json.dumps({"step": label, "story": row["id"], "story_articles": row["articles"],
                              "stories": len(stories), "exit": code, "seconds": round(seconds, 2),
                              "peak_mb": round(peak, 1)}), flush=True)
        # the brief itself, without the process start-up (what a server answering from the store pays)
        code = (
            "import sys, time, json; from newsbrief.store import Store; from newsbrief.store.briefs import story_brief;"
            "from newsbrief.store.briefs import story_document;"
            "from newsbrief.options import Options; s = Store.open(); o = Options(words=120, format='json');"
            f"t = time.perf_counter(); story_brief(s, {top['id']!r}, o); made = time.perf_counter() - t;"
            f"t = time.perf_counter(); story_brief(s, {top['id']!r}, o); kept = time.perf_counter() - t;"
            f"story_document(s, {top['id']!r}, o); t = time.perf_counter(); story_document(s, {top['id']!r}, o);"
            "print(json.dumps([made, kept, time.perf_counter() - t]))"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        made, kept, document = json.loads(proc.stdout)
        # made: the first brief; kept: the kept brief decoded into records; document: the kept
        # JSON document as `newsbrief story`, the web desk and the API serve it
        print(json.dumps({"step": "story brief in process", "made_s": round(made, 3), "kept_s": round(kept, 4),
                          "kept_document_s": round(document, 4)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

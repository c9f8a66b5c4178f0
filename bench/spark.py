"""``newsbrief spark`` under size: local[1] vs local[2] vs the single-process path.

Inputs are made from real corpora in ``../shared`` and written to a temporary folder:

* text: ``--articles`` articles (default 100,000) as JSON lines, the evaluation sets replayed as
  ``bench/store.py`` replays them (DUC 2006, WikiRef220 and the seeds, dates shifted 1,800 days a
  replay, each replay's paragraphs rotated and one left out);
* HTML: ``--pages`` pages (default 10,000): the 129 real pages of ``eval/article-extraction``
  repeated (copies of a page fold as near-duplicates, the cleaning is done for every one).

Each run is a fresh process: ``newsbrief spark DIR --output OUT --master local[N]``, and the
single-process path (``--single``: the same stages in one Python process: ``pipeline.load``,
``prepare``, ``brief_prepared`` per story). Printed per run: wall time, articles/s, the scaling
ratio (local[1] wall / local[2] wall; single / local[2]), and peak memory sampled every 0.2 s
from /proc: the driver's Python process, the JVM (in local mode the driver and executor JVM are
one), and the executors' Python workers (sum over the workers alive at once)::

    python bench/spark.py                                 # 100,000 articles, 10,000 pages
    python bench/spark.py --articles 5000 --pages 300     # a quick run
    python bench/spark.py --only text --masters local[2]

The briefs use ``--no-story --max-event-briefs 0`` (a summary per story, no timeline) unless
``--full-briefs`` is given: at 100,000 articles there are thousands of stories.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store import _distinct  # noqa: E402  (the replays of bench/store.py)

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "eval" / "article-extraction" / "html"


def write_text(folder: Path, n: int) -> None:
    from itertools import islice

    from clustering import write_stream

    stream = folder.parent / "stream.jsonl"
    write_stream(stream, n)
    with stream.open(encoding="utf-8") as f:
        for part in range(n // 10_000 + 1):
            rows = [json.dumps(_distinct(json.loads(line))) + "\n" for line in islice(f, 10_000)]
            if rows:  # files of 10,000 articles, as bench/store.py writes them
                (folder / f"part{part:03d}.jsonl").write_text("".join(rows), encoding="utf-8")
    stream.unlink()


def write_html(folder: Path, n: int) -> None:
    pages = [gzip.decompress(p.read_bytes()) for p in sorted(PAGES.glob("*.html.gz"))]
    for k in range(n):
        (folder / f"page{k:05d}.html").write_bytes(pages[k % len(pages)])


class Sampler(threading.Thread):
    """Peak resident memory (MB) of a process tree by role, read from /proc every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.done = pid, threading.Event()
        self.peak = {"driver_mb": 0.0, "jvm_mb": 0.0, "workers_mb": 0.0, "total_mb": 0.0}

    @staticmethod
    def _tree(root: int) -> dict[int, tuple[str, float]]:
        parent: dict[int, int] = {}
        info: dict[int, tuple[str, float]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/status") as fh:
                    fields = dict(line.split(":", 1) for line in fh if ":" in line)
                with open(f"/proc/{entry}/cmdline", "rb") as fh:
                    cmd = fh.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            parent[int(entry)] = int(fields.get("PPid", "0").strip())
            info[int(entry)] = (cmd, float(fields.get("VmRSS", "0 kB").split()[0]) / 1024)
        tree, todo = {}, [root]
        while todo:
            p = todo.pop()
            if p in info:
                tree[p] = info[p]
            todo.extend(c for c, pp in parent.items() if pp == p)
        return tree

    def run(self) -> None:
        while not self.done.wait(0.2):
            now = {"driver_mb": 0.0, "jvm_mb": 0.0, "workers_mb": 0.0}
            for pid, (cmd, mb) in self._tree(self.pid).items():
                role = "driver_mb" if pid == self.pid else "jvm_mb" if "java" in cmd.split(" ")[0] else "workers_mb"
                now[role] += mb
            now["total_mb"] = sum(now.values())
            for k, v in now.items():
                self.peak[k] = max(self.peak[k], round(v, 1))


def child(cmd: list[str]) -> dict[str, object]:
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        sampler = Sampler(proc.pid)
        sampler.start()
        proc.wait()
        sampler.done.set()
        sampler.join()
        wall = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        text, problems = out.read(), err.read()
    row: dict[str, object] = {"exit": proc.returncode, "wall_s": round(wall, 1), **sampler.peak}
    if proc.returncode == 0:
        report = json.loads(text.strip().splitlines()[-1])
        row.update({("stage_s" if k == "seconds" else k): v for k, v in report.items() if k != "output"})
    else:
        row["stderr"] = problems.strip().splitlines()[-3:]
    return row


def single(inputs: list[str], brief_args: list[str]) -> int:
    """The single-process path: the stages the Spark job runs, in this one process."""
    from newsbrief.cli import build_parser
    from newsbrief.cli.common import options_from
    from newsbrief.pipeline import brief_prepared, load, prepare
    from newsbrief.types import Prepared, oldest_first

    args = build_parser().parse_args(["brief", *inputs, *brief_args])
    options = options_from(args)
    assert options is not None
    t0 = time.perf_counter()
    arts, _ = load(inputs, limits=options.limits)
    prepared = prepare(arts, "always")
    by_id = {t.id: t for t in prepared.texts}
    stories: dict[str, list] = {}
    for ev in prepared.events:
        stories.setdefault(ev.story or ev.id, []).append(ev)
    for evs in stories.values():
        ids = [a for ev in evs for a in (*ev.articles, *(c for _, cs in ev.duplicates for c in cs))]
        texts = tuple(sorted((by_id[a] for a in ids), key=lambda t: oldest_first(t.article)))
        brief_prepared(Prepared(texts, tuple(evs)), options)
    print(json.dumps({"articles": len(arts), "events": len(prepared.events), "stories": len(stories),
                      "inner_seconds": round(time.perf_counter() - t0, 1)}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000, help="text articles (default 100,000)")
    parser.add_argument("--pages", type=int, default=10_000, help="HTML pages (default 10,000)")
    parser.add_argument("--only", choices=("text", "html"), nargs="+", default=("text", "html"))
    parser.add_argument("--masters", nargs="+", default=("local[1]", "local[2]"))
    parser.add_argument("--no-single", action="store_true", help="skip the single-process path")
    parser.add_argument("--window-days", type=int, default=1800, help="newsbrief spark --window-days "
                        "(default 1800: one replay a window)")
    parser.add_argument("--full-briefs", action="store_true", help="timeline, comparison and event briefs too")
    parser.add_argument("--single", nargs="+", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    brief_args = [] if args.full_briefs else ["--no-story", "--max-event-briefs", "0"]
    if args.single:
        return single(args.single, rest)
    exe = str(Path(sys.executable).with_name("newsbrief"))
    for kind in args.only:
        n = args.articles if kind == "text" else args.pages
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            (write_text if kind == "text" else write_html)(folder, n)
            runs = {master: [exe, "-q", "spark", str(folder), "--output", str(Path(tmp) / "out"),
                             "--master", master, "--window-days", str(args.window_days), *brief_args]
                    for master in args.masters}
            if not args.no_single:
                runs["single"] = [sys.executable, __file__, "--single", str(folder), *brief_args]
            rows = {}
            for name, command in runs.items():  # each row printed as its run ends
                row = rows[name] = child(command)
                row.update(input=kind, n=n, run=name)
                if row.get("exit") == 0:
                    row["articles_per_s"] = round(n / float(row["wall_s"]), 1)  # type: ignore[arg-type]
                print(json.dumps(row), flush=True)
            walls = {k: float(r["wall_s"]) for k, r in rows.items() if r.get("exit") == 0}  # type: ignore[arg-type]
            if "local[1]" in walls and "local[2]" in walls:
                print(json.dumps({"input": kind, "n": n, "scaling_local1_over_local2":
                                  round(walls["local[1]"] / walls["local[2]"], 2),
                                  **({"single_over_local2": round(walls["single"] / walls["local[2]"], 2)}
                                     if "single" in walls else {})}), flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())

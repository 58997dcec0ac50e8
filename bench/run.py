"""`make bench`: speed and memory numbers of postcheck on real posts. Prints, never fails.

Measured here, in one process unless said otherwise:

1. the stock spaCy tokenizer (``spacy.blank("ru")``) over >= 20,000 real posts;
2. postcheck's language layer plus every signal over the same posts, and the ratio 2 / 1;
3. loading the shipped model, and scoring throughput (analysis + model + reasons) on unique
   posts not seen before, with its ratio to the stock tokenizer on the same posts;
4. cold start: ``postcheck draft.txt`` against ``python -c "import spacy; spacy.blank('ru')"``;
5. a 100,000-row CSV content plan built from real posts: rows/s and peak RSS, ``--jobs 1``
   and ``--jobs 2`` (plan health included);
6. plan health alone on a 100,000-row plan, in its own process (:mod:`bench.plan_health`):
   seconds, peak RSS, near-duplicate groups and how many planted near duplicates were found;
7. ``postcheck archive`` on a local Dask cluster of 2 workers against ``--jobs 2`` on the same
   1,000,000 rows (real posts repeated): rows/s of each and their ratio.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
csv.field_size_limit(2**31 - 1)


def real_posts(shared: Path) -> list[str]:
    """Unique posts of tg-news-ads and tg-chat-spam-ru (texts only; nothing is copied anywhere)."""
    texts = []
    news = shared / "tg-news-ads" / "tg_news_posts_dev.csv"
    with news.open(encoding="utf-8", newline="") as fh:
        texts += [r["text"] for r in csv.DictReader(fh) if r["text"].strip()]
    chat = shared / "tg-chat-spam-ru" / "telegram_spam_ru.csv"
    if chat.exists():
        with chat.open(encoding="utf-8", newline="") as fh:
            texts += [r["message"] for r in csv.DictReader(fh) if r["message"].strip()]
    return list(dict.fromkeys(texts))  # unique: a repeated text hits warm caches and overstates speed


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f}".replace(",", " ")


def best_of(fn, repeat: int = 2) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_language(texts: list[str]) -> None:
    import spacy

    from classifier.language.pipeline import build_pipeline
    from classifier.signals.engine import SignalEngine

    stock = spacy.blank("ru")
    a = best_of(lambda: [stock.tokenizer(t) for t in texts])
    nlp = build_pipeline()
    engine = SignalEngine(nlp)
    b = best_of(lambda: [engine.run(doc) for doc in nlp.pipe(texts)])
    print(f"(a) spaCy tokenizer alone (stock ru):     {rate(len(texts), a):>8} posts/s")
    print(f"(b) language layer + all {len(engine.signals)} signals:       {rate(len(texts), b):>8} posts/s")
    print(f"    ratio b/a: {(len(texts) / b) / (len(texts) / a):.2f} ((b) tokenizes with postcheck's own, "
          "leaner rules, then adds morphology and every signal)")


def bench_model(texts: list[str]) -> None:
    from classifier.actions import default_model_path
    from classifier.language.pipeline import build_pipeline
    from classifier.model.artifact import load_model
    from classifier.scoring.scorer import Scorer, text_problem

    path = default_model_path()
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        model = load_model(path)
        loads.append(time.perf_counter() - start)
    size = path.stat().st_size / 1e6
    print(f"model load ({path.name}, {size:.1f} MB): median {1000 * statistics.median(loads):.0f} ms,"
          f" min {1000 * min(loads):.0f} ms")
    import spacy

    scorer = Scorer(build_pipeline(), model)
    ok = [t for t in texts if text_problem(t) is None]
    scorer.score_many(ok[:2000])  # warm-up on other posts than the measured ones
    measured = ok[2000:]
    random.Random(0).shuffle(measured)  # both halves alike: news and chat posts mixed
    half = len(measured) // 2
    stock = spacy.blank("ru")
    for spans, posts, label in ((False, measured[:half], "batch path: reasons without quotes"),
                                (True, measured[half:], "with quoted spans")):
        # each mode on its own unseen posts: the second would otherwise find every word cached
        tokenizer = len(posts) / best_of(lambda posts=posts: [stock.tokenizer(t) for t in posts])
        seconds = best_of(lambda spans=spans, posts=posts: scorer.score_many(posts, with_spans=spans), repeat=1)
        print(f"scoring throughput ({label}): {rate(len(posts), seconds):>6} posts/s on {rate(len(posts), 1)} "
              f"unique posts, {len(posts) / seconds / tokenizer:.2f}x the stock tokenizer on them "
              f"({rate(len(posts), len(posts) / tokenizer)} posts/s)")


def _wall(cmd: list[str], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold_start() -> None:
    postcheck = shutil.which("postcheck") or str(Path(sys.executable).parent / "postcheck")
    draft = ROOT / "examples" / "draft_junk.txt"
    _wall([sys.executable, "-c", "import spacy"], repeat=2)  # warm the file cache
    base = _wall([sys.executable, "-c", "import spacy; spacy.blank('ru')"])
    ours = _wall([postcheck, str(draft)])
    ours_tty = _wall([postcheck, "--format", "json", str(draft)])
    print(f"cold start: python -c \"import spacy; spacy.blank('ru')\": {base:.2f} s (median of 5)")
    print(f"            postcheck draft_junk.txt (plain text):   {ours:.2f} s  -> ratio {ours / base:.2f}")
    print(f"            postcheck --format json draft_junk.txt:  {ours_tty:.2f} s  -> ratio {ours_tty / base:.2f}")


def _peak_rss_mb(stderr: str) -> float | None:
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(m.group(1)) / 1024 if m else None


def bench_batch(texts: list[str], rows: int = 100_000) -> None:
    postcheck = shutil.which("postcheck") or str(Path(sys.executable).parent / "postcheck")
    gnu_time = shutil.which("time") or "/usr/bin/time"
    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.csv"
        with plan.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["id", "дата", "текст"])
            for i in range(rows):
                writer.writerow([i + 1, "2025-03-01", texts[i % len(texts)]])
        size = plan.stat().st_size / 1e6
        print(f"content plan: {rows:,} rows from real posts, {size:.0f} MB CSV".replace(",", " "))
        seconds = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"scored-{jobs}.csv"
            cmd = [gnu_time, "-v", postcheck, str(plan), "-o", str(out), "--jobs", str(jobs), "--fail-on", "never"]
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            seconds[jobs] = time.perf_counter() - start
            peak = _peak_rss_mb(done.stderr)
            with out.open(encoding="utf-8-sig", newline="") as fh:
                written = sum(1 for _ in csv.reader(fh)) - 1
            peak_text = f"{peak:.0f} MB" if peak is not None else "unknown"
            print(f"  --jobs {jobs}: {seconds[jobs]:.1f} s, {rate(rows, seconds[jobs])} rows/s, "
                  f"peak RSS of the largest process {peak_text}, rows out {written:,} (exit {done.returncode})"
                  .replace(",", " "))
        print(f"  speed-up --jobs 2 / --jobs 1: {seconds[1] / seconds[2]:.2f}x")


def bench_plan_health(shared: Path, rows: int) -> None:
    """Plan health alone, in a fresh process so that its peak RSS is its own."""
    subprocess.run([sys.executable, "-m", "bench.plan_health", "--shared", str(shared), "--rows", str(rows)],
                   cwd=ROOT, check=False)


def _archive_row(texts: list[str], i: int) -> tuple[int, str, str]:
    """Row ``i`` of the archive: an id, a date spread over five years, a real post."""
    return i + 1, f"{2020 + i % 5}-{1 + i % 12:02d}-15", texts[i % len(texts)]


def bench_archive(texts: list[str], rows: int = 1_000_000, jobs: int = 2) -> None:
    """The same rows through ``--jobs 2`` (a CSV plan) and ``postcheck archive`` (a Parquet file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    postcheck = shutil.which("postcheck") or str(Path(sys.executable).parent / "postcheck")
    gnu_time = shutil.which("time") or "/usr/bin/time"
    schema = pa.schema([("id", pa.int64()), ("date", pa.string()), ("text", pa.string())])
    with tempfile.TemporaryDirectory() as tmp:
        plan, archive = Path(tmp) / "plan.csv", Path(tmp) / "archive.parquet"
        with plan.open("w", encoding="utf-8", newline="") as fh, pq.ParquetWriter(archive, schema) as parquet:
            writer = csv.writer(fh)
            writer.writerow(schema.names)
            for start in range(0, rows, 20_000):
                block = [_archive_row(texts, i) for i in range(start, min(rows, start + 20_000))]
                writer.writerows(block)
                parquet.write_table(pa.Table.from_pylist([dict(zip(schema.names, r)) for r in block], schema))
        print(f"archive: {rows:,} rows from real posts, {plan.stat().st_size / 1e6:.0f} MB CSV, "
              f"{archive.stat().st_size / 1e6:.0f} MB Parquet".replace(",", " "))
        runs = {
            f"--jobs {jobs} (CSV plan -> CSV)": [postcheck, str(plan), "-o", str(Path(tmp) / "scored.csv"),
                                                 "--jobs", str(jobs), "--fail-on", "never"],
            f"archive, local cluster of {jobs} workers (Parquet -> Parquet)":
                [postcheck, "archive", str(archive), "-o", str(Path(tmp) / "scored-archive"), "--jobs", str(jobs)],
        }
        seconds = {}
        for label, cmd in runs.items():
            start = time.perf_counter()
            done = subprocess.run([gnu_time, "-v", *cmd], capture_output=True, text=True, check=False)
            seconds[label] = time.perf_counter() - start
            peak = _peak_rss_mb(done.stderr)
            peak_text = f"{peak:.0f} MB" if peak is not None else "unknown"
            print(f"  {label}: {seconds[label]:.1f} s, {rate(rows, seconds[label])} rows/s, "
                  f"peak RSS of the largest process {peak_text} (exit {done.returncode})")
            for line in done.stderr.splitlines() if done.returncode else ():
                if line.startswith("postcheck"):
                    print(f"    {line}")
        plan_s, archive_s = seconds.values()
        print(f"  archive / --jobs {jobs} throughput: {plan_s / archive_s:.2f} (1.00 = as fast)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--archive-rows", type=int, default=1_000_000)
    parser.add_argument("--only", choices=("language", "model", "cold", "batch", "plan", "archive"),
                        help="run one part")
    args = parser.parse_args()
    print(f"postcheck benchmark — nproc {os.cpu_count()}, Python {sys.version.split()[0]}")
    texts = real_posts(args.shared)
    mean = statistics.mean(map(len, texts))
    print(f"real posts: {len(texts):,} (tg-news-ads + tg-chat-spam-ru), mean {mean:.0f} chars"
          .replace(",", " "))
    parts = {
        "language": lambda: bench_language(texts),
        "model": lambda: bench_model(texts),
        "cold": bench_cold_start,
        "batch": lambda: bench_batch(texts, args.rows),
        "plan": lambda: bench_plan_health(args.shared, args.rows),
        "archive": lambda: bench_archive(texts, args.archive_rows),
    }
    for name, run in parts.items():
        if args.only in (None, name):
            run()


if __name__ == "__main__":
    main()

"""`make bench`, plan health: the whole-plan checks of a 100,000-row plan built from real posts.

Scoring is left out (rows get synthetic verdicts and signals), so the numbers are those of
plan health alone: reading dates and rubrics, the near-duplicate search and every finding.
The plan holds each real post once, then a copy with one word changed and an emoji added
(a near duplicate), then exact copies, until it has the rows asked for. Printed: seconds,
peak RSS of this process before and after, groups found, and how many planted near
duplicates (those whose word overlap really reaches the threshold) were found.

Run alone: ``python -m bench.plan_health --rows 100000``.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import real_posts  # noqa: E402
from classifier.scoring.cells import CellScore  # noqa: E402
from classifier.scoring.health.collector import PlanCollector  # noqa: E402
from classifier.scoring.health.duplicates import jaccard, shingle_sets  # noqa: E402
from classifier.scoring.health.norms import PlanNorms  # noqa: E402
from classifier.signals import junk, value  # noqa: E402

CHUNK = 500
RUBRICS = ("польза", "акция", "новости", "розыгрыш", "кейс", "")


def count(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def peak_rss_mb() -> float:
    """Peak RSS of this process. VmHWM, because Linux carries ru_maxrss over an exec: started
    from ``bench.run``, ru_maxrss would report the parent's peak."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def edited(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    if len(words) > 1:
        words[rng.randrange(len(words))] = "снова"
    return " ".join(words) + " 🔥"


def build_plan(texts: list[str], rows: int, seed: int = 1) -> tuple[list[list[str]], list[CellScore]]:
    """Rows (date, rubric, text) and a synthetic score for each."""
    rng, edits = random.Random(seed), random.Random(seed)  # planted_pairs() replays the edits
    first = date(2024, 1, 1)
    plan, cells = [], []
    kinds = [
        CellScore(90.0, "rewrite", signals=(junk.discount.id,)),
        CellScore(50.0, "borderline", signals=(junk.price.id,)),
        CellScore(5.0, "ok", signals=(value.audience_question.id,)),
        CellScore(5.0, "ok", signals=(value.advice.id,)),
        CellScore(80.0, "rewrite", signals=(junk.giveaway.id,)),
        CellScore.failed("текст пустой."),
    ]
    n = len(texts)
    for i in range(rows):
        text = texts[i % n] if i < n or i >= 2 * n else edited(texts[i % n], edits)
        day = first + timedelta(days=i * 365 // rows)
        shown = day.strftime("%d.%m.%Y") if i % 3 else day.isoformat()
        if i % 97 == 0:
            shown = "32.13.2024"  # unreadable
        plan.append([shown, RUBRICS[i % len(RUBRICS)], text])
        cells.append(kinds[rng.randrange(len(kinds) - 1)] if i % 1000 else kinds[-1])
    return plan, cells


def planted_pairs(texts: list[str], rows: int) -> list[tuple[int, int]]:
    """(original, near duplicate) data row numbers whose word overlap reaches the threshold."""
    n = len(texts)
    rng = random.Random(1)
    pairs = []
    for i in range(n, min(rows, 2 * n)):
        sets = shingle_sets([texts[i - n], edited(texts[i - n], rng)])
        if sets.of(0).size and sets.of(1).size and jaccard(sets.of(0), sets.of(1)) >= PlanNorms().duplicate_similarity:
            pairs.append((i - n + 1, i + 1))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    texts = [t for t in real_posts(args.shared) if t.strip()]
    plan, cells = build_plan(texts, args.rows)
    before = peak_rss_mb()
    start = time.perf_counter()
    collector = PlanCollector(["дата", "рубрика", "текст"], 2, PlanNorms())
    for i in range(0, len(plan), CHUNK):
        collector.add(i + 1, plan[i:i + CHUNK], cells[i:i + CHUNK])
    added = time.perf_counter() - start
    health = collector.finish()
    seconds = time.perf_counter() - start
    after = peak_rss_mb()
    group_of = {n: g for g in health.duplicates for n in g.numbers}
    pairs = planted_pairs(texts, args.rows)
    found = sum(1 for a, b in pairs if a in group_of and group_of[a] is group_of.get(b))
    grouped = sum(len(g.numbers) for g in health.duplicates)
    print(f"plan health, {count(len(plan))} rows (date, rubric, text; scoring left out): {seconds:.1f} s "
          f"({added:.1f} s while rows stream in, {seconds - added:.1f} s at the end)")
    print(f"  peak RSS {after:.0f} MB (the plan itself in memory: {before:.0f} MB)")
    print(f"  near-duplicate groups: {count(len(health.duplicates))}, rows in them: {count(grouped)}; planted "
          f"near duplicates found: {count(found)} of {count(len(pairs))} ({100 * found / max(len(pairs), 1):.1f}%)")
    print(f"  problems: {', '.join(f.id for f in health.problems) or 'none'}")


if __name__ == "__main__":
    main()

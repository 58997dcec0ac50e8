"""Ad-marking detection measured on tg-news-ads (part of `make bench`). Prints, never fails.

tg-news-ads marks each post with ``legal_ad_marker`` = 1 when the data set's own regular
expression found a legal ad marker in it (erid, «Реклама», #реклама, «на правах рекламы»,
партнёрский пост/материал, #промо, #партнёр). On the texts as published (nothing stripped):

1. recall: the share of marked posts in which postcheck finds a label (of any wording) or an
   erid — goal >= 99%;
2. false labels: the share of all posts in which postcheck finds a label or an erid although
   the data set saw no marker — goal <= 0.1%; each such post is listed, so a reader can check
   whether it is a real marker the data set's expression missed;
3. stripping: how many posts without a marker ``strip_ad_labels`` changes at all (should be
   about none), and how many marked posts still show a marker after it;
4. speed of ``find_marking`` over every post, and its worst cases: 200,000-character posts
   made of labels, ordinary uses of the word and marking lines (postcheck's limit for a draft).
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
csv.field_size_limit(2**31 - 1)

# An independent, deliberately crude look for what stripping should have removed.
RESIDUE = re.compile(
    r"erid|#реклам|#промо|#партн|на правах рекламы|партн[её]рск\w*\s+(?:пост|материал)|^\W*реклама\W*$",
    re.IGNORECASE | re.MULTILINE,
)


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "—"


def measure(path: Path) -> None:
    from classifier.signals.marking import ERID, LABEL, LEGAL, find_marking, strip_ad_labels

    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["text"].strip()]
    texts = [r["text"] for r in rows]
    marked = [r["legal_ad_marker"] == "1" for r in rows]

    start = time.perf_counter()
    found = [find_marking(t) for t in texts]
    seconds = time.perf_counter() - start

    n_marked = sum(marked)
    hits = [f for f, m in zip(found, marked) if m and f.any_marker]
    missed = [r for r, f, m in zip(rows, found, marked) if m and not f.any_marker]
    extra = [(r, f) for r, f, m in zip(rows, found, marked) if not m and f.any_marker]
    legal = sum(1 for f in hits if any(x.kind == LEGAL for x in f.of(LABEL)))
    with_erid = sum(1 for f in hits if f.of(ERID))
    print(f"tg-news-ads: {len(rows)} posts, {n_marked} with a legal ad marker (column legal_ad_marker)")
    print(f"(1) marked posts where postcheck finds the label or the erid: {len(hits)}/{n_marked} "
          f"= {pct(len(hits), n_marked)} (goal >= 99%); the word «Реклама» in {legal}, an erid in {with_erid}")
    for r in missed:
        print(f"    missed: {r['channel']} #{r['message_id']}: {r['text'][-120:]!r}")
    print(f"(2) posts with a label or erid found but no marker in the column: {len(extra)}/{len(rows)} "
          f"= {pct(len(extra), len(rows))} of all posts (goal <= 0.1%)")
    for r, f in extra:
        print(f"    check by eye: {r['channel']} #{r['message_id']}: "
              f"{[r['text'][m.start:m.end] for m in f.marks][:4]}")

    changed = [r for r, m in zip(rows, marked) if not m and strip_ad_labels(r["text"]) != r["text"]]
    stripped = [strip_ad_labels(t) for t, m in zip(texts, marked) if m]
    left = sum(1 for t in stripped if find_marking(t).any_marker)
    crude = sum(1 for t in stripped if RESIDUE.search(t))
    print(f"(3) strip_ad_labels changes {len(changed)}/{len(rows) - n_marked} posts without a marker "
          f"({pct(len(changed), len(rows) - n_marked)}); after it, marked posts still showing a marker: "
          f"{left}/{n_marked} by find_marking, {crude}/{n_marked} by a crude independent pattern")
    for r in changed:
        print(f"    changed: {r['channel']} #{r['message_id']}")
    print(f"(4) find_marking: {len(rows) / seconds:,.0f} posts/s".replace(",", " "))
    worst_cases()


WORST_CASES = {
    "the word on one line": "реклама ",
    "a label per line": "Реклама\n",
    "marking lines": "Реклама. ООО «Ромашка», ИНН 7701234560. erid: 2VtzqxQdVFu ",
    "erid links": "https://ex.ru/?a=1&erid=2VtzqxQdVFu ",
}


def worst_cases(size: int = 200_000) -> None:
    from classifier.signals.marking import find_marking, strip_ad_labels

    for name, piece in WORST_CASES.items():
        text = (piece * (size // len(piece) + 1))[:size]
        start = time.perf_counter()
        find_marking(text)
        middle = time.perf_counter()
        strip_ad_labels(text)
        print(f"    worst case, {name} ({size} chars): find {middle - start:.2f} s, "
              f"strip {time.perf_counter() - middle:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    path = args.shared / "tg-news-ads" / "tg_news_posts_dev.csv"
    if not path.exists():
        print(f"ad marking: no {path}; skipped (give --shared)")
        return
    measure(path)


if __name__ == "__main__":
    main()

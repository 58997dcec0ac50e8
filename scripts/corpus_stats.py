"""Print the datasheet tables of corpora/posts.jsonl as Markdown (used by corpora/README.md).

    python scripts/corpus_stats.py            # print the tables
    python scripts/corpus_stats.py --write    # rewrite them inside corpora/README.md
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "posts.jsonl"
README = ROOT / "corpora" / "README.md"
BEGIN, END = "<!-- stats:begin -->", "<!-- stats:end -->"


def load(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _table(head: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%"


def _by_label(posts: list[dict], field: str) -> list[list[object]]:
    """[value of the field, junk posts, value posts] for every value the field takes."""
    counts = Counter((p[field], p["label"]) for p in posts if p[field])
    return [[v, counts[(v, "junk")], counts[(v, "value")]] for v in sorted({p[field] for p in posts if p[field]})]


LENGTH_BUCKETS = (("1-12", 1, 12), ("13-20", 13, 20), ("21-40", 21, 40), ("41-60", 41, 60), ("61-120", 61, 120),
                  ("121-200", 121, 200), ("over 200", 201, 10**9))


def _length_rows(posts: list[dict]) -> list[list[object]]:
    """[bucket, junk posts, value posts] for every length bucket."""
    counts = Counter()
    for p in posts:
        words = len(p["text"].split())
        bucket = next(name for name, lo, hi in LENGTH_BUCKETS if lo <= words <= hi)
        counts[(bucket, p["label"])] += 1
    return [[name, counts[(name, "junk")], counts[(name, "value")]] for name, _, _ in LENGTH_BUCKETS]


def _median(values: list[int]) -> int:
    values = sorted(values)
    return values[len(values) // 2]


def tables(posts: list[dict]) -> str:
    n = len(posts)
    labels = Counter(p["label"] for p in posts)
    splits = Counter((p["split"], p["label"]) for p in posts)
    out = [
        f"Posts: **{n}**; brands: **{len({p['brand'] for p in posts})}**; industries: "
        f"**{len({p['industry'] for p in posts})}**; hard cases: **{sum(1 for p in posts if p['hard_case'])}** "
        f"({_pct(sum(1 for p in posts if p['hard_case']), n)}).",
        "",
        "**By label and split**",
        "",
        _table(["split", "junk", "value", "total", "share"], [
            [s, splits[(s, "junk")], splits[(s, "value")], splits[(s, "junk")] + splits[(s, "value")],
             _pct(splits[(s, "junk")] + splits[(s, "value")], n)] for s in ("train", "test")
        ] + [["all", labels["junk"], labels["value"], n, "100%"]]),
        "",
        "**By tag** (a post has one or more)",
        "",
        _table(["tag", "posts", "of them junk"], [
            [t, c, sum(1 for p in posts if t in p["tags"] and p["label"] == "junk")]
            for t, c in sorted(Counter(t for p in posts for t in p["tags"]).items(), key=lambda x: (-x[1], x[0]))
        ]),
        "",
        "**By hard-case type**",
        "",
        _table(["hard_case", "junk", "value"], _by_label(posts, "hard_case")),
        "",
        "**By industry**",
        "",
        _table(["industry", "brands", "junk", "value", "test brands"], [
            [i, len({p["brand"] for p in posts if p["industry"] == i}), junk, value,
             len({p["brand"] for p in posts if p["industry"] == i and p["split"] == "test"})]
            for i, junk, value in _by_label(posts, "industry")
        ]),
        "",
        "**By platform**",
        "",
        _table(["platform", "junk", "value"], _by_label(posts, "platform")),
        "",
        "**Length in words** (whitespace-separated), per label: short posts are not mostly junk",
        "",
    ]
    out.append(_table(["words", "posts", "junk", "value", "junk share"], [
        [name, junk + value, junk, value, _pct(junk, junk + value)]
        for name, junk, value in _length_rows(posts)
    ]))
    words = sorted(len(p["text"].split()) for p in posts)
    medians = {label: _median([len(p["text"].split()) for p in posts if p["label"] == label])
               for label in ("junk", "value")}
    out += ["", f"Minimum {words[0]}, median {words[n // 2]}, maximum {words[-1]} words; "
            f"median of junk posts {medians['junk']}, of value posts {medians['value']}."]
    return "\n".join(out)


def write_readme() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    README.write_text(text[:start] + "\n" + tables(load()) + "\n" + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write_readme()
    else:
        print(tables(load()))

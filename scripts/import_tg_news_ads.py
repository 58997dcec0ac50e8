"""Copy the tg-news-ads data set (CC BY 4.0) from ../shared into corpora/tg-news-ads/.

    python scripts/import_tg_news_ads.py [--shared ../shared/data]

What changes on the way (the licence asks us to say so; corpora/README.md repeats it):

* posts whose text is the same after lower-casing and dropping punctuation are kept once (the
  earliest; its label is 1 when any copy was an ad), since the same post often runs in
  several channels of one owner;
* channels of one owner (the Топор, «Москва с огоньком» and «Библиотека программиста»
  families) form one ``family``; near-duplicate ads (character 5-gram Jaccard of 0.5 or more,
  the same ad edited for another channel) share the family of their earliest copy, in
  ``fold_group``, so that no ad is seen in training and in the held-out group at once;
* the texts are copied as they were published, legal ad markers included: training strips
  them with the code of the ad-marking check (``classifier.signals.marking.strip_ad_labels``);
* only the fields below are kept; the file is gzip-compressed with a fixed timestamp, so the
  import gives the same bytes every time.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "corpora" / "tg-news-ads"
FIELDS = ("id", "channel", "family", "fold_group", "date", "topic", "is_ad_llm", "legal_ad_marker", "is_ad_any", "text")
# Channels of one owner share footers, house style and ad deals: they are one group in
# cross-validation and count once when the vocabulary asks for n-grams seen in several groups.
FAMILIES = {
    "Топор+": "topor", "ТОПОР - Горячие новости": "topor", "Топор Live": "topor", "КиберТопор": "topor",
    "Москва с огоньком": "moscowtop", "Москва с огоньком Live": "moscowtop",
    "Библиотека программиста | программирование, кодинг, разработка": "proglib",
    "Библиотека питониста | Python, Django, Flask": "proglib",
    "Библиотека Go разработчика | Golang": "proglib",
}
NEAR_DUPLICATE = 0.5


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _shingles(text: str) -> set[str]:
    text = re.sub(r"\s+", " ", text.lower())
    return {text[i:i + 5] for i in range(max(len(text) - 4, 1))}


def read_source(path: Path) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def deduplicate(rows: list[dict]) -> list[dict]:
    """One row per normalised text: the earliest, an ad when any copy is."""
    rows = sorted(rows, key=lambda r: (r["date"], r["channel"], int(r["message_id"])))
    kept: dict[str, dict] = {}
    for row in rows:
        key = _key(row["text"])
        first = kept.get(key)
        if first is None:
            kept[key] = dict(row)
            continue
        for flag in ("is_ad_llm", "legal_ad_marker", "is_ad_any"):
            first[flag] = str(max(int(first[flag]), int(row[flag])))
    return list(kept.values())


def family(channel: str) -> str:
    return FAMILIES.get(channel, channel)


def fold_groups(rows: list[dict]) -> list[str]:
    """The group each row is held out with in cross-validation: its channel's family, or the
    family of the earliest near-duplicate ad it copies."""
    shingles = [_shingles(r["text"]) for r in rows]
    groups = [family(r["channel"]) for r in rows]
    ads = [i for i, r in enumerate(rows) if r["is_ad_any"] == "1"]
    index: dict[str, set[int]] = {}
    for i in ads:
        for gram in shingles[i]:
            index.setdefault(gram, set()).add(i)
    for i in range(len(rows)):  # rows are in date order: the earlier copy is met first
        candidates: dict[int, int] = {}
        for gram in shingles[i]:
            for j in index.get(gram, ()):
                if j < i:
                    candidates[j] = candidates.get(j, 0) + 1
        for j, common in sorted(candidates.items()):
            if common / len(shingles[i] | shingles[j]) >= NEAR_DUPLICATE:
                groups[i] = groups[j]
                break
    return groups


def convert(rows: list[dict]) -> list[dict]:
    rows = deduplicate(rows)
    groups = fold_groups(rows)
    return [
        {
            "id": f"tg{row['sender_id'].lstrip('-')}-{row['message_id']}",
            "channel": row["channel"],
            "family": family(row["channel"]),
            "fold_group": group,
            "date": row["date"],
            "topic": row["category"],
            "is_ad_llm": int(row["is_ad_llm"]),
            "legal_ad_marker": int(row["legal_ad_marker"]),
            "is_ad_any": int(row["is_ad_any"]),
            "text": row["text"],
        }
        for row, group in zip(rows, groups)
    ]


def write(records: list[dict], path: Path) -> None:
    data = "".join(json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) + "\n" for r in records)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data.encode("utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    source = args.shared / "tg-news-ads"
    rows = read_source(source / "tg_news_posts_dev.csv")
    records = convert(rows)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    write(records, OUT_DIR / "posts.jsonl.gz")
    shutil.copyfile(source / "LICENCE.md", OUT_DIR / "LICENCE.md")
    moved = sum(r["fold_group"] != r["family"] for r in records)
    print(f"{len(rows)} rows -> {len(records)} posts ({sum(r['is_ad_any'] for r in records)} ads), "
          f"{moved} grouped with an earlier copy's family")
    return 0


if __name__ == "__main__":
    sys.exit(main())

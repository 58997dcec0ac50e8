"""The labelled corpus: schema, balance, splits, duplicates, and a datasheet that tells the truth."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import runpy
from collections import defaultdict
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from classifier.signals.base import CATEGORIES, JUNK, VALUE

ROOT = Path(__file__).resolve().parent.parent
POSTS = [json.loads(line) for line in (ROOT / "corpora" / "posts.jsonl").read_text(encoding="utf-8").splitlines()]
FIELDS = {"id", "text", "label", "tags", "brand", "brand_id", "industry", "platform", "hard_case", "split"}
PLATFORMS = {"vk", "telegram", "ok", "dzen", "instagram"}
HARD_CASES = {"prize_game", "like_gate", "free_event", "showcase", "soft_nudge", "labelled_ad",
              "brand_mention", "advice_pitch", "giveaway_bait", "holiday_greeting", "customer_review",
              "vacancy", "service_notice", "charity", "company_news", "product_announcement", "native_ad"}
JUNK_TAGS = {c for c, cat in CATEGORIES.items() if cat.polarity == JUNK}
VALUE_TAGS = {c for c, cat in CATEGORIES.items() if cat.polarity == VALUE}


def test_schema():
    ids = [p["id"] for p in POSTS]
    assert len(ids) == len(set(ids))
    brands = {r["brand_id"]: r for r in csv.DictReader((ROOT / "corpora" / "brands.csv").open(encoding="utf-8"))}
    for p in POSTS:
        assert set(p) == FIELDS, p["id"]
        assert p["label"] in ("junk", "value")
        assert p["platform"] in PLATFORMS
        assert p["split"] in ("train", "test")
        assert p["hard_case"] is None or p["hard_case"] in HARD_CASES
        assert p["tags"] and set(p["tags"]) <= JUNK_TAGS | VALUE_TAGS, p["id"]
        assert set(p["tags"]) & (JUNK_TAGS if p["label"] == "junk" else VALUE_TAGS), p["id"]
        brand = brands[p["brand_id"]]
        assert (p["brand"], p["industry"], p["split"]) == (brand["brand"], brand["industry"], brand["split"])
        assert p["id"].startswith(p["brand_id"] + "-")


def test_no_empty_texts():
    assert all(p["text"].strip() for p in POSTS)


def test_size_and_variety():
    assert len(POSTS) >= 1200
    assert len({p["brand"] for p in POSTS}) >= 60
    assert len({p["industry"] for p in POSTS}) >= 20
    assert sum(1 for p in POSTS if p["hard_case"]) >= 0.25 * len(POSTS)
    words = [len(p["text"].split()) for p in POSTS]
    assert min(words) <= 10 and max(words) >= 250


def test_label_balance():
    junk = sum(p["label"] == "junk" for p in POSTS) / len(POSTS)
    assert 0.40 <= junk <= 0.60


def test_each_brand_in_one_split_with_both_labels():
    splits, labels = defaultdict(set), defaultdict(set)
    for p in POSTS:
        splits[p["brand"]].add(p["split"])
        labels[p["brand"]].add(p["label"])
    assert all(len(s) == 1 for s in splits.values())
    assert all(lab == {"junk", "value"} for lab in labels.values())


def test_test_split_is_at_least_a_fifth():
    assert sum(p["split"] == "test" for p in POSTS) >= 0.20 * len(POSTS)


def test_every_industry_has_both_labels():
    labels = defaultdict(set)
    for p in POSTS:
        labels[p["industry"]].add(p["label"])
    assert all(lab == {"junk", "value"} for lab in labels.values())


def _shingles(text: str) -> set[int]:
    text = " ".join(text.lower().split())
    return {int.from_bytes(hashlib.blake2b(text[i:i + 5].encode(), digest_size=8).digest(), "little")
            for i in range(max(1, len(text) - 4))}


def test_no_near_duplicates():
    sets = [_shingles(p["text"]) for p in POSTS]
    vocab: dict[int, int] = {}
    rows, cols = [], []
    for i, s in enumerate(sets):
        for h in s:
            rows.append(i)
            cols.append(vocab.setdefault(h, len(vocab)))
    x = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), len(vocab)))
    inter = (x @ x.T).toarray()
    sizes = np.array([len(s) for s in sets], dtype=float)
    jaccard = inter / (sizes[:, None] + sizes[None, :] - inter)
    np.fill_diagonal(jaccard, 0)
    i, j = np.unravel_index(np.argmax(jaccard), jaccard.shape)
    assert jaccard.max() < 0.6, (POSTS[i]["id"], POSTS[j]["id"], float(jaccard.max()))


def test_datasheet_numbers_are_true():
    stats = runpy.run_path(str(ROOT / "scripts" / "corpus_stats.py"))
    readme = (ROOT / "corpora" / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- stats:begin -->")[1].split("<!-- stats:end -->")[0].strip()
    assert block == stats["tables"](stats["load"]()).strip(), "run: python scripts/corpus_stats.py --write"


def test_second_look_covers_listed_posts():
    lines = (ROOT / "corpora" / "second_look.jsonl").read_text(encoding="utf-8").splitlines()
    review = [json.loads(line) for line in lines]
    by_id = {p["id"]: p for p in POSTS}
    assert len(review) == 60  # 59 of the first round, 1 of the second (plain posts are not junk)
    latest = {}
    for r in review:  # in order: a later round's decision replaces an earlier one
        assert r["id"] in by_id and r["decision"] in ("keep", "relabel")
        latest[r["id"]] = r
    for r in latest.values():
        assert by_id[r["id"]]["label"] == r["new_label"]


def test_guide_has_the_decision_rules_and_enough_examples():
    guide = (ROOT / "corpora" / "GUIDE.md").read_text(encoding="utf-8")
    for hard_case in HARD_CASES:
        assert f"`{hard_case}`" in guide
    for tag in JUNK_TAGS | VALUE_TAGS:
        assert f"`{tag}`" in guide
    examples = [line for line in guide.splitlines() if re.match(r"\d+\. «", line) and "→" in line]
    assert len(examples) >= 25

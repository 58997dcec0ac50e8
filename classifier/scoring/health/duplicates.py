"""Near-duplicate posts in a plan, found without comparing every pair.

A post becomes a set of shingles: its words and word pairs, after folding case, «ё» and
every number to one token (a post reposted with a new date or price stays the same
post) and leaving links out (a channel's footer links are not its content). Posts with
the same set are grouped at once. For the rest, locality-sensitive hashing proposes
candidate pairs: each post gets a MinHash signature by one-permutation hashing (every
shingle hashed once into one of 60 bins, the minimum kept per bin, empty bins filled
from the next bin — "rotation densification"), the signature is cut into 20 bands of 3
bins, and posts that share all values of a band become candidates. A candidate pair is
confirmed by the exact Jaccard similarity of the two shingle sets, so a reported pair
is always similar enough; pairs whose signatures disagree too much, or that are already
joined through other posts, are not compared. Groups are the connected posts
(union-find over confirmed pairs).

A pair at similarity 0.6 becomes a candidate with probability about 0.99, a pair at 0.3
about 0.42 (then rejected), a pair at 0.1 about 0.02. Everything is vectorised per chunk
of posts with numpy; the work grows with the number of posts, not of pairs.

>>> finder = DuplicateFinder(0.6)
>>> finder.add_many([1, 2, 3], ["Скидка 50% на всё! Звоните сегодня", "Скидка 30% на всё! Звоните сегодня!!!",
...                             "Как выбрать арбуз: постучите по корке"])
>>> [(group.numbers, group.exact) for group in finder.groups()]
[((1, 2), False)]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BINS, BAND_ROWS = 60, 3
BANDS = BINS // BAND_ROWS
WINDOW = 4  # bucket members each member is paired with, before it
PAIR_BLOCK = 50_000  # candidate pairs whose signatures are compared at once
ESTIMATE_MARGIN = 0.2  # a pair is checked exactly when its signatures agree on similarity - margin of bins
MAX_WORDS = 5_000  # a longer post is compared by its start
HASH_BITS = 40  # bits of a shingle's hash that are kept (collisions: ~1 in 10^12 pairs)
MAX_WORD_CHARS = 48  # characters of a word that its hash reads
_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_NUMBER = "0"
_POWERS = np.cumprod(np.full(MAX_WORD_CHARS, 1_000_003, dtype=np.uint64)) // np.uint64(1_000_003)
_U32 = np.uint64(0xFFFFFFFF)
_EMPTY = np.uint64(1 << 63)


@dataclass(frozen=True, slots=True)
class DuplicateGroup:
    """Posts of one group, by their 1-based data row numbers; ``exact`` when every text is the same."""

    numbers: tuple[int, ...]
    exact: bool


def words(text: str) -> list[str]:
    """The words a post is compared by.

    >>> words("Скидка 50%!!! Ёлки по 1 990 ₽ 👉 https://shop.ru/elki")
    ['скидка', '0', 'елки', 'по', '0', '0']
    """
    lowered = text.lower().replace("ё", "е")
    if "http" in lowered or "www." in lowered:
        lowered = _LINK.sub(" ", lowered)
    return [_NUMBER if w[0].isdigit() else w for w in _WORD.findall(lowered)[:MAX_WORDS]]


def _mix(x: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: spreads every input bit over the whole 64-bit word."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


@dataclass(frozen=True)
class ShingleSets:
    """The shingle sets of a chunk of posts: ``values`` sorted per post, post ``i`` at
    ``values[bounds[i]:bounds[i + 1]]`` (``owners`` holds the post of each value)."""

    values: np.ndarray  # uint64, HASH_BITS wide
    owners: np.ndarray  # int64
    bounds: np.ndarray  # int64, len(posts) + 1

    def of(self, i: int) -> np.ndarray:
        return self.values[self.bounds[i]:self.bounds[i + 1]]


def word_hashes(found: list[str]) -> np.ndarray:
    """A 64-bit hash of each word (a polynomial over its characters, mixed), computed at once.

    Stable across runs and processes, unlike ``hash()``.

    >>> a, b, c = word_hashes(["скидка", "скидки", "скидка"]).tolist()
    >>> a == c, a == b
    (True, False)
    """
    if not found:
        return np.empty(0, dtype=np.uint64)
    codes = np.frombuffer("".join(found).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    starts = np.cumsum(lengths) - lengths
    position = np.minimum(np.arange(len(codes)) - np.repeat(starts, lengths), MAX_WORD_CHARS - 1)
    with np.errstate(over="ignore"):
        return _mix(np.add.reduceat((codes + np.uint64(1)) * _POWERS[position], starts))


def shingle_sets(texts: Sequence[str]) -> ShingleSets:
    """Words and word pairs of each text as sorted, unique HASH_BITS-bit values."""
    found = [words(t) for t in texts]
    lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    flat = word_hashes(list(itertools.chain.from_iterable(found)))
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    joined = owner[1:] == owner[:-1]
    with np.errstate(over="ignore"):
        pairs = _mix(flat[:-1] * np.uint64(31) + flat[1:])[joined]
    # One sort orders by post, then by hash: the post goes in the top bits, above a 40-bit hash.
    keyed = np.concatenate([flat, pairs]) >> np.uint64(64 - HASH_BITS)
    keyed |= np.concatenate([owner, owner[:-1][joined]]).astype(np.uint64) << np.uint64(HASH_BITS)
    keyed = np.unique(keyed)
    owners = (keyed >> np.uint64(HASH_BITS)).astype(np.int64)
    values = keyed & np.uint64((1 << HASH_BITS) - 1)
    bounds = np.searchsorted(owners, np.arange(len(texts) + 1))
    return ShingleSets(values, owners, bounds)


def signatures(sets: ShingleSets, n: int) -> np.ndarray:
    """One-permutation MinHash signatures, shape (n, BINS), uint32; rows of empty sets are meaningless."""
    hashed = _mix(sets.values)
    bins = ((hashed >> np.uint64(32)) * np.uint64(BINS)) >> np.uint64(32)
    flat = np.full(n * BINS, _EMPTY, dtype=np.uint64)
    np.minimum.at(flat, sets.owners * BINS + bins.astype(np.int64), hashed & _U32)
    return _densified(flat.reshape(n, BINS))


def _densified(sig: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next non-empty one (circularly), marked by the distance."""
    n, k = sig.shape
    doubled = np.concatenate([sig, sig], axis=1)
    position = np.where(doubled != _EMPTY, np.arange(2 * k), 2 * k - 1)
    nearest = np.minimum.accumulate(position[:, ::-1], axis=1)[:, ::-1][:, :k]
    values = np.take_along_axis(doubled, nearest, axis=1)
    distance = (nearest - np.arange(k)).astype(np.uint64)
    with np.errstate(over="ignore"):
        return ((values + distance * np.uint64(0x9E3779B9)) & _U32).astype(np.uint32)


class DuplicateFinder:
    """Collects posts (by row number) and groups the near duplicates among them.

    Memory per distinct post: its shingle hashes (8 bytes each) and a 240-byte signature.
    """

    def __init__(self, similarity: float) -> None:
        self.similarity = similarity
        self._rep_of_set: dict[int, int] = {}  # hash of a shingle set -> its representative
        self._sets: list[np.ndarray] = []  # representative -> shingle set
        self._signatures: list[np.ndarray] = []  # one block per add_many call
        self._members: list[list[int]] = []  # representative -> row numbers
        self._text_of: dict[int, int] = {}  # row number -> hash of its whitespace-folded text

    def add_many(self, numbers: Sequence[int], texts: Sequence[str]) -> None:
        """Add posts; a post without words is left out."""
        sets = shingle_sets(texts)
        new: list[int] = []
        for i, (number, text) in enumerate(zip(numbers, texts)):
            found = sets.of(i)
            if not found.size:
                continue
            key = hash(found.tobytes())
            rep = self._rep_of_set.get(key)
            if rep is None:
                rep = self._rep_of_set[key] = len(self._sets)
                self._sets.append(found.copy())
                self._members.append([])
                new.append(i)
            self._members[rep].append(number)
            self._text_of[number] = hash(" ".join(text.split()))
        if new:
            self._signatures.append(signatures(sets, len(texts))[new])

    def groups(self) -> list[DuplicateGroup]:
        """Groups of two or more near-duplicate posts, in the order of their first row."""
        parent = list(range(len(self._sets)))
        if self._signatures:
            self._join_similar(parent, np.concatenate(self._signatures))
        members: dict[int, list[int]] = {}
        for rep in range(len(self._sets)):
            members.setdefault(_root(parent, rep), []).extend(self._members[rep])
        found = []
        for numbers in members.values():
            if len(numbers) > 1:
                numbers.sort()
                exact = len({self._text_of[n] for n in numbers}) == 1
                found.append(DuplicateGroup(tuple(numbers), exact))
        return sorted(found, key=lambda g: g.numbers[0])

    def _join_similar(self, parent: list[int], sig: np.ndarray) -> None:
        first, second = candidate_pairs(sig)
        plausible = np.concatenate([
            (sig[first[i:i + PAIR_BLOCK]] == sig[second[i:i + PAIR_BLOCK]]).mean(axis=1)
            >= self.similarity - ESTIMATE_MARGIN
            for i in range(0, len(first), PAIR_BLOCK)
        ] or [np.empty(0, dtype=bool)])
        for a, b in zip(first[plausible].tolist(), second[plausible].tolist()):
            ra, rb = _root(parent, a), _root(parent, b)
            if ra != rb and jaccard(self._sets[a], self._sets[b]) >= self.similarity:
                parent[max(ra, rb)] = min(ra, rb)


def candidate_pairs(sig: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``sig`` that share all values of some band, as two index arrays (each pair once).

    Within a bucket each member is paired with the bucket's first member and with the
    WINDOW members before it: every pair of a small bucket, and enough to connect a large
    bucket of near duplicates without listing all its pairs.
    """
    n = len(sig)
    codes = []
    wide = sig.astype(np.uint64)
    for band in range(BANDS if n > 1 else 0):
        cols = wide[:, band * BAND_ROWS:(band + 1) * BAND_ROWS]
        key = _mix((cols[:, 0] << np.uint64(32)) | cols[:, 1]) ^ cols[:, 2]
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        same = ordered[1:] == ordered[:-1]
        if not same.any():
            continue
        first = np.maximum.accumulate(np.where(np.concatenate([[True], ~same]), np.arange(n), 0))
        at = np.flatnonzero(same) + 1  # positions with a bucket member before them
        others = [order[first[at]]]
        for back in range(1, WINDOW + 1):
            near = at[first[at] <= at - back]
            others.append((order[near - back], order[near]))
        for other in others:
            mine, other = (order[at], other) if not isinstance(other, tuple) else (other[1], other[0])
            lo, hi = np.minimum(mine, other), np.maximum(mine, other)
            keep = lo != hi
            codes.append(lo[keep].astype(np.int64) * n + hi[keep])
    unique = np.unique(np.concatenate(codes)) if codes else np.empty(0, dtype=np.int64)
    return unique // max(n, 1), unique % max(n, 1)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted, unique hash arrays.

    >>> jaccard(np.array([1, 2, 3]), np.array([2, 3, 4]))
    0.5
    """
    common = np.intersect1d(a, b, assume_unique=True).size
    return common / (a.size + b.size - common)


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i

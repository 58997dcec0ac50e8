"""Read a training corpus of several sources from its manifest (``corpora/sources.toml``).

Each source is a JSON-lines file (``.jsonl`` or ``.jsonl.gz``) with its own label column and
its own grouping for cross-validation (the brand of a written post, the channel of a real
one). The result is one :class:`~classifier.io.labelled.LabelledPosts` whose extra columns
``source``, ``group`` and ``split`` say where each post came from, and a
:class:`SourceInfo` per source with how training should treat it.

Real posts that carried legal ad markers are stripped of them with the code of the
ad-marking check, so that a model never learns the answer from «Реклама» or an erid.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import InputError
from classifier.io.labelled import LabelledPosts, parse_label
from classifier.signals.marking import strip_ad_labels

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

MANIFEST = "sources.toml"


@dataclass(frozen=True)
class SourceInfo:
    """One training source as its manifest entry describes it."""

    name: str
    path: Path
    label: str = "label"
    group: str | None = None
    split: str | None = None
    balance_length: bool = False
    strip_ad_markers: bool = False
    written: bool = False  # written for the corpus rather than collected from real feeds


@dataclass
class Corpus:
    posts: LabelledPosts  # extra columns: source, group, split (and each file's own columns)
    sources: dict[str, SourceInfo]
    files: list[Path]


def is_manifest(path: Path) -> bool:
    """A manifest file, or a folder holding one."""
    path = Path(path)
    return path.suffix == ".toml" or (path.is_dir() and (path / MANIFEST).is_file())


def read_manifest(path: Path) -> list[SourceInfo]:
    path = Path(path)
    if path.is_dir():
        path = path / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InputError(f"{path}: не удалось прочитать список источников ({err}).") from None
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise InputError(f"{path}: нет ни одного источника ([[source]] с name и path).")
    sources = []
    for entry in entries:
        try:
            sources.append(SourceInfo(**{**entry, "path": path.parent / entry["path"]}))
        except (KeyError, TypeError) as err:
            raise InputError(f"{path}: неверное описание источника {entry.get('name', '?')} ({err}).") from None
    return sources


def _records(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as err:
                        raise InputError(f"{path}, строка {number}: это не JSON ({err.msg}).") from None
    except OSError as err:
        raise InputError(f"{path}: не удалось прочитать файл ({err.strerror or err}).") from None


def read_source(source: SourceInfo) -> LabelledPosts:
    """The posts of one source, labelled, with the columns ``source``, ``group``, ``split`` and
    ``hard_case`` (the guide's class of a written post, empty elsewhere)."""
    texts, labels = [], []
    extra: dict[str, list[str]] = {"source": [], "group": [], "split": [], "hard_case": []}
    for record in _records(source.path):
        text = str(record.get("text") or "")
        label = parse_label(str(record.get(source.label, "")))
        if not text.strip() or label is None:
            raise InputError(f"{source.path}: запись {record.get('id', '?')} без текста или метки.")
        texts.append(strip_ad_labels(text) if source.strip_ad_markers else text)
        labels.append(label)
        extra["source"].append(source.name)
        extra["group"].append(str(record.get(source.group, "")) if source.group else "")
        extra["split"].append(str(record.get(source.split, "train")) if source.split else "train")
        extra["hard_case"].append(str(record.get("hard_case") or ""))
    if not texts:
        raise InputError(f"{source.path}: нет ни одного поста.")
    return LabelledPosts(texts, labels, extra, [str(source.path)] * len(texts))


def read_corpus(manifest: Path) -> Corpus:
    """Every source of a manifest, in order."""
    sources = read_manifest(manifest)
    posts = LabelledPosts.concat([read_source(s) for s in sources])
    return Corpus(posts, {s.name: s for s in sources}, [s.path for s in sources])

"""Read labelled posts (the corpus, or a user's own CSV, XLSX or JSONL) for training and
evaluation.

Label spellings are mapped to ``True`` (advertising junk) or ``False`` (audience value):
1/0, junk/value, реклама/польза, spam/ham and a few more. Unknown spellings stop with a
message that lists them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import InputError
from classifier.io.columns import find_column
from classifier.io.tables import open_table

JUNK_LABELS = frozenset({
    "1", "1.0", "junk", "реклама", "рекламный", "spam", "ad", "ads", "advert", "advertising",
    "мусор", "спам", "true", "да", "yes", "плохой", "bad", "rewrite",
})
VALUE_LABELS = frozenset({
    "0", "0.0", "value", "польза", "полезный", "ham", "not_ad", "no_ad", "false", "нет", "no",
    "хороший", "good", "ok", "useful", "не реклама",
})
TEXT_COLUMNS = ("text", "текст", "пост", "post", "message", "сообщение", "content", "контент",
                "caption", "подпись", "описание", "body")
LABEL_COLUMNS = ("label", "метка", "класс", "class", "is_ad_any", "is_ad", "is_junk", "target", "y")


def parse_label(value: str) -> bool | None:
    """True for junk, False for value, None for an unknown spelling.

    >>> parse_label("Реклама"), parse_label("ham"), parse_label("maybe")
    (True, False, None)
    """
    key = value.strip().lower().replace("ё", "е")
    if key in JUNK_LABELS:
        return True
    if key in VALUE_LABELS:
        return False
    return None


@dataclass
class LabelledPosts:
    """Texts with junk labels and any other columns (brand, industry, split...)."""

    texts: list[str]
    labels: list[bool]
    extra: dict[str, list[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)

    def column(self, name: str) -> list[str] | None:
        return self.extra.get(name)

    def subset(self, keep: Sequence[bool]) -> LabelledPosts:
        pick = [i for i, k in enumerate(keep) if k]
        return LabelledPosts(
            texts=[self.texts[i] for i in pick],
            labels=[self.labels[i] for i in pick],
            extra={k: [v[i] for i in pick] for k, v in self.extra.items()},
            sources=[self.sources[i] for i in pick] if self.sources else [],
        )

    def with_split(self, split: str) -> LabelledPosts:
        """Rows whose ``split`` column equals ``split``; all rows for 'all' or no column."""
        splits = self.column("split")
        if split == "all" or splits is None:
            return self
        chosen = self.subset([s == split for s in splits])
        if not len(chosen):
            raise InputError(f"в данных нет строк с split = «{split}».")
        return chosen

    @staticmethod
    def concat(parts: Sequence[LabelledPosts]) -> LabelledPosts:
        keys = set.intersection(*(set(p.extra) for p in parts)) if parts else set()
        return LabelledPosts(
            texts=[t for p in parts for t in p.texts],
            labels=[x for p in parts for x in p.labels],
            extra={k: [v for p in parts for v in p.extra[k]] for k in keys},
            sources=[s for p in parts for s in p.sources],
        )


def read_labelled(
    path: Path,
    text_column: str | None = None,
    label_column: str | None = None,
    sheet: str | None = None,
) -> LabelledPosts:
    """Read one labelled file; rows with an empty text are skipped and counted."""
    path = Path(path)
    with open_table(path, sheet) as table:
        text_i = find_column(table.columns, text_column, TEXT_COLUMNS, path, "текстом", "--text-column")
        label_i = find_column(table.columns, label_column, LABEL_COLUMNS, path, "меткой", "--label-column")
        texts, labels, unknown = [], [], {}
        extra: dict[str, list[str]] = {c: [] for i, c in enumerate(table.columns) if i not in (text_i, label_i)}
        for number, record in enumerate(table.rows, 2):
            row = record.values
            text = row[text_i]
            if not text.strip():
                continue
            label = parse_label(row[label_i])
            if label is None:
                unknown.setdefault(row[label_i], number)
                continue
            texts.append(text)
            labels.append(label)
            for i, c in enumerate(table.columns):
                if c in extra:
                    extra[c].append(row[i])
    if unknown:
        shown = ", ".join(f"«{v}» (строка {n})" for v, n in list(unknown.items())[:5])
        raise InputError(
            f"{path}: неизвестные метки: {shown}. Допустимо: 1/0, junk/value, "
            "реклама/польза, spam/ham."
        )
    if not texts:
        raise InputError(f"{path}: нет ни одной строки с текстом и меткой.")
    return LabelledPosts(texts, labels, extra, [str(path)] * len(texts))

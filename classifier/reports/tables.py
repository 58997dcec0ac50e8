"""Plain-text tables for the signals list, the signal report and evaluation results."""

from __future__ import annotations

from collections.abc import Sequence

from classifier.language.numerals import count, number, plural_form, short_number
from classifier.signals.base import CATEGORIES, Signal

POLARITY_RU = {"junk": "мусор", "value": "польза", "marking": "маркировка"}


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] = ()) -> str:
    """A fixed-width table; ``right`` lists the columns to align right (numbers)."""
    cells = [[str(h) for h in headers]] + [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])])


def _cell(value: object) -> str:
    """A table cell as people read it: «—» for nothing, a decimal comma in fractions.

    >>> _cell(None), _cell(0.8571), _cell(12), _cell("польза")
    ('—', '0,857', '12', 'польза')
    """
    if value is None:
        return "—"
    if isinstance(value, float):
        return short_number(value, 3)
    return str(value)


def signals_table(signals: Sequence[Signal]) -> str:
    rows = [(s.id, POLARITY_RU[s.polarity], CATEGORIES[s.category].title, s.title) for s in signals]
    return table(["сигнал", "полярность", "категория", "название"], rows)


KIND_RU = {"signal": "сигнал-правило", "model": "причина от модели", "custom": "фраза из настроек",
           "marking": "проверка маркировки"}
SIDE_RU = {"junk": "Когда добавляет баллы (мешает)", "value": "Когда снимает баллы (работает)",
           "marking": "Маркировка"}


def explain_text(info) -> str:  # noqa: ANN001 - scoring.glossary.ReasonInfo
    """``postcheck explain``: what a reason id means, why it matters and what to do."""
    lines = [f"{info.id} — {info.title}", f"Что это: {KIND_RU.get(info.kind, info.kind)}; категория «{info.category}»."]
    if info.mistake:
        lines.append(f"Связь с ошибками SMM: {info.mistake}")
    one_side = len(info.sides) == 1
    for side in info.sides:
        if not one_side:
            lines.append(f"{SIDE_RU[side.polarity]}:")
        indent = "" if one_side else "  "
        label = {"junk": "Как переписать", "value": "Совет"}.get(side.polarity, "Что делать")
        lines += [f"{indent}Почему это важно: {side.why}", f"{indent}{label}: {side.tip}"]
    for section in info.sections:
        lines += ["", f"{section.title}:", *(f"  {line}" if line else "" for line in section.lines)]
    if info.example:
        lines.append(f"Пример: {info.example}")
    if info.note:
        lines += [""] if info.sections else []
        lines.append(info.note)
    return "\n".join(lines)


def _pct(x: float) -> str:
    """A share as a percentage: «12,5 %»."""
    return f"{number(100 * x, 1)}\u00a0%"


def coverage_table(rows: Sequence, n_junk: int, n_value: int) -> str:  # rows: SignalCoverage
    base = n_junk / (n_junk + n_value) if n_junk + n_value else 0.0
    body = []
    for r in rows:
        precision = r.precision
        if precision is None:
            lift = None
        elif r.signal.polarity == "value":
            lift = precision / (1 - base) if base < 1 else None
        else:
            lift = precision / base if base else None
        body.append((
            r.signal.id, POLARITY_RU[r.signal.polarity], r.fired_junk + r.fired_value,
            _pct(r.coverage), _pct(r.coverage_junk), _pct(r.coverage_value),
            None if precision is None else number(precision, 2),
            None if lift is None else f"{number(lift, 1)}×",
        ))
    head = (f"{count(n_junk + n_value, 'пост', 'поста', 'постов')}: мусор {number(n_junk)}, "
            f"польза {number(n_value)}; доля мусора {_pct(base)}.\n"
            "охват — доля постов, где сигнал сработал; точность — доля постов его полярности среди них; "
            "подъём — точность, делённая на долю этой полярности во всех постах.\n")
    return head + table(
        ["сигнал", "полярность", "сработал", "охват", "охват:мусор", "охват:польза", "точность", "подъём"],
        body, right=(2, 3, 4, 5, 6, 7),
    )


def evaluation_text(ev, model: str = "") -> str:  # ev: Evaluation
    head = f"Оценка на «{ev.name}»: {count(ev.n, 'пост', 'поста', 'постов')}, из них реклама {number(ev.n_junk)}"
    lines = [head + (f" (модель {model})" if model else "")]
    lines.append(table(
        ["класс", "точность", "полнота", "F1", "постов"],
        [("мусор (junk)", ev.junk.precision, ev.junk.recall, ev.junk.f1, ev.junk.support),
         ("польза (value)", ev.value.precision, ev.value.recall, ev.value.f1, ev.value.support)],
        right=(1, 2, 3, 4),
    ))
    lines.append(f"ROC-AUC {_cell(ev.roc_auc)}   PR-AUC {_cell(ev.pr_auc)}   Brier {_cell(ev.brier)}   "
                 f"порог rewrite {short_number(ev.threshold)}")
    (tn, fp), (fn, tp) = ev.confusion
    lines.append("Матрица ошибок (строки — истина, столбцы — прогноз):")
    lines.append(table(["", "польза", "мусор"], [("польза", tn, fp), ("мусор", fn, tp)], right=(1, 2)))
    if ev.groups:
        lines.append("По отраслям:")
        lines.append(table(
            ["отрасль", "постов", "мусор", "точность", "F1 мусора", "ROC-AUC"],
            [(g, v["n"], v["n_junk"], v["accuracy"], v["junk_f1"], v["roc_auc"]) for g, v in ev.groups.items()],
            right=(1, 2, 3, 4, 5),
        ))
    return "\n".join(lines)


def training_text(n_posts: int, model_path: object, card_path: object, model) -> str:  # noqa: ANN001 - JunkModel
    """What `postcheck train` says when the model is saved."""
    posts = f"{number(n_posts)} {plural_form(n_posts, 'посте', 'постах', 'постах')}"
    meta = model.meta
    return (f"Модель обучена на {posts}: {model_path}\n"
            f"Карточка модели: {card_path}\n"
            f"Пороги: ok < {short_number(model.thresholds.ok)}, rewrite ≥ {short_number(model.thresholds.rewrite)}; "
            f"C = {short_number(float(meta['C']), 4)}, вес сигналов = {short_number(float(meta['dense_weight']), 4)}")

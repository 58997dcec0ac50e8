"""Find and read the team's settings: ``[tool.postcheck]`` in a ``pyproject.toml`` or a
``postcheck.toml``, searched upward from the current folder (the nearest wins).

Example ``postcheck.toml``::

    ok_threshold = 30          # below: ok
    rewrite_threshold = 60     # from here: rewrite
    fail_on = "rewrite"        # rewrite | borderline | never
    disabled_signals = ["price"]
    brand_names = ["Сытый Кот"]   # never counted as CAPS or self-praise

    ad_marking = "warn"        # warn | require (a missing part flags the post) | off

    [phrases]                  # extra phrases: score points on a neutral post
    "лучший выбор" = 15
    "наши эксперты" = 10

    [advertiser]               # who the team advertises as: the check says when it is missing
    name = "ООО «Сытый Кот»"
    inn = "7707083893"

    [plan]                     # content-plan health norms, see classifier.io.plan_config
    max_selling_share = 20
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import ConfigError
from classifier.io.plan_config import plan_settings
from classifier.scoring.health.norms import PlanNorms
from classifier.scoring.settings import MARKING_MODES, MarkingPolicy, Settings
from classifier.signals.marking import inn_valid

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

KEYS = {"ok_threshold", "rewrite_threshold", "fail_on", "disabled_signals", "brand_names", "phrases", "model",
        "ad_marking", "advertiser", "plan"}
ADVERTISER_KEYS = {"name", "inn"}
FAIL_ON = ("rewrite", "borderline", "never")


@dataclass(frozen=True)
class Config:
    settings: Settings
    fail_on: str | None = None
    model: str | None = None
    plan: PlanNorms = PlanNorms()  # content-plan health norms ([plan])
    fail_on_plan: tuple[str, ...] | None = None  # plan checks that fail a run ([plan] fail_on)
    source: Path | None = None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest postcheck.toml, or pyproject.toml with [tool.postcheck], upward from ``start``."""
    folder = (start or Path.cwd()).resolve()
    for candidate_dir in [folder, *folder.parents]:
        own = candidate_dir / "postcheck.toml"
        if own.is_file():
            return own
        project = candidate_dir / "pyproject.toml"
        if project.is_file() and "[tool.postcheck" in project.read_text(encoding="utf-8", errors="replace"):
            return project
    return None


def load_config(path: Path | None = None) -> Config:
    """Read the settings file (found upward when ``path`` is None); defaults if there is none."""
    path = path or find_config()
    if path is None:
        return Config(Settings())
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: файл настроек не в UTF-8 — пересохраните его в UTF-8.") from None
    except OSError as err:
        raise ConfigError(f"{path}: не удалось прочитать настройки ({err.strerror or err}).") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise syntax_error(path, text, err) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("postcheck", {})
    return Config(*_parse(data, path, text), source=path)


# What tomllib (and tomli) say, in Russian; the text after the message names the place.
TOML_PROBLEMS = (
    ("Invalid value", "значение не распознано"),
    ("Expected '=' after a key", "после имени настройки нужен знак «=»"),
    ("Expected ']' at the end of a table", "заголовок таблицы не закрыт: нужна «]»"),
    ("Expected ']]' at the end of an array", "заголовок не закрыт: нужны «]]»"),
    ("Unclosed array", "список не закрыт: нужна «]»"),
    ("Unclosed inline table", "таблица в фигурных скобках не закрыта: нужна «}»"),
    ("Unterminated string", "строка не закрыта: нет второй кавычки"),
    ("Cannot declare", "эта настройка или таблица уже задана выше"),
    ("Cannot overwrite a value", "эта настройка уже задана выше"),
    ("Cannot redefine namespace", "эта таблица уже задана выше"),
    ("Cannot mutate immutable namespace", "эту таблицу нельзя дополнить здесь"),
    ("Duplicate inline table key", "ключ повторяется в таблице"),
    ("Invalid initial character for a key part", "имя настройки начинается с недопустимого знака"),
    ("Invalid statement", "строка не похожа на «настройка = значение»"),
    ("Illegal character '\\n'", "строка не закрыта: нет второй кавычки"),
    ("Illegal character", "недопустимый символ в строке"),
    ("Found invalid character", "лишние символы после значения"),
    ("Unescaped '\\' in a string",
     "обратная косая черта в строке: удвойте её («\\\\») или возьмите строку в одинарные кавычки"),
    ("Invalid hex value", "неверный код символа"),
    ("Escaped character is not a Unicode scalar value", "неверный код символа"),
    ("Invalid date or datetime", "неверная дата"),
    ("Expected", "не хватает знака"),
)
_WHERE = re.compile(r"\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_BARE_VALUE = re.compile(r"^\s*([\w.-]+)\s*=\s*([^\s\"'\[{#][^#]*?)\s*(?:#.*)?$")


def syntax_error(path: Path, text: str, err: ValueError) -> ConfigError:
    """A TOML syntax error in Russian: the file, the line, what is wrong and the line itself.

    >>> err = ValueError("Invalid value (at line 1, column 11)")
    >>> print(syntax_error(Path("postcheck.toml"), 'fail_on = rewrite\\n', err))
    postcheck.toml, строка 1: значение не распознано — текст берётся в кавычки: fail_on = "rewrite".
        1 | fail_on = rewrite
    """
    message = str(getattr(err, "msg", "") or err)
    where = _WHERE.search(str(err))
    lines = text.splitlines()
    line = getattr(err, "lineno", None)
    if line is None and where is not None:
        line = int(where.group(1)) if where.group(1) else _last_line(lines)
    message = _WHERE.sub("", message).strip()
    problem = next((ru for en, ru in TOML_PROBLEMS if message.startswith(en)), None)
    problem = problem or f"ошибка в синтаксисе TOML ({message})"
    shown = lines[line - 1] if line and 0 < line <= len(lines) else ""
    bare = _BARE_VALUE.match(shown)
    if bare and message.startswith("Invalid value"):
        problem += f" — текст берётся в кавычки: {bare.group(1)} = \"{bare.group(2)}\""
    elif message.startswith("Invalid value") and shown.rstrip().endswith("="):
        problem += " — после «=» нет значения"
    elif message.startswith("Invalid value") and shown.count("[") > shown.count("]"):
        problem = "список не закрыт: нужна «]»"
    place = f"{path}, строка {line}" if line else str(path)
    return ConfigError(f"{place}: {problem}." + (f"\n    {line} | {shown}" if shown.strip() else ""))


def _last_line(lines: list[str]) -> int:
    for number in range(len(lines), 0, -1):
        if lines[number - 1].strip():
            return number
    return max(len(lines), 1)


def _parse(data: dict, path: Path, text: str) -> tuple[Settings, str | None, str | None, PlanNorms,
                                                      tuple[str, ...] | None]:
    def at(key: str) -> str:
        return place(path, text, key)

    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise ConfigError(f"{at(unknown[0])}: неизвестные настройки: {', '.join(unknown)}. "
                          f"Допустимы: {', '.join(sorted(KEYS))}.")
    ok = _number(data, "ok_threshold", at)
    rewrite = _number(data, "rewrite_threshold", at)
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{at('fail_on')}: fail_on должен быть одним из {', '.join(FAIL_ON)}, а не «{fail_on}».")
    phrases = data.get("phrases", {})
    if not isinstance(phrases, dict) or not all(isinstance(v, (int, float)) for v in phrases.values()):
        raise ConfigError(f"{at('phrases')}: [phrases] — это таблица «фраза = вес», вес — число от -49 до 49.")
    settings = Settings(
        ok_threshold=ok,
        rewrite_threshold=rewrite,
        disabled_signals=frozenset(_strings(data, "disabled_signals", at)),
        brand_names=brand_words(_strings(data, "brand_names", at)),
        extra_phrases={str(k): float(v) for k, v in phrases.items()},
        marking=_marking(data, at),
    )
    model = data.get("model")
    if model is not None:
        model = str((path.parent / model).resolve())
    norms, fail_on_plan = plan_settings(data.get("plan", {}), at)
    return settings, fail_on, model, norms, fail_on_plan


def place(path: Path, text: str, key: str) -> str:
    """«файл, строка N» for the line that sets ``key`` (or opens ``[key]``); the file alone if none.

    >>> place(Path("postcheck.toml"), "# настройки\\nfail_on = 1\\n", "fail_on")
    'postcheck.toml, строка 2'
    """
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*=|\[\s*(?:tool\.postcheck\.)?{re.escape(key)}\s*\])")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return f"{path}, строка {number}"
    return str(path)


def _marking(data: dict, at: Callable[[str], str]) -> MarkingPolicy:
    """``ad_marking`` and ``[advertiser]``: how to check ad marking and whose it should be."""
    mode = data.get("ad_marking", MarkingPolicy.mode)
    if mode not in MARKING_MODES:
        raise ConfigError(f"{at('ad_marking')}: ad_marking должен быть одним из {', '.join(MARKING_MODES)}, "
                          f"а не «{mode}».")
    advertiser = data.get("advertiser", {})
    if not isinstance(advertiser, dict) or set(advertiser) - ADVERTISER_KEYS:
        raise ConfigError(f"{at('advertiser')}: [advertiser] — это таблица с ключами name (название с формой, "
                          "например «ООО «Ромашка»») и inn (ИНН в кавычках).")
    name, inn = advertiser.get("name"), advertiser.get("inn")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ConfigError(f"{at('name')}: [advertiser] name — название рекламодателя строкой.")
    if inn is not None:
        inn = str(inn).strip()
        if not inn_valid(inn):
            raise ConfigError(f"{at('inn')}: [advertiser] inn = «{inn}» — не ИНН: нужно 10 или 12 цифр с верной "
                              "контрольной суммой (пишите ИНН в кавычках, чтобы не потерять ведущий ноль).")
    return MarkingPolicy(mode=mode, advertiser_name=name.strip() if name else None, advertiser_inn=inn)


def brand_words(names: list[str]) -> frozenset[str]:
    """Lower-case, ё-folded words of the brand's names.

    >>> sorted(brand_words(["Сытый Кот", "ЁЖ-маркет"]))
    ['еж-маркет', 'кот', 'сытый']
    """
    return frozenset(w.lower().replace("ё", "е").strip("«»\"'") for n in names for w in n.split())


def _number(data: dict, key: str, at: Callable[[str], str]) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ConfigError(f"{at(key)}: {key} должен быть числом от 0 до 100, например {key} = 60.")
    return float(value)


def _strings(data: dict, key: str, at: Callable[[str], str]) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{at(key)}: {key} должен быть списком строк, например {key} = [\"…\"].")
    return value

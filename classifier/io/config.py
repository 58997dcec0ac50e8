"""Find and read the team's settings: ``[tool.postcheck]`` in a ``pyproject.toml`` or a
``postcheck.toml``, searched upward from the current folder (the nearest wins).

Example ``postcheck.toml``::

    ok_threshold = 30          # below: ok
    rewrite_threshold = 60     # from here: rewrite
    fail_on = "rewrite"        # rewrite | borderline | never
    disabled_signals = ["price"]
    brand_names = ["Сытый Кот"]   # never counted as CAPS or self-praise

    [phrases]                  # extra phrases: score points on a neutral post
    "лучший выбор" = 15
    "наши эксперты" = 10
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from classifier.errors import ConfigError
from classifier.scoring.settings import Settings

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

KEYS = {"ok_threshold", "rewrite_threshold", "fail_on", "disabled_signals", "brand_names", "phrases", "model"}
FAIL_ON = ("rewrite", "borderline", "never")


@dataclass(frozen=True)
class Config:
    settings: Settings
    fail_on: str | None = None
    model: str | None = None
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
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: не удалось прочитать настройки ({err}).") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: ошибка в синтаксисе TOML: {err}.") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("postcheck", {})
    return Config(*_parse(data, path), source=path)


def _parse(data: dict, path: Path) -> tuple[Settings, str | None, str | None]:
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{path}: неизвестные настройки: {', '.join(sorted(unknown))}. "
                          f"Допустимы: {', '.join(sorted(KEYS))}.")
    ok = _number(data, "ok_threshold", path)
    rewrite = _number(data, "rewrite_threshold", path)
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{path}: fail_on должен быть одним из {', '.join(FAIL_ON)}, а не «{fail_on}».")
    phrases = data.get("phrases", {})
    if not isinstance(phrases, dict) or not all(isinstance(v, (int, float)) for v in phrases.values()):
        raise ConfigError(f"{path}: [phrases] — это таблица «фраза = вес», вес — число от -49 до 49.")
    settings = Settings(
        ok_threshold=ok,
        rewrite_threshold=rewrite,
        disabled_signals=frozenset(_strings(data, "disabled_signals", path)),
        brand_names=brand_words(_strings(data, "brand_names", path)),
        extra_phrases={str(k): float(v) for k, v in phrases.items()},
    )
    model = data.get("model")
    if model is not None:
        model = str((path.parent / model).resolve())
    return settings, fail_on, model


def brand_words(names: list[str]) -> frozenset[str]:
    """Lower-case, ё-folded words of the brand's names.

    >>> sorted(brand_words(["Сытый Кот", "ЁЖ-маркет"]))
    ['еж-маркет', 'кот', 'сытый']
    """
    return frozenset(w.lower().replace("ё", "е").strip("«»\"'") for n in names for w in n.split())


def _number(data: dict, key: str, path: Path) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, (int, float)) or not 0 <= value <= 100:
        raise ConfigError(f"{path}: {key} должен быть числом от 0 до 100.")
    return float(value)


def _strings(data: dict, key: str, path: Path) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} должен быть списком строк, например [\"…\"].")
    return value

"""Russian for the words click and typer print themselves (usage, help headings, errors).

Both libraries pass their messages through ``gettext``; :func:`install` swaps in a small
Russian catalogue for the strings a postcheck user can meet.
"""

from __future__ import annotations

_RU = {
    "Usage:": "Использование:",
    "Options": "Параметры",
    "Commands": "Команды",
    "Arguments": "Аргументы",
    "Error": "Ошибка",
    "Error: {message}": "Ошибка: {message}",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Show the version and exit.": "Показать версию и выйти.",
    "Try '{command} {option}' for help.": "Справка: '{command} {option}'.",
    "No such option: {name}": "Нет такого параметра: {name}",
    "No such option {name!r}.": "Нет такого параметра {name!r}.",
    "No such command {name!r}.": "Нет такой команды {name!r}.",
    "Missing argument": "Не хватает аргумента",
    "Missing option": "Не хватает параметра",
    "Missing parameter": "Не хватает значения",
    "Missing parameter: {param_name}": "Не хватает значения: {param_name}",
    "Missing command.": "Не указана команда.",
    "Invalid value for {param_hint}: {message}": "Неверное значение {param_hint}: {message}",
    "Invalid value: {message}": "Неверное значение: {message}",
    "Option {name!r} does not take a value.": "Параметр {name!r} не принимает значения.",
    "{value!r} is not a valid {number_type}.": "{value!r} — не число ({number_type}).",
    "{value} is not in the range {range}.": "{value} вне диапазона {range}.",
    "Aborted!": "Прервано.",
    "Aborted.": "Прервано.",
    "default: {default}": "по умолчанию: {default}",
    "[default: {}]": "[по умолчанию: {}]",
    "[required]": "[обязательно]",
    "{name} {filename!r} does not exist.": "{name} {filename!r} не существует.",
    "{value!r} is not {choice}.": "{value!r} — не {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} — не одно из {choices}.",
}
_RU_PLURAL = {
    "Got unexpected extra argument ({args})": "Лишний аргумент ({args})",
    "Got unexpected extra arguments ({args})": "Лишние аргументы ({args})",
    "Option {name!r} requires an argument.": "Параметру {name!r} нужно значение.",
    "Option {name!r} requires {nargs} arguments.": "Параметру {name!r} нужно {nargs} значения.",
    "Did you mean {possibility}?": "Возможно, вы имели в виду {possibility}?",
    "(Possible options: {possibilities})": "(Возможные параметры: {possibilities})",
}


def gettext(message: str) -> str:
    return _RU.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    chosen = singular if n == 1 else plural
    return _RU_PLURAL.get(chosen, chosen)


def install() -> None:
    """Point click's and typer's message lookups at the Russian catalogue."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]

"""Errors a user can fix, each with a Russian message that says what to do.

The CLI prints the message and exits with code 2; a traceback never reaches the user.
"""


class PostcheckError(Exception):
    """Base class: the message is in Russian and meant for the user."""


class InputError(PostcheckError):
    """A file or text the user gave cannot be read as asked."""


class ModelError(PostcheckError):
    """A model file is missing, damaged or of another version."""


class ConfigError(PostcheckError):
    """The configuration file has a mistake."""

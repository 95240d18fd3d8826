"""Errors of the library; messages are one plain sentence for the user."""
from corpus.errors import InputError


class LibraryError(InputError):
    """The library cannot do what was asked (wrong model, damaged files, unknown filter value)."""

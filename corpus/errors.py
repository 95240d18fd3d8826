"""Errors raised for input a user can fix; each message is one plain sentence."""


class InputError(ValueError):
    """Bad input: the message is shown to the user as it is."""


class UnreadableFile(InputError):
    """A file that cannot be read as text or as its declared format."""


class TooLarge(InputError):
    """Input over a size limit; the message names the limit."""

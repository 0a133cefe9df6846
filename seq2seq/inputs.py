"""What a person's input may be: the error that says why it cannot be used (in English, with a key and values a
page can say in another language) and the check that a number is a whole one. Every part of the library that
refuses an input raises ``InputError``; pages and the API turn it into a message, never a traceback."""

from __future__ import annotations

import numpy as np


class InputError(ValueError):
    """Text the model cannot take; the message is meant for the person who typed it.

    ``key`` names the kind of error and ``params`` its values (``key="too_long_chars"``, ``params={"n": 412,
    "limit": 300}``), so a page can say the same thing in another language; the message stays English.
    """

    def __init__(self, message: str, key: str | None = None, params: dict | None = None):
        super().__init__(message)
        self.key = key
        self.params = dict(params or {})

    def __reduce__(self):
        return type(self), (str(self), self.key, self.params)


def whole_number(value) -> int | None:
    """``value`` as an int when it is one (5, 5.0, "5"), else None (2.5, "5; rm -rf /", True, None)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return int(value) if float(value).is_integer() else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None

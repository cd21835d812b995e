"""Values shown in error messages: one safe ``repr`` for the whole library (no imports of ours).

Every message that quotes a caller's value goes through :func:`shown`, so that a message can
never fail to build (Python refuses ``repr`` of an int over 4,300 digits; a caller's object may
have a ``__repr__`` that raises) and never grows with the input (a 10 MB string is cut).

Examples:
    >>> shown("abc"), shown(10**5000), len(shown("x" * 1000))
    ("'abc'", '<int of 16610 bits>', 80)
"""

from __future__ import annotations

__all__ = ["shown"]


def shown(value: object, limit: int = 80) -> str:
    """``repr(value)`` for an error message, cut to ``limit`` characters and never failing.

    A huge int (whose ``repr`` Python refuses past 4,300 digits) is described by its size.

    Examples:
        >>> shown([1, 2, 3], limit=8)
        '[1, 2...'
    """
    if isinstance(value, int) and value.bit_length() > 256:
        return f"<int of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except Exception:  # a caller's object whose __repr__ fails must not hide the real error
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."

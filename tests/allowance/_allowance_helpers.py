"""Helpers shared by the allowance tests: the ``usd`` shorthand and the IFRS 9 bucket labels.

Not named ``_helpers.py``: the test directories have no ``__init__.py``, so pytest (prepend import
mode) and mypy both see this file as a top-level module, and its name must be unique in ``tests/``.
"""

from __future__ import annotations

from receivables import Money

IFRS_LABELS = ("Current", "1-30", "31-60", "61-90", "Over 90")


def usd(amount: str | int) -> Money:
    return Money(amount, "USD")

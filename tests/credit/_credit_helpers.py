"""Helpers shared by the credit-limit and credit-decision tests: the ``usd`` shorthand.

Not named ``_helpers.py``: the test directories have no ``__init__.py``, so pytest (prepend import
mode) and mypy both see this file as a top-level module, and its name must be unique in ``tests/``.
"""

from __future__ import annotations

from receivables import Money


def usd(amount: str | int) -> Money:
    return Money(amount, "USD")

"""Helpers shared by the dunning tests of the worklist and of agency referrals.

Not named ``_helpers.py``: the test directories have no ``__init__.py``, so pytest (prepend import
mode) and mypy both see this file as a top-level module, and its name must be unique in ``tests/``.
"""

from __future__ import annotations

import datetime as dt

from receivables import Invoice, Money

AS_OF = dt.date(2026, 6, 30)


def inv(id: str, customer: str, due: dt.date, amount: str, currency: str = "USD") -> Invoice:
    return Invoice(id, customer, due - dt.timedelta(days=30), Money(amount, currency), due_date=due)

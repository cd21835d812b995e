"""The hostile global decimal context shared by the tests that prove the library ignores the
caller's ``decimal.getcontext()``: the docstring examples (``test_hostile_context.py``) and every
reference case (the tests marked ``reference``, run under it by the autouse fixture in
``conftest.py``).

Three significant digits, rounding towards zero-or-five, a six-digit exponent range, and traps on
inexact and rounded results: any operation that used this context instead of the library's
:data:`receivables._decimal.CONTEXT` would either raise or give a different figure.

Not named ``_helpers.py``: the test directories have no ``__init__.py``, so pytest (prepend import
mode) and mypy both see this file as a top-level module, and its name must be unique in ``tests/``.

Examples:
    >>> import decimal
    >>> with decimal.localcontext(HOSTILE):
    ...     decimal.Decimal(1) / 3
    Traceback (most recent call last):
    ...
    decimal.Inexact: [<class 'decimal.Inexact'>, <class 'decimal.Rounded'>]
"""

from __future__ import annotations

import decimal

__all__ = ["HOSTILE"]

HOSTILE = decimal.Context(
    prec=3,
    rounding=decimal.ROUND_05UP,
    Emax=6,
    Emin=-6,
    traps=[
        decimal.InvalidOperation,
        decimal.DivisionByZero,
        decimal.Overflow,
        decimal.Inexact,
        decimal.Rounded,
        decimal.Subnormal,
    ],
)
"""The caller's context at its worst: 3 digits, ROUND_05UP, traps on Inexact and Rounded."""

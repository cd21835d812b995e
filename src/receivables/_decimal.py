"""The library's decimal arithmetic context (an internal contract shared by every module).

Every ``Decimal`` operation on an amount or a rate runs in :data:`CONTEXT`, never in the caller's
``decimal.getcontext()``, so that a caller who sets the global precision or traps cannot change an
amount. 34 significant digits are those of IEEE 754 decimal128: they hold any realistic ledger
exactly. Modules use it as ``CONTEXT.add(a, b)``, ``value.quantize(q, context=CONTEXT)`` and so on.

The trusted money constructor that goes with it is :func:`receivables.money.trusted_money`.

Examples:
    >>> from decimal import Decimal
    >>> CONTEXT.prec
    34
    >>> CONTEXT.divide(Decimal(1), Decimal(3))
    Decimal('0.3333333333333333333333333333333333')
"""

from __future__ import annotations

import decimal
from typing import Final

__all__ = ["CONTEXT"]

CONTEXT: Final = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The one decimal context of the library: 34 digits, half-even, traps on invalid operations."""

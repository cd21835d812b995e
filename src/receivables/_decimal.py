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
import functools
from collections.abc import Callable
from typing import Final, ParamSpec, TypeVar

__all__ = ["CONTEXT", "ZERO", "in_context"]

CONTEXT: Final = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
"""The one decimal context of the library: 34 digits, half-even, traps on invalid operations."""

ZERO: Final = decimal.Decimal(0)
"""The zero the engines start their sums from. Sharing one object lets a bulk reader tell an
untouched sum by identity (``value is ZERO``) without reading it; any other zero is still a
zero, only read the slow way."""


_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_context(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with :data:`CONTEXT` as the current decimal context.

    The engines' entry points wear it, so that plain ``Decimal`` operators (``a + b``, ``sum``,
    ``statistics.median``) inside them compute in the library's context whatever the caller set
    with ``decimal.getcontext()``. The caller's context is restored on return. Value types compute
    with ``CONTEXT``'s methods directly instead, as they sit on the hottest paths.

    Examples:
        >>> import decimal
        >>> from decimal import Decimal
        >>> @in_context
        ... def third(value: Decimal) -> Decimal:
        ...     return value / 3
        >>> with decimal.localcontext(decimal.Context(prec=3)):
        ...     third(Decimal(1))
        Decimal('0.3333333333333333333333333333333333')
    """

    @functools.wraps(function)
    def run(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with decimal.localcontext(CONTEXT):
            return function(*args, **kwargs)

    return run

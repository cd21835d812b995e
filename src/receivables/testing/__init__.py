"""Hypothesis strategies for every public value type of ``receivables``.

These are what our own property tests use, shipped so that users can property-test their policies
and integrations against values that respect every invariant the types validate. Install with the
``hypothesis`` extra (``pip install receivables[hypothesis]``). Once installed, ``st.from_type``
works for the library's types through hypothesis' entry point.

Examples:
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20)
    ... @given(money(currency="USD", min_value=0, max_value=100))
    ... def check(m):
    ...     assert m.currency.code == "USD" and 0 <= m.amount <= 100 and m.is_rounded
    >>> check()
"""

from __future__ import annotations

from receivables.testing._strategies import (
    credit_memos,
    currencies,
    customers,
    exchange_rates,
    invoices,
    money,
    payment_terms,
    payments,
    portfolios,
    register_type_strategies,
    type_strategies,
)

__all__ = [
    "credit_memos",
    "currencies",
    "customers",
    "exchange_rates",
    "invoices",
    "money",
    "payment_terms",
    "payments",
    "portfolios",
    "register_type_strategies",
    "type_strategies",
]

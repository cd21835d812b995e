"""The value types that have a registered strategy (no hypothesis import here)."""

from __future__ import annotations

from typing import Final

from receivables.documents import CreditMemo, Customer, Invoice, Payment, Portfolio
from receivables.fx import ExchangeRate
from receivables.money import Currency, Money
from receivables.terms import PaymentTerms

STRATEGY_TYPES: Final[tuple[type, ...]] = (
    Currency,
    Money,
    ExchangeRate,
    PaymentTerms,
    Customer,
    Invoice,
    CreditMemo,
    Payment,
    Portfolio,
)

"""Builders the cash-application mutation tests share: documents in a line each."""

from __future__ import annotations

import datetime as dt

from receivables import CreditMemo, Invoice, Money, Payment, PaymentTerms, parse_terms

D = dt.date
JUNE_1 = D(2026, 6, 1)
TODAY = D(2026, 6, 30)
NET30 = parse_terms("Net 30")
TWO_TEN = parse_terms("2/10 Net 30")


def usd(amount: str) -> Money:
    """Money in US dollars."""
    return Money(amount, "USD")


def inv(
    id: str,
    amount: str,
    customer: str = "C-1",
    *,
    issued: dt.date = JUNE_1,
    terms: PaymentTerms | None = NET30,
    refs: tuple[str, ...] = (),
    currency: str = "USD",
    open_amount: str | None = None,
) -> Invoice:
    """An invoice on Net 30 from June 1 (``open_amount`` defaults to all of it)."""
    return Invoice(
        id,
        customer,
        issued,
        Money(amount, currency),
        terms=terms,
        references=refs,
        open_amount=None if open_amount is None else Money(open_amount, currency),
    )


def credit(id: str, amount: str, customer: str = "C-1", *, issued: dt.date = JUNE_1) -> CreditMemo:
    """A credit memo in USD."""
    return CreditMemo(id, customer, issued, Money(amount, "USD"))


def pay(
    amount: str,
    *refs: str,
    customer: str | None = "C-1",
    on: dt.date = TODAY,
    id: str = "PAY-1",
    currency: str = "USD",
    name: str | None = None,
) -> Payment:
    """A payment received on June 30 quoting ``refs``."""
    return Payment(
        id, on, Money(amount, currency), customer_id=customer, references=refs, payer_name=name
    )

"""What the cash-application ledger must keep: tests written for the survivors of a mutation run
over ``cashapp/_ledger.py`` (each asserts behaviour through apply_cash)."""

from __future__ import annotations

import datetime as dt

import pytest

from receivables import Invoice, Money, Payment
from receivables.cashapp import MatchStatus, apply_cash
from receivables.documents import OpenItem
from receivables.errors import ReceivablesError

DAY = dt.date(2026, 3, 2)


def _usd(amount: str) -> Money:
    return Money(amount, "USD")


def _codes(payment: Payment, items: list[OpenItem], **kwargs: object) -> list[str]:
    (outcome,) = apply_cash([payment], items, **kwargs).outcomes  # type: ignore[arg-type]
    return [reason.code for reason in outcome.reasons]


def test_unapplied_cash_and_settled_items_before_an_invoice_do_not_hide_it() -> None:
    """Earlier unapplied cash and a settled invoice are skipped, not the end of the ledger."""
    settled = Invoice("INV-1", "C-1", DAY, _usd("40.00"), due_date=DAY, open_amount=_usd("0"))
    earlier_cash = Payment("P-0", DAY, _usd("5.00"), customer_id="C-1")
    target = Invoice("INV-2", "C-1", DAY, _usd("100.00"), due_date=DAY)
    payment = Payment("P-1", DAY, _usd("100.00"), customer_id="C-1", references=["INV-2"])
    ledgers: list[list[OpenItem]] = [[earlier_cash, target], [settled, target]]
    for items in ledgers:
        (outcome,) = apply_cash([payment], items).outcomes
        assert outcome.status is MatchStatus.MATCHED
        assert [a.invoice_id for a in outcome.applications] == ["INV-2"]


def test_a_bad_open_item_is_named_by_its_argument() -> None:
    with pytest.raises(ReceivablesError, match=r"^open_items: row 0 "):
        apply_cash([], ["not an item"])  # type: ignore[list-item]


def test_a_payment_repeating_a_cleared_invoice_is_found_whatever_the_case() -> None:
    """A payment naming an invoice the history shows cleared is a duplicate, however the
    reference's case is written."""
    paid = Invoice("inv-7", "C-1", DAY, _usd("70.00"), due_date=DAY, open_amount=_usd("0"),
                   paid_on=DAY)  # fmt: skip
    other = Invoice("INV-8", "C-1", DAY, _usd("70.00"), due_date=DAY)
    for written in ("INV-7", "inv-7"):
        payment = Payment("P-2", DAY, _usd("70.00"), customer_id="C-1", references=[written])
        assert "cashapp.duplicate_payment" in _codes(payment, [other], history=[paid])


def test_no_discount_without_terms_that_offer_one() -> None:
    """An invoice without terms offers no discount: a payment a cent short is a short payment,
    never a discount taken."""
    invoice = Invoice("INV-9", "C-1", DAY, _usd("100.00"), due_date=DAY)
    payment = Payment("P-3", DAY, _usd("99.99"), customer_id="C-1", references=["INV-9"])
    codes = _codes(payment, [invoice])
    assert "cashapp.discount_taken" not in codes

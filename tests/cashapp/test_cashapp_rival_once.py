"""A rival item is named once in a conflicting-evidence exception, however it was found."""

from __future__ import annotations

import datetime as dt

from receivables import Invoice, Money, Payment
from receivables.cashapp import MatchStatus, apply_cash

DAY = dt.date(2026, 1, 5)


def test_a_rival_found_twice_is_named_once() -> None:
    # "123" is the payer's own invoice and, one keystroke away, part of another customer's
    # number; the amount fits that other invoice exactly. The rival is both a typo fit and a
    # shared number set aside: it must be listed once (it was listed twice).
    items = [
        Invoice("123", "C-1", DAY, Money("100.00", "USD"), due_date=DAY),
        Invoice("INV-00123", "C-2", DAY, Money("250.00", "USD"), due_date=DAY),
    ]
    payment = Payment("P-1", DAY, Money("250.00", "USD"), customer_id="C-1", references=["123"])
    (outcome,) = apply_cash([payment], items).outcomes
    assert outcome.status is MatchStatus.EXCEPTION
    (reason,) = [r for r in outcome.reasons if r.code == "cashapp.conflicting_evidence"]
    assert dict(reason.figures)["candidates"] == "INV-00123"
    assert reason.message.endswith("the amount fits INV-00123 exactly")

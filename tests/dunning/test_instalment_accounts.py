"""The worklist and agency referrals read an invoice on instalment terms per instalment: only
its overdue instalments count as past due (documents.open_items_by_instalment)."""

from __future__ import annotations

import datetime as dt

from receivables import Invoice, Money, PaymentTerms
from receivables.dunning import ReferralPolicy, collection_worklist, recommend_agency_referrals

# 400.00 issued 2026-01-01: 100.00 due in 30 days (2026-01-31), 300.00 in 180 (2026-06-30).
PLAN = PaymentTerms.instalment_plan([("0.25", 30), ("0.75", 180)])
INVOICE = Invoice(
    "INV-1", "C-1", dt.date(2026, 1, 1), Money("400.00", "USD"), terms=PLAN, references=["PO-9"]
)
AS_OF = dt.date(2026, 5, 1)  # the first instalment 90 days past due, the second not yet due


def test_the_worklist_counts_only_the_overdue_instalment() -> None:
    (entry,) = collection_worklist([INVOICE], as_of=AS_OF)
    assert entry.past_due == Money("100.00", "USD")
    assert entry.oldest_days_past_due == 90


def test_the_worklist_skips_an_account_whose_instalments_are_not_yet_due() -> None:
    assert collection_worklist([INVOICE], as_of=dt.date(2026, 1, 20)) == ()


def test_a_referral_counts_only_the_overdue_instalment() -> None:
    policy = ReferralPolicy(min_days_past_due=60, days_without_payment=0)
    (referral,) = recommend_agency_referrals([INVOICE], as_of=AS_OF, policy=policy)
    assert referral.balance == Money("100.00", "USD")
    lines = [
        (line.due_date, line.days_past_due, line.original_amount, line.open_amount)
        for line in referral.packet.items
    ]
    assert lines[0] == (
        dt.date(2026, 1, 31),
        90,
        Money("100.00", "USD"),
        Money("100.00", "USD"),
    )
    assert all(line.document_id == "INV-1" for line in referral.packet.items)
    assert referral.packet.items[0].references == ("PO-9",)


def test_a_referral_waits_for_the_instalment_not_the_invoice_date() -> None:
    # By the invoice's own (first) due date alone, 90 days would be met; by instalments too,
    # but a minimum above the overdue instalment's 100.00 refuses the account.
    policy = ReferralPolicy(
        min_days_past_due=60, days_without_payment=0, minimum_balance=[Money("150", "USD")]
    )
    assert recommend_agency_referrals([INVOICE], as_of=AS_OF, policy=policy) == ()

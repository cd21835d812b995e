"""Instalments as open items: each instalment ages and is dunned by its own due date and amount."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import Dispute, Invoice, Money, PaymentTerms, parse_terms
from receivables.aging import age
from receivables.documents import (
    InstalmentItem,
    OpenItem,
    instalment_items,
    open_items_by_instalment,
)
from receivables.errors import InvalidTypeError
from receivables.testing import money

D = dt.date
HALVES = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)])


@pytest.mark.reference
def test_an_instalment_45_days_overdue_ages_as_31_to_60_not_current() -> None:
    """The case of issue 15 (500 USD, first instalment 45 days overdue, aged as Current when the
    whole invoice aged by its last due date). Receivables systems keep a payment schedule per
    instalment, each with its own due date and amount, and age by it: Oracle Receivables
    "Receivables Payment Schedules" (DueDate, DueDays, RelativeAmount per instalment line,
    https://docs.oracle.com/en/cloud/saas/financials/25d/oeswf/), SAP Business One
    ``Document_Installments`` (DueDate and Percentage per instalment of an A/R invoice), and Odoo,
    whose payment-term lines each become a receivable line with its own maturity date.
    """
    invoice = Invoice("INV-500", "C-1", D(2026, 1, 1), Money("500.00", "USD"), terms=HALVES)
    as_of = D(2026, 1, 31) + dt.timedelta(days=45)  # the first instalment is 45 days overdue
    report = age([invoice], as_of)
    totals = {label: amount for label, amount in report.bucket_totals("USD").items() if amount}
    # The second instalment (due 2026-03-02) is 15 days overdue as of 2026-03-17.
    assert totals == {"31-60": Money("250.00", "USD"), "1-30": Money("250.00", "USD")}
    assert report.total("USD") == Money("500.00", "USD")
    assert report.rows[0].item_count == 1  # the report still shows one invoice


@pytest.mark.reference
def test_odoo_30_now_balance_60_days_ages_by_instalment() -> None:
    """Odoo 17's seeded "30% Now, Balance 60 Days" (30% on the invoice date, the balance 60 days
    later; addons/account/data/account_payment_term_data.xml): 40 days after the invoice date the
    30% is 40 days overdue and the balance current."""
    invoice = Invoice(
        "INV-1",
        "C-1",
        D(2026, 1, 1),
        Money("1000.00", "EUR"),
        terms=parse_terms("30% Now, Balance 60 Days"),
    )
    totals = age([invoice], D(2026, 2, 10)).bucket_totals("EUR")
    assert totals["31-60"] == Money("300.00", "EUR")
    assert totals["Current"] == Money("700.00", "EUR")


def test_payments_apply_to_the_oldest_instalment_first() -> None:
    invoice = Invoice(
        "I-1", "C-1", D(2026, 1, 1), Money("500.00", "USD"), terms=HALVES,
        open_amount=Money("300.00", "USD"),
    )  # fmt: skip
    items = instalment_items(invoice)
    assert [(i.instalment, i.instalments, i.open_balance) for i in items] == [
        (1, 2, Money("50.00", "USD")),
        (2, 2, Money("250.00", "USD")),
    ]
    paid_first = Invoice(
        "I-2", "C-1", D(2026, 1, 1), Money("500.00", "USD"), terms=HALVES,
        open_amount=Money("250.00", "USD"),
    )  # fmt: skip
    (only,) = instalment_items(paid_first)
    assert only.instalment == 2
    assert only.due_date == D(2026, 3, 2)
    report = age([paid_first], D(2026, 3, 1))
    assert report.bucket_totals("USD")["Current"] == Money("250.00", "USD")


def test_invoices_without_instalments_pass_unchanged() -> None:
    plain = Invoice("I-1", "C-1", D(2026, 1, 1), Money("10", "USD"), terms=PaymentTerms.net(30))
    assert list(open_items_by_instalment([plain])) == [plain]
    (single,) = instalment_items(plain)
    assert (single.due_date, single.open_balance) == (plain.due_date, plain.open_balance)
    paid = Invoice(
        "I-2", "C-1", D(2026, 1, 1), Money("10", "USD"), terms=HALVES, open_amount=Money("0", "USD")
    )
    assert instalment_items(paid) == ()
    with pytest.raises(InvalidTypeError):
        instalment_items("I-1")  # type: ignore[arg-type]


def test_an_instalment_is_an_open_item_of_its_invoice() -> None:
    invoice = Invoice("I-1", "C-9", D(2026, 1, 1), Money("500.00", "USD"), terms=HALVES)
    first, second = instalment_items(invoice)
    assert (first.document_id, first.customer_id, first.document_date) == (
        "I-1",
        "C-9",
        D(2026, 1, 1),
    )
    assert first.kind is invoice.kind
    assert (first.amount, second.amount) == (Money("250.00", "USD"), Money("250.00", "USD"))
    assert isinstance(first, InstalmentItem)


def test_a_dispute_on_the_invoice_is_spread_over_its_instalments() -> None:
    invoice = Invoice("I-1", "C-1", D(2026, 1, 1), Money("500.00", "USD"), terms=HALVES)
    dispute = Dispute("I-1", Money("300.00", "USD"), "pricing", D(2026, 1, 5))
    row = age([invoice], D(2026, 3, 17), disputes=[dispute]).rows[0]
    assert row.disputed == Money("300.00", "USD")  # not 250 + 250


@st.composite
def _plans(draw: st.DrawFn) -> PaymentTerms:
    count = draw(st.integers(2, 4))
    days = sorted(draw(st.sets(st.integers(0, 365), min_size=count, max_size=count)))
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=count - 1, max_size=count - 1)))
    shares = [high - low for low, high in zip([0, *cuts], [*cuts, 100], strict=True)]
    plan = [(Decimal(share).scaleb(-2), day) for share, day in zip(shares, days, strict=True)]
    return PaymentTerms.instalment_plan(plan)


@st.composite
def _instalment_invoices(draw: st.DrawFn) -> Invoice:
    terms = draw(_plans())
    amount = draw(money("USD", min_value="0.01", max_value="100000"))
    paid = draw(st.integers(0, amount.minor_units))
    return Invoice(
        "I-1", "C-1", draw(st.dates(D(2000, 1, 1), D(2040, 1, 1))), amount, terms=terms,
        open_amount=amount - Money.from_minor_units(paid, "USD"),
    )  # fmt: skip


@given(_instalment_invoices())
def test_instalments_sum_to_the_open_amount_and_are_paid_oldest_first(invoice: Invoice) -> None:
    items = instalment_items(invoice)
    assert Money.total((i.open_balance for i in items), "USD") == invoice.open_amount
    assert all(i.open_balance.is_positive for i in items)
    assert [i.due_date for i in items] == sorted(i.due_date for i in items)
    # Oldest first: only the oldest open instalment may be partly paid; later ones are whole.
    assert all(i.open_balance == i.amount for i in items[1:])
    numbers = [i.instalment for i in items]
    assert numbers == sorted(set(numbers))


@given(_instalment_invoices(), st.integers(-30, 400))
def test_aging_by_instalment_keeps_the_total_and_never_ages_later_than_the_invoice(
    invoice: Invoice, days: int
) -> None:
    as_of = invoice.issue_date + dt.timedelta(days=days)
    by_instalment = age([invoice], as_of)
    assert by_instalment.total("USD") == invoice.open_amount
    # Every instalment is due on or before the invoice's last due date, so nothing sits in a
    # younger bucket than the whole invoice aged by its last due date would.
    labels = by_instalment.buckets.labels
    whole = age(
        [Invoice("I-1", "C-1", invoice.issue_date, invoice.amount, due_date=invoice.due_date,
                 open_amount=invoice.open_amount)],
        as_of,
    )  # fmt: skip

    def _oldest(report_totals: dict[str, Money]) -> int:
        return max((labels.index(k) for k, v in report_totals.items() if v), default=0)

    assert _oldest(by_instalment.bucket_totals("USD")) >= _oldest(whole.bucket_totals("USD"))
    assert Decimal(0) <= by_instalment.total("USD").amount


def test_dunning_duns_an_overdue_instalment_by_its_own_date_and_amount() -> None:
    from receivables.dunning import Action, DunningLevel, DunningPolicy, run_dunning

    invoice = Invoice("INV-500", "C-1", D(2026, 1, 1), Money("500.00", "USD"), terms=HALVES)
    policy = DunningPolicy([DunningLevel(1, 1, Action.REMINDER)])
    run = run_dunning(policy, [invoice], as_of=D(2026, 2, 15))
    (notice,) = run.notices
    (line,) = notice.items  # only the first instalment is overdue
    assert line.document_id == "INV-500"
    assert (line.due_date, line.days_overdue) == (D(2026, 1, 31), 15)
    assert line.open_amount == Money("250.00", "USD")
    assert line.original_amount == Money("250.00", "USD")


@given(st.lists(_instalment_invoices(), max_size=5), st.randoms(use_true_random=False))
def test_aging_equals_aging_the_instalments_given_directly(
    invoices: list[Invoice], random: Any
) -> None:
    plain = Invoice("P-1", "C-2", D(2026, 1, 1), Money("10.00", "USD"), due_date=D(2026, 1, 31))
    items: list[OpenItem] = [plain, *invoices]
    expanded: list[OpenItem] = [plain]
    for invoice in invoices:
        expanded.extend(instalment_items(invoice))
    random.shuffle(items)
    as_of = D(2030, 1, 1)
    assert age(items, as_of).rows == age(expanded, as_of).rows


def test_a_schedule_never_has_a_negative_instalment_and_sums_exactly() -> None:
    """Regression: rounding each share alone gave 0.01 + 0.01 + 0.01 + 0.08 and then -0.01 for
    five shares (5%, 5%, 5%, 75%, 10%) of 0.10 USD; aging then lost a cent."""
    plan = PaymentTerms.instalment_plan(
        [("0.05", 0), ("0.05", 1), ("0.05", 2), ("0.75", 3), ("0.1", 4)]
    )
    schedule = plan.instalment_schedule(Money("0.10", "USD"), dt.date(2018, 7, 10))
    amounts = [amount for _, amount in schedule]
    assert all(not amount.is_negative for amount in amounts)
    assert Money.total(amounts, "USD") == Money("0.10", "USD")
    invoice = Invoice(
        "I-1",
        "C-1",
        dt.date(2018, 7, 10),
        Money("0.10", "USD"),
        terms=plan,
        open_amount=Money("0.01", "USD"),
    )
    items = instalment_items(invoice)
    assert Money.total([i.open_balance for i in items], "USD") == Money("0.01", "USD")

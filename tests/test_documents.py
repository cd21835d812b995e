"""The document model: validation at construction and the OpenItem view."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    AmountTypeError,
    CreditMemo,
    CurrencyMismatchError,
    Customer,
    Dispute,
    DocumentKind,
    InvalidDateError,
    InvalidDocumentError,
    InvalidTypeError,
    Invoice,
    Money,
    OpenItem,
    Payment,
    PaymentTerms,
    PromiseToPay,
    ReceivablesError,
    days_past_due,
)
from receivables.aging import age
from receivables.allowance import recommend_write_offs
from receivables.cashapp import apply_cash
from receivables.documents import Adjustment, Portfolio, open_items
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    collection_worklist,
    recommend_agency_referrals,
    run_dunning,
)
from receivables.testing import credit_memos, customers, invoices, payments, portfolios

D = dt.date
USD = "USD"
DUNNING = DunningPolicy((DunningLevel(1, 1, Action.REMINDER),))


def usd(amount: str) -> Money:
    return Money(amount, USD)


class TestCustomer:
    def test_defaults(self) -> None:
        customer = Customer("C-1", "Acme", "usd")
        assert customer.terms == PaymentTerms.net(30)
        assert customer.credit_limit is None
        assert customer.dunning_block is False
        assert customer.tags == ()

    def test_credit_limit_in_customer_currency(self) -> None:
        with pytest.raises(CurrencyMismatchError):
            Customer("C-1", "Acme", "USD", credit_limit=Money("1", "EUR"))
        with pytest.raises(InvalidDocumentError, match="negative"):
            Customer("C-1", "Acme", "USD", credit_limit=usd("-1"))
        with pytest.raises(AmountTypeError):
            Customer("C-1", "Acme", "USD", credit_limit=1000)  # type: ignore[arg-type]

    def test_bad_fields(self) -> None:
        with pytest.raises(InvalidDocumentError):
            Customer(" ", "Acme", "USD")
        with pytest.raises(InvalidTypeError):
            Customer(1, "Acme", "USD")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            Customer("C-1", "Acme", "USD", dunning_block=1)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            Customer("C-1", "Acme", "USD", tags="vip")
        with pytest.raises(InvalidTypeError):
            Customer("C-1", "Acme", "USD", terms="Net 30")  # type: ignore[arg-type]

    def test_list_tags_become_a_tuple(self) -> None:
        assert Customer("C-1", "Acme", "USD", tags=["a", "b"]).tags == ("a", "b")

    @given(customers())
    def test_generated_customers_are_valid(self, customer: Customer) -> None:
        rebuilt = Customer(
            customer.id,
            customer.name,
            customer.currency,
            terms=customer.terms,
            credit_limit=customer.credit_limit,
            segment=customer.segment,
            region=customer.region,
            risk_class=customer.risk_class,
            collector=customer.collector,
            parent_id=customer.parent_id,
            dunning_block=customer.dunning_block,
            tags=customer.tags,
        )
        assert rebuilt == customer


class TestInvoice:
    def test_due_date_from_terms(self) -> None:
        invoice = Invoice("I-1", "C-1", D(2026, 1, 15), usd("100"), terms=PaymentTerms.net(45))
        assert invoice.due_date == D(2026, 3, 1)
        assert invoice.open_amount == usd("100")

    def test_explicit_due_date_wins_over_terms(self) -> None:
        invoice = Invoice(
            "I-1",
            "C-1",
            D(2026, 1, 15),
            usd("1"),
            terms=PaymentTerms.net(45),
            due_date=D(2026, 2, 1),
        )
        assert invoice.due_date == D(2026, 2, 1)

    def test_needs_due_date_or_terms(self) -> None:
        with pytest.raises(InvalidDocumentError, match="due_date or terms"):
            Invoice("I-1", "C-1", D(2026, 1, 15), usd("1"))
        with pytest.raises(InvalidDocumentError, match="invoice INV-10 needs a due_date or terms"):
            Invoice("INV-10", "C-1", D(2026, 1, 31), Money("100", "EUR"))

    def test_due_date_never_precedes_issue(self) -> None:
        with pytest.raises(InvalidDateError, match="precedes"):
            Invoice("I-1", "C-1", D(2026, 1, 15), usd("1"), due_date=D(2026, 1, 14))

    @pytest.mark.parametrize(
        ("open_amount", "error"),
        [
            (usd("101"), InvalidDocumentError),
            (usd("-1"), InvalidDocumentError),
            (Money("50", "EUR"), CurrencyMismatchError),
        ],
    )
    def test_open_amount_bounds(self, open_amount: Money, error: type[Exception]) -> None:
        with pytest.raises(error):
            Invoice(
                "I-1",
                "C-1",
                D(2026, 1, 1),
                usd("100"),
                due_date=D(2026, 1, 1),
                open_amount=open_amount,
            )

    def test_negative_invoice_is_a_credit_memo(self) -> None:
        with pytest.raises(InvalidDocumentError, match="CreditMemo"):
            Invoice("I-1", "C-1", D(2026, 1, 1), usd("-5"), due_date=D(2026, 1, 1))

    def test_money_not_numbers(self) -> None:
        with pytest.raises(AmountTypeError):
            Invoice("I-1", "C-1", D(2026, 1, 1), 100, due_date=D(2026, 1, 1))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            Invoice("I-1", "C-1", "2026-01-01", usd("1"), due_date=D(2026, 1, 1))  # type: ignore[arg-type]

    def test_references_list_is_converted(self) -> None:
        invoice = Invoice(
            "I-1", "C-1", D(2026, 1, 1), usd("1"), due_date=D(2026, 1, 1), references=["PO-1", "X"]
        )
        assert invoice.references == ("PO-1", "X")

    def test_paid_on_only_when_cleared(self) -> None:
        with pytest.raises(InvalidDocumentError, match="still open"):
            Invoice(
                "I-1", "C-1", D(2026, 1, 1), usd("1"), due_date=D(2026, 1, 1), paid_on=D(2026, 1, 5)
            )
        paid = Invoice(
            "I-1",
            "C-1",
            D(2026, 1, 1),
            usd("1"),
            due_date=D(2026, 1, 1),
            open_amount=usd("0"),
            paid_on=D(2026, 1, 5),
        )
        assert not paid.is_open
        assert not paid.is_overdue(D(2026, 6, 1))

    def test_days_past_due_and_overdue(self) -> None:
        invoice = Invoice("I-1", "C-1", D(2026, 1, 1), usd("1"), due_date=D(2026, 1, 31))
        assert invoice.days_past_due(D(2026, 1, 1)) == -30
        assert invoice.days_past_due(D(2026, 2, 10)) == 10
        assert days_past_due(invoice, D(2026, 2, 10)) == 10
        assert not invoice.is_overdue(D(2026, 1, 31))
        assert invoice.is_overdue(D(2026, 2, 1))

    @given(invoices())
    def test_generated_invoices_hold_the_invariants(self, invoice: Invoice) -> None:
        assert invoice.due_date >= invoice.issue_date
        assert Money.zero(invoice.currency) <= invoice.open_amount <= invoice.amount
        assert invoice.open_balance == invoice.open_amount


class TestCreditsAndCash:
    def test_credit_memo_is_a_negative_open_item(self) -> None:
        memo = CreditMemo("CM-1", "C-1", D(2026, 2, 1), usd("30"), open_amount=usd("10"))
        assert memo.open_balance == usd("-10")
        assert memo.kind is DocumentKind.CREDIT_MEMO
        assert memo.due_date == memo.document_date == D(2026, 2, 1)
        with pytest.raises(InvalidDocumentError, match="positive"):
            CreditMemo("CM-1", "C-1", D(2026, 2, 1), usd("-30"))

    def test_payment_unapplied_is_a_credit(self) -> None:
        payment = Payment("P-1", D(2026, 3, 3), usd("100"), unapplied_amount=usd("40"))
        assert payment.open_balance == usd("-40")
        assert payment.customer_id is None
        assert payment.kind is DocumentKind.PAYMENT
        with pytest.raises(InvalidDocumentError):
            Payment("P-1", D(2026, 3, 3), usd("0"))
        with pytest.raises(InvalidDocumentError):
            Payment("P-1", D(2026, 3, 3), usd("10"), unapplied_amount=usd("11"))

    @given(credit_memos())
    def test_generated_credit_memos(self, memo: CreditMemo) -> None:
        assert not memo.open_balance.is_positive

    @given(payments())
    def test_generated_payments(self, payment: Payment) -> None:
        assert payment.open_balance == -payment.unapplied_amount

    def test_all_share_the_open_item_view(self) -> None:
        items: list[OpenItem] = [
            Invoice("I-1", "C-1", D(2026, 1, 1), usd("100"), due_date=D(2026, 1, 31)),
            CreditMemo("CM-1", "C-1", D(2026, 1, 5), usd("20")),
            Payment("P-1", D(2026, 1, 9), usd("30"), customer_id="C-1"),
        ]
        assert all(isinstance(item, OpenItem) for item in items)
        assert [i.document_id for i in items] == ["I-1", "CM-1", "P-1"]
        assert sum(i.open_balance for i in items) == usd("50")

    def test_each_document_reads_as_an_open_item(self) -> None:
        """Each document's OpenItem members, read through the protocol and on the class."""
        invoice = Invoice("I-1", "C", D(2026, 1, 5), usd("9"), due_date=D(2026, 2, 4))
        assert invoice.document_id == "I-1"
        assert invoice.kind is DocumentKind.INVOICE
        assert invoice.document_date == D(2026, 1, 5)
        assert invoice.open_balance == usd("9")
        memo: OpenItem = CreditMemo("CM-1", "C-1", D(2026, 2, 1), usd("5"))
        assert memo.document_id == "CM-1"
        assert memo.customer_id == "C-1"
        assert memo.kind is DocumentKind.CREDIT_MEMO
        assert memo.document_date == memo.due_date == D(2026, 2, 1)
        assert memo.open_balance == usd("-5")
        payment = Payment("P-1", D(2026, 2, 3), usd("5"))
        assert payment.document_id == "P-1"
        assert payment.kind is DocumentKind.PAYMENT
        assert payment.document_date == payment.due_date == D(2026, 2, 3)
        assert payment.open_balance == usd("-5")


class TestDisputesAndPromises:
    def test_dispute_window(self) -> None:
        dispute = Dispute("I-1", usd("10"), "pricing", D(2026, 3, 1), resolved_on=D(2026, 3, 5))
        assert not dispute.is_open(D(2026, 2, 28))
        assert dispute.is_open(D(2026, 3, 1))
        assert not dispute.is_open(D(2026, 3, 5))
        with pytest.raises(InvalidDateError):
            Dispute("I-1", usd("10"), "pricing", D(2026, 3, 1), resolved_on=D(2026, 2, 1))

    def test_promise_status(self) -> None:
        promise = PromiseToPay("C-1", usd("500"), D(2026, 4, 10), D(2026, 4, 1))
        assert promise.status(D(2026, 4, 10), paid=usd("499.99")) == "pending"
        assert promise.status(D(2026, 4, 11), paid=usd("499.99")) == "broken"
        assert promise.status(D(2026, 4, 11), paid=usd("500")) == "kept"
        with pytest.raises(CurrencyMismatchError):
            promise.status(D(2026, 4, 11), paid=Money("500", "EUR"))
        with pytest.raises(InvalidDateError):
            PromiseToPay("C-1", usd("5"), D(2026, 3, 1), D(2026, 4, 1))

    def test_adjustment(self) -> None:
        adjustment = Adjustment("A-1", "C-1", D(2026, 1, 1), usd("-0.50"), "small_balance")
        assert adjustment.invoice_id is None
        with pytest.raises(InvalidDocumentError):
            Adjustment("A-1", "C-1", D(2026, 1, 1), usd("0"), "small_balance")


class TestPortfolio:
    def test_lookup_and_duplicates(self) -> None:
        with pytest.raises(InvalidDocumentError, match="twice"):
            Portfolio(
                as_of=D(2026, 1, 1),
                customers=[Customer("C-1", "A", "USD"), Customer("C-1", "B", "USD")],
            )
        with pytest.raises(InvalidTypeError):
            Portfolio(as_of=D(2026, 1, 1), invoices=["I-1"])  # type: ignore[list-item]

    @given(portfolios())
    def test_generated_portfolios_are_consistent(self, book: Portfolio) -> None:
        ids = {c.id for c in book.customers}
        for item in book.open_items():
            assert item.customer_id is None or item.customer_id in ids
            assert not item.open_balance.is_zero
            customer = book.customer(item.customer_id) if item.customer_id else None
            if customer is not None:
                assert item.open_balance.currency == customer.currency
        open_ids = {i.id: i for i in book.invoices}
        for dispute in book.disputes:
            assert dispute.amount <= open_ids[dispute.invoice_id].open_amount


class TestDateRangeEdges:
    def test_due_date_from_terms_past_the_last_date(self) -> None:
        with pytest.raises(
            InvalidDateError, match="invoice I-9: the due date would fall after 9999-12-31"
        ):
            Invoice("I-9", "C-1", D(9999, 12, 15), usd("1"), terms=PaymentTerms.net(30))

    def test_days_past_due_across_the_whole_range(self) -> None:
        first = Invoice("I-1", "C-1", dt.date.min, usd("1"), due_date=dt.date.min)
        last = Invoice("I-2", "C-1", dt.date.max, usd("1"), due_date=dt.date.max)
        assert first.days_past_due(dt.date.max) == 3_652_058
        assert days_past_due(last, dt.date.min) == -3_652_058

    @given(
        st.dates(dt.date.min, dt.date.max),
        st.dates(dt.date.min, dt.date.max),
        st.integers(0, 40_000) | st.integers(0, 10**15),
    )
    def test_invoice_from_terms_is_an_invoice_or_a_library_error(
        self, issued: dt.date, as_of: dt.date, days: int
    ) -> None:
        try:
            invoice = Invoice("I-1", "C-1", issued, usd("1"), terms=PaymentTerms.net(days))
        except ReceivablesError:
            return
        assert invoice.days_past_due(as_of) == (as_of - invoice.due_date).days


@attrs.define
class _Row:
    """A caller's own ledger row, as an ERP integration would bring it."""

    document_id: object = "INV-9"
    customer_id: object = "C-1"
    kind: object = DocumentKind.INVOICE
    document_date: object = dt.date(2026, 1, 1)
    due_date: object = dt.date(2026, 1, 31)
    open_balance: object = attrs.field(factory=lambda: Money("120.00", "USD"))


_BAD_ROWS: list[tuple[dict[str, object], type[Exception], str]] = [
    (
        {"open_balance": None},
        AmountTypeError,
        "row INV-9: open_balance must be Money, not NoneType",
    ),
    ({"open_balance": 12.5}, AmountTypeError, "row INV-9: open_balance must be Money, not float"),
    (
        {"document_id": 17},
        InvalidDocumentError,
        "row 0: document_id must be a non-blank str, got int",
    ),
    ({"document_id": " "}, InvalidDocumentError, "document_id must be a non-blank str"),
    ({"customer_id": 5}, InvalidDocumentError, "row INV-9: customer_id must be a non-blank str"),
    ({"kind": "invoice"}, InvalidTypeError, "row INV-9: kind must be a DocumentKind"),
    ({"due_date": "2026-01-31"}, InvalidTypeError, "row INV-9: due_date must be a datetime.date"),
    (
        {"document_date": dt.datetime(2026, 1, 1)},
        InvalidTypeError,
        "row INV-9: document_date must be a datetime.date, not datetime",
    ),
]


class TestOpenItemRows:
    """Issue 12: rows that enter through the OpenItem protocol are checked where they enter."""

    def test_a_good_row_of_the_callers_type_passes(self) -> None:
        rows: list[Any] = [_Row()]
        assert open_items(rows) == rows

    @pytest.mark.parametrize(("change", "error", "message"), _BAD_ROWS)
    def test_a_bad_row_is_named(
        self, change: dict[str, object], error: type[Exception], message: str
    ) -> None:
        with pytest.raises(error, match=re.escape(message)):
            open_items([_Row(**change)])  # type: ignore[list-item]

    def test_a_row_missing_an_attribute(self) -> None:
        @attrs.define
        class Partial:
            document_id: str = "INV-3"

        with pytest.raises(InvalidTypeError, match="row INV-3 is not an open item: it has no "):
            open_items([Partial()])  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match=r"row 0 .* it has no document_id"):
            open_items([object()])  # type: ignore[list-item]

    def test_a_lone_string_is_not_a_list_of_rows(self) -> None:
        with pytest.raises(InvalidTypeError, match="items must be an iterable of open items"):
            open_items("INV-1")  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "engine",
        [
            lambda rows: age(rows, dt.date(2026, 3, 1)),
            lambda rows: run_dunning(DUNNING, rows, as_of=dt.date(2026, 3, 1)),
            lambda rows: collection_worklist(rows, as_of=dt.date(2026, 3, 1)),
            lambda rows: recommend_agency_referrals(rows, as_of=dt.date(2026, 3, 1)),
            lambda rows: recommend_write_offs(rows, as_of=dt.date(2026, 3, 1)),
            lambda rows: apply_cash([], rows),
        ],
        ids=["age", "run_dunning", "collection_worklist", "referrals", "write_offs", "apply_cash"],
    )
    def test_every_engine_refuses_a_bad_row_by_name(
        self, engine: Callable[[list[object]], object]
    ) -> None:
        good = _Row(document_id="INV-1")
        assert engine([good]) is not None
        with pytest.raises(AmountTypeError, match="row INV-9: open_balance must be Money"):
            engine([good, _Row(open_balance=None)])

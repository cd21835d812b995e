"""Sample portfolios (receivables.samples.portfolio): deterministic, consistent, realistic."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from receivables import InvalidDateError, Money, ValidationError
from receivables.samples import MAX_CUSTOMERS, sample_portfolio

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def book() -> object:
    return sample_portfolio(seed=3, customers=300, as_of=AS_OF)


def test_same_seed_same_portfolio() -> None:
    first = sample_portfolio(seed=11, customers=40, as_of=AS_OF)
    assert first == sample_portfolio(seed=11, customers=40, as_of=AS_OF)
    assert first != sample_portfolio(seed=12, customers=40, as_of=AS_OF)


def test_open_items_do_not_depend_on_the_paid_history() -> None:
    full = sample_portfolio(seed=5, customers=60, as_of=AS_OF)
    lean = sample_portfolio(seed=5, customers=60, as_of=AS_OF, include_paid=False)
    assert full.open_items() == lean.open_items()
    assert len(full.invoices) > len(lean.invoices)
    assert all(i.is_open for i in lean.invoices)


def test_documents_are_consistent(book: object) -> None:
    from receivables.documents import Portfolio

    assert isinstance(book, Portfolio)
    customers = {c.id: c for c in book.customers}
    invoice_ids = [i.id for i in book.invoices]
    assert len(invoice_ids) == len(set(invoice_ids))
    for invoice in book.invoices:
        customer = customers[invoice.customer_id]
        assert invoice.currency is customer.currency
        assert invoice.issue_date <= AS_OF
        assert invoice.due_date == customer.terms.due_date(invoice.issue_date)
        assert Money.zero(invoice.currency) <= invoice.open_amount <= invoice.amount
        assert invoice.amount.is_rounded
        if invoice.paid_on is not None:
            assert invoice.open_amount.is_zero
            assert invoice.issue_date <= invoice.paid_on <= AS_OF
    by_id = {i.id: i for i in book.invoices}
    for dispute in book.disputes:
        assert dispute.amount <= by_id[dispute.invoice_id].open_amount
        assert dispute.opened_on <= AS_OF
    for payment in book.payments:
        assert payment.received_date == AS_OF
        assert payment.amount.is_rounded


def test_realistic_shape(book: object) -> None:
    from receivables.documents import Portfolio

    assert isinstance(book, Portfolio)
    currencies = Counter(c.currency.code for c in book.customers)
    assert {"USD", "EUR", "CAD", "MXN", "BRL"} <= set(currencies)
    assert currencies.most_common(1)[0][0] == "USD"
    assert set(Counter(c.risk_class for c in book.customers)) == {"A", "B", "C", "D"}
    open_invoices = [i for i in book.invoices if i.is_open]
    overdue = [i for i in open_invoices if i.is_overdue(AS_OF)]
    assert 0 < len(overdue) < len(open_invoices)
    # Worse risk classes leave more of their invoices open.
    risk = {c.id: c.risk_class for c in book.customers}
    share = {}
    for grade in ("A", "D"):
        mine = [i for i in book.invoices if risk[i.customer_id] == grade]
        share[grade] = sum(i.is_open for i in mine) / len(mine)
    assert share["D"] > share["A"]
    references = [r for p in book.payments for r in p.references]
    assert any(r.startswith("INV-") for r in references)
    assert any(not r.startswith("INV-") for r in references)
    assert book.disputes
    assert book.promises
    assert book.credit_memos


@pytest.mark.parametrize(
    "kwargs",
    [{"customers": -1}, {"months": 0}, {"seed": "x"}, {"as_of": "2026-01-01"}],
)
def test_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises((ValidationError, TypeError)):
        sample_portfolio(**kwargs)  # type: ignore[arg-type]


def test_the_size_limit_from_both_sides() -> None:
    """Regression: a huge ``customers`` ran unbounded (the fuzz suite's one hang)."""
    with pytest.raises(ValidationError, match="customers must be an int from 0 to 1,000,000"):
        sample_portfolio(customers=MAX_CUSTOMERS + 1)
    with pytest.raises(ValidationError, match=r"got <int of \d+ bits>"):
        sample_portfolio(customers=10**5000)
    assert MAX_CUSTOMERS == 1_000_000
    assert sample_portfolio(customers=0).customers == ()


@pytest.mark.parametrize("as_of", [dt.date.min, dt.date(1, 6, 30)])
def test_a_history_before_year_one_is_refused(as_of: dt.date) -> None:
    """Regression: the 18 months before ``as_of`` were built with a year 0 (ValueError)."""
    with pytest.raises(InvalidDateError, match="leaves no room for 18 months of history"):
        sample_portfolio(customers=2, as_of=as_of)


def test_the_earliest_as_of_with_room_for_the_history() -> None:
    book = sample_portfolio(customers=2, as_of=dt.date(2, 6, 30))
    assert min(invoice.issue_date for invoice in book.invoices) >= dt.date(1, 1, 1)
    assert len(sample_portfolio(customers=2, as_of=dt.date(1, 12, 31), months=12).customers) == 2
    with pytest.raises(InvalidDateError):
        sample_portfolio(customers=2, as_of=dt.date(1, 12, 31), months=13)

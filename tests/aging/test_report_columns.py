"""Aging reports built in bulk (RowColumns): the same report as one built from row objects."""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings

from receivables import Dispute, Invoice, Money, Payment
from receivables.aging import AgingReport, AgingRow, age
from receivables.aging.report import RowColumns, row_source
from receivables.documents import OpenItem, Portfolio
from receivables.errors import InvalidTypeError, ValidationError
from receivables.money import Currency
from receivables.testing import portfolios

AS_OF = dt.date(2026, 3, 20)


def _from_rows(report: AgingReport) -> AgingReport:
    """The same report, made from its row objects (the public constructor)."""
    return AgingReport(
        report.as_of,
        report.buckets,
        report.basis,
        report.credit_handling,
        tuple(report.rows),
        report.segment_by,
    )


@settings(max_examples=40)
@given(portfolios(max_customers=6, max_invoices=20))
def test_a_report_in_columns_equals_the_report_of_its_rows(book: Portfolio) -> None:
    bulk = age(book.open_items(), book.as_of, disputes=book.disputes,
               customers=book.customers, segment_by="region")  # fmt: skip
    assert isinstance(row_source(bulk), RowColumns)
    rows = _from_rows(bulk)
    assert row_source(rows) is None
    assert bulk == rows
    assert rows == bulk
    assert hash(bulk) == hash(rows)
    assert repr(bulk) == repr(rows)
    assert bulk.to_dict() == rows.to_dict()
    assert pickle.loads(pickle.dumps(bulk)) == rows
    assert pickle.loads(pickle.dumps(rows)) == bulk
    # The columns hold the rows' figures in the rows' order, row after row.
    columns = row_source(bulk)
    assert isinstance(columns, RowColumns)
    assert columns.customer_ids == [row.customer_id for row in rows.rows]
    assert list(columns.row_sums()) == [row.sums for row in rows.rows]
    # Disputed is stored only when there are open disputes, credits only when some were kept.
    width = len(bulk.labels)
    assert columns.stored == (
        width + 2
        if any(d.is_open(book.as_of) for d in book.disputes)
        else width + 1
        if any(row.credits for row in rows.rows)
        else width
    )


def test_rows_are_made_once_and_kept() -> None:
    inv = Invoice(
        "I-1", "C-1", dt.date(2026, 1, 2), Money("10", "USD"), due_date=dt.date(2026, 2, 1)
    )
    report = age([inv], AS_OF)
    first = report.rows
    assert report.rows is first
    assert first[0].amount("31-60") == Money("10", "USD")


def test_a_report_still_in_columns_evolves_and_pickles() -> None:
    items: list[OpenItem] = [
        Invoice(
            "I-1", "C-2", dt.date(2026, 1, 2), Money("10.50", "USD"), due_date=dt.date(2026, 2, 1)
        ),
        Invoice("I-2", "C-1", dt.date(2026, 1, 2), Money("7", "EUR"), due_date=AS_OF),
        Payment("P-1", dt.date(2026, 1, 2), Money("3", "USD")),  # unidentified cash: last
    ]
    report = age(items, AS_OF, disputes=[Dispute("I-1", Money("2", "USD"), "price", AS_OF)])
    renamed = attrs.evolve(report, segment_by="region")  # rows not read yet
    assert renamed.segment_by == "region"
    assert renamed.rows == report.rows
    assert [(row.currency.code, row.customer_id) for row in report.rows] == [
        ("EUR", "C-1"),
        ("USD", "C-2"),
        ("USD", None),
    ]
    again = pickle.loads(pickle.dumps(age(items, AS_OF)))
    assert isinstance(row_source(again), RowColumns)
    assert again == age(items, AS_OF)
    # Rows given to evolve replace the columns.
    only = attrs.evolve(report, rows=report.rows[:1])
    assert row_source(only) is None
    assert len(only.rows) == 1


def test_a_report_needs_rows_or_columns() -> None:
    empty = age([], AS_OF)
    with pytest.raises(ValidationError, match="needs its rows"):
        AgingReport(AS_OF, empty.buckets, empty.basis, empty.credit_handling, None)


def test_columns_of_the_wrong_length_are_refused() -> None:
    usd = Currency("USD")
    with pytest.raises(ValidationError, match="1 aging rows hold 2 sums, not 3 per row"):
        RowColumns(("Current",), ["C-1"], [usd], None, [1], [Money("1", "USD").amount] * 2)


def test_reports_that_differ_are_unequal() -> None:
    inv = Invoice(
        "I-1", "C-1", dt.date(2026, 1, 2), Money("10", "USD"), due_date=dt.date(2026, 2, 1)
    )
    other = Invoice(
        "I-1", "C-1", dt.date(2026, 1, 2), Money("11", "USD"), due_date=dt.date(2026, 2, 1)
    )
    assert age([inv], AS_OF) != age([other], AS_OF)
    # Different reports hash apart (the hash is of the figures, not a constant).
    assert hash(age([inv], AS_OF)) != hash(age([other], AS_OF))
    assert age([inv], AS_OF) != age([inv], AS_OF + dt.timedelta(days=1))
    assert age([inv], AS_OF) != "a report"
    row = AgingRow.of("C-1", "USD", age([], AS_OF).labels, [Money("0", "USD")] * 6,
                      Money("0", "USD"), Money("0", "USD"))  # fmt: skip
    assert age([inv], AS_OF) != attrs.evolve(age([inv], AS_OF), rows=(row,))


def test_wrong_types_fail_with_the_library_error_not_while_the_message_is_built() -> None:
    """Found by the fuzz soak: a 5,000-digit int as a row's currency failed while the length
    error's message was being built (ValueError: int too long for str), and a Decimal NaN age
    made Buckets.index_for raise decimal.InvalidOperation."""
    labels = age([], AS_OF).labels
    with pytest.raises(InvalidTypeError, match="currency is a Currency, not <int of"):
        AgingRow(None, 10**5000, (), ())  # type: ignore[arg-type]
    buckets = age([], AS_OF).buckets
    with pytest.raises(InvalidTypeError, match=r"whole number of days, not Decimal\('NaN'\)"):
        buckets.index_for(Decimal("NaN"))  # type: ignore[arg-type]
    for bad in (Decimal("sNaN"), Decimal("NaN"), 1.5, "30"):
        with pytest.raises(InvalidTypeError, match="age must be a whole number of days"):
            buckets.index_for(bad)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="age must be a whole number of days"):
            buckets.label_for(bad)  # type: ignore[arg-type]
    assert buckets.label_for(31) == labels[2]


def test_rows_store_only_the_sums_something_touched() -> None:
    """A report with no disputes and no credits kept apart stores the buckets only; the rows,
    the table and the pickle still show zero credits and disputed."""
    day = dt.date(2026, 1, 2)
    inv = Invoice("I-1", "C-1", day, Money("10", "USD"), due_date=dt.date(2026, 2, 1))
    plain = age([inv], AS_OF)
    columns = row_source(plain)
    assert isinstance(columns, RowColumns)
    assert columns.stored == len(plain.labels)
    assert plain.rows[0].sums[-2:] == (Decimal(0), Decimal(0))
    assert pickle.loads(pickle.dumps(plain)) == plain
    credit = Payment("P-1", day, Money("4", "USD"), customer_id="C-1")
    with_credit = row_source(age([inv, credit], AS_OF))
    assert isinstance(with_credit, RowColumns)
    assert with_credit.stored == len(plain.labels) + 1
    disputed = age([inv], AS_OF, disputes=[Dispute("I-1", Money("3", "USD"), "price", day)])
    with_dispute = row_source(disputed)
    assert isinstance(with_dispute, RowColumns)
    assert with_dispute.stored == len(plain.labels) + 2
    assert disputed.rows[0].disputed == Money("3", "USD")
    with pytest.raises(ValidationError, match="at most credits and disputed, not 9 sums"):
        RowColumns(("Current",), [], [], None, [], [], stored=9)

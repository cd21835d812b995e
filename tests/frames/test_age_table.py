"""receivables.frames.age_table: the Arrow fast path ages exactly as age() does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from receivables import CreditMemo, Invoice, Money, PaymentTerms
from receivables.aging import AgingBasis, Buckets, CreditHandling, age
from receivables.documents import OpenItem, Portfolio
from receivables.errors import (
    AmountTypeError,
    InvalidTypeError,
    ReceivablesError,
    ValidationError,
)
from receivables.frames import age_table, age_table_to_arrow, to_arrow
from receivables.testing import open_items_table, portfolios

AS_OF = dt.date(2026, 3, 20)

_BUCKETS = st.sampled_from(
    [Buckets.standard(), Buckets.from_edges([15, 45]), Buckets(()), Buckets((1, 2, 3, 400))]
)


@settings(max_examples=60)
@given(
    portfolios(max_customers=6, max_invoices=20),
    _BUCKETS,
    st.sampled_from(list(AgingBasis)),
    st.sampled_from(list(CreditHandling)),
    st.booleans(),
    st.integers(-30, 400),
)
def test_age_table_equals_age_on_generated_portfolios(
    book: Portfolio,
    buckets: Buckets,
    basis: AgingBasis,
    credits: CreditHandling,
    minor_units: bool,
    shift: int,
) -> None:
    """Invariant: the same report, row for row and to the cent (item counts included: an
    invoice on instalments, one row per instalment, counts once through its document id)."""
    items = book.open_items()
    as_of = book.as_of + dt.timedelta(days=shift)
    table = open_items_table(items, minor_units=minor_units)
    expected = age(items, as_of, buckets, basis, credits=credits)
    assert age_table(table, as_of, buckets=buckets, basis=basis, credits=credits) == expected
    # And the Arrow output of that report is the same table either way: through the report,
    # or straight from the table without the report's objects.
    report_table = to_arrow(expected)
    report = age_table(table, as_of, buckets=buckets, basis=basis, credits=credits)
    assert to_arrow(report).equals(report_table)
    direct = age_table_to_arrow(table, as_of, buckets=buckets, basis=basis, credits=credits)
    assert direct.equals(report_table, check_metadata=True)


def _table(**columns: object) -> pa.Table:
    base: dict[str, object] = {
        "customer_id": pa.array(["C-1", "C-1", None], pa.string()),
        "currency": pa.array(["USD", "USD", "USD"]),
        "due_date": pa.array([dt.date(2026, 2, 1), dt.date(2026, 3, 31), dt.date(2026, 1, 1)]),
        "amount": pa.array([50010, -5000, -700], pa.int64()),
    }
    base.update(columns)
    return pa.table({name: value for name, value in base.items() if value is not None})


def test_worked_example() -> None:
    report = age_table(_table(), AS_OF)
    assert [row.customer_id for row in report.rows] == ["C-1", None]  # unidentified cash last
    row = report.rows[0]
    assert row.amount("31-60") == Money("500.10", "USD")
    assert row.credits == Money("-50.00", "USD")
    assert row.item_count == 2
    assert report.credits("USD") == Money("-57.00", "USD")
    netted = age_table(_table(), AS_OF, credits=CreditHandling.NET)
    assert netted.rows[0].amount("Current") == Money("-50.00", "USD")


def test_without_document_ids_every_row_is_an_item() -> None:
    plan = PaymentTerms.instalment_plan([("0.5", 30), ("0.5", 60)])
    invoice = Invoice("I-1", "C-1", dt.date(2026, 1, 1), Money("500", "USD"), terms=plan)
    with_ids = open_items_table([invoice])
    assert age_table(with_ids, AS_OF).rows[0].item_count == 1
    assert age_table(with_ids.drop_columns(["document_id"]), AS_OF).rows[0].item_count == 2
    assert age_table(with_ids, AS_OF) == age([invoice], AS_OF)


def test_zero_rows_are_skipped_and_an_empty_table_ages_to_nothing() -> None:
    table = _table(amount=pa.array([0, 0, 0], pa.int64()))
    assert age_table(table, AS_OF).rows == ()
    assert age_table(table.slice(0, 0), AS_OF) == age([], AS_OF)


def test_minor_units_follow_each_rows_currency() -> None:
    table = _table(
        currency=pa.array(["JPY", "KWD", "USD"]), amount=pa.array([1200, 1234, 5], pa.int64())
    )
    report = age_table(table, AS_OF)
    assert report.total("JPY") == Money("1200", "JPY")
    assert report.total("KWD") == Money("1.234", "KWD")
    assert report.total("USD") == Money("0.05", "USD")


def test_sums_past_int64_are_exact() -> None:
    big = 2**62
    table = _table(
        customer_id=pa.array(["C-1"] * 3),
        amount=pa.array([big, big, big], pa.int64()),
        due_date=pa.array([AS_OF] * 3),
    )
    report = age_table(table, AS_OF)
    assert report.rows[0].amount("Current").amount == Decimal(3 * big).scaleb(-2)


def test_decimal_amounts_keep_their_decimals() -> None:
    amounts = pa.array([Decimal("500.105"), Decimal("-50"), Decimal("-7")], pa.decimal128(20, 3))
    report = age_table(_table(amount=amounts), AS_OF)
    assert report.rows[0].amount("31-60").amount == Decimal("500.105")


def test_dictionary_and_large_string_columns_are_read() -> None:
    table = _table(
        customer_id=pa.array(["C-1", "C-1", "C-2"]).dictionary_encode(),
        currency=pa.array(["USD"] * 3, pa.large_string()),
    )
    assert [row.customer_id for row in age_table(table, AS_OF).rows] == ["C-1", "C-2"]


def test_bad_tables_get_library_errors() -> None:
    with pytest.raises(AmountTypeError, match="floats"):
        age_table(_table(amount=pa.array([1.5, 2.0, 3.0])), AS_OF)
    with pytest.raises(ValidationError, match="no column 'due_date'"):
        age_table(_table(due_date=None), AS_OF)
    with pytest.raises(ValidationError, match="no column 'document_date'"):
        age_table(_table(), AS_OF, basis=AgingBasis.INVOICE_DATE)
    with pytest.raises(ValidationError, match="row 1"):
        age_table(_table(amount=pa.array([1, None, 3], pa.int64())), AS_OF)
    with pytest.raises(ValidationError, match="currency"):
        age_table(_table(currency=pa.array(["USD", "XXY", "USD"])), AS_OF)
    with pytest.raises(InvalidTypeError, match="dates"):
        age_table(_table(due_date=pa.array(["2026-01-01"] * 3)), AS_OF)
    with pytest.raises(InvalidTypeError, match="text"):
        age_table(_table(customer_id=pa.array([1, 2, 3])), AS_OF)
    with pytest.raises(InvalidTypeError, match="minor units or a decimal"):
        age_table(_table(amount=pa.array(["1", "2", "3"])), AS_OF)
    with pytest.raises(InvalidTypeError, match="pyarrow Table"):
        age_table({"amount": [1]}, AS_OF)
    with pytest.raises(ReceivablesError):
        age_table(_table(), "2026-03-20")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        age_table(_table(), AS_OF, buckets=(30, 60))  # type: ignore[arg-type]


def test_timestamps_are_read_as_their_dates() -> None:
    stamps = pa.array(
        [dt.datetime(2026, 2, 1), dt.datetime(2026, 3, 31), dt.datetime(2026, 1, 1)],
        pa.timestamp("s"),
    )
    assert age_table(_table(due_date=stamps), AS_OF) == age_table(_table(), AS_OF)


def test_same_report_as_age_on_a_credit_memo_and_an_invoice() -> None:
    items: list[OpenItem] = [
        Invoice("I-1", "C-1", dt.date(2026, 1, 2), Money("500.00", "USD"),
                due_date=dt.date(2026, 2, 1)),
        CreditMemo("CM-1", "C-1", dt.date(2026, 3, 5), Money("50.00", "USD")),
    ]  # fmt: skip
    assert age_table(open_items_table(items), AS_OF) == age(items, AS_OF)


def test_straight_to_arrow_keeps_decimals_past_the_currencys_and_mixed_scales() -> None:
    amounts = pa.array([Decimal("500.105"), Decimal("-50"), Decimal("-7")], pa.decimal128(20, 3))
    table = _table(amount=amounts)
    direct = age_table_to_arrow(table, AS_OF)
    assert direct.schema.field("31-60").type == pa.decimal128(38, 3)
    assert direct.equals(to_arrow(age_table(table, AS_OF)), check_metadata=True)
    mixed = _table(
        currency=pa.array(["JPY", "KWD", "USD"]), amount=pa.array([1200, 1234, 5], pa.int64())
    )
    direct = age_table_to_arrow(mixed, AS_OF)
    assert direct.schema.field("Current").type == pa.decimal128(38, 3)
    assert direct.equals(to_arrow(age_table(mixed, AS_OF)), check_metadata=True)
    big = _table(amount=pa.array([2**62, 2**62, 2**62], pa.int64()), due_date=pa.array([AS_OF] * 3))
    assert age_table_to_arrow(big, AS_OF).equals(to_arrow(age_table(big, AS_OF)))
    empty = age_table_to_arrow(table.slice(0, 0), AS_OF)
    assert empty.num_rows == 0
    assert empty.schema.equals(to_arrow(age([], AS_OF)).schema, check_metadata=False)

"""receivables.frames.to_arrow: every result as typed Arrow columns, equal to the cent."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from typing import Any

import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings

from receivables import CreditMemo, Dispute, Invoice, Money, Payment
from receivables.aging import AgingReport, AgingRow, Buckets, age, past_due_report
from receivables.allowance import (
    AccountMap,
    ProvisionMatrix,
    SpecificReserve,
    estimate_allowance,
    provision,
    write_off_entry,
)
from receivables.cashapp import apply_cash
from receivables.documents import OpenItem, Portfolio
from receivables.dunning import (
    Action,
    DunningLevel,
    DunningPolicy,
    NoticeRecord,
    collection_worklist,
    run_dunning,
)
from receivables.errors import (
    CurrencyMismatchError,
    InvalidTypeError,
    MissingDependencyError,
    ValidationError,
)
from receivables.frames import to_arrow
from receivables.testing import portfolios

AS_OF = dt.date(2026, 3, 20)


def _usd(amount: str) -> Money:
    return Money(amount, "USD")


def _column(table: Any, name: str) -> list[Any]:
    values: list[Any] = table.column(name).to_pylist()
    return values


def _assert_aging_table(report: AgingReport, table: Any) -> None:
    """Every cell of the table equals the report's figure, and every money column is decimal."""
    assert table.num_rows == len(report.rows)
    assert _column(table, "currency") == [row.currency.code for row in report.rows]
    assert _column(table, "customer_id") == [row.customer_id for row in report.rows]
    assert _column(table, "item_count") == [row.item_count for row in report.rows]
    for index, label in enumerate(report.labels):
        assert _column(table, label) == [row.amounts[index].amount for row in report.rows]
    assert _column(table, "credits") == [row.credits.amount for row in report.rows]
    assert _column(table, "disputed") == [row.disputed.amount for row in report.rows]
    assert _column(table, "total") == [row.total.amount for row in report.rows]
    for name in (*report.labels, "credits", "disputed", "total"):
        kind = table.schema.field(name).type
        assert pa.types.is_decimal(kind), (name, kind)
        assert table.schema.field(name).metadata == {b"currency": b"currency"}


@settings(max_examples=40)
@given(portfolios(max_customers=6, max_invoices=20))
def test_aging_table_equals_the_report_to_the_cent(book: Portfolio) -> None:
    report = age(book.open_items(), book.as_of, disputes=book.disputes)
    table = to_arrow(report)
    _assert_aging_table(report, table)
    # Per currency, the Arrow column sums are the report's totals (Arrow adds decimals exactly).
    for currency in report.currencies:
        rows = table.filter(pa.compute.equal(table["currency"], currency.code))
        assert pa.compute.sum(rows["total"]).as_py() == report.total(currency).amount


def test_aging_table_shape_and_metadata() -> None:
    items: list[OpenItem] = [
        Invoice("I-1", "C-1", dt.date(2026, 1, 2), _usd("500.10"), due_date=dt.date(2026, 2, 1)),
        CreditMemo("CM-1", "C-1", dt.date(2026, 3, 5), _usd("50")),
        Invoice("I-2", "C-2", dt.date(2026, 1, 2), Money("1200", "JPY"), due_date=AS_OF),
    ]
    report = age(items, AS_OF)
    table = to_arrow(report)
    assert table.schema.field("31-60").type == pa.decimal128(38, 2)  # USD and JPY: scale 2
    assert _column(table, "Current") == [Decimal("1200"), Decimal(0)]
    assert _column(table, "currency") == ["JPY", "USD"]
    assert _column(table, "total") == [Decimal("1200.00"), Decimal("450.10")]
    metadata = table.schema.metadata
    assert metadata[b"as_of"] == b"2026-03-20"
    assert metadata[b"basis"] == b"due_date"
    assert metadata[b"credit_handling"] == b"separate"
    assert metadata[b"labels"].startswith(b'["Current", "1-30"')


def test_scale_follows_the_minor_units_and_never_rounds() -> None:
    kwd = Invoice("I-1", "C-1", dt.date(2026, 1, 2), Money("1.234", "KWD"), due_date=AS_OF)
    assert to_arrow(age([kwd], AS_OF)).schema.field("Current").type == pa.decimal128(38, 3)
    jpy = Invoice("I-2", "C-1", dt.date(2026, 1, 2), Money("7", "JPY"), due_date=AS_OF)
    assert to_arrow(age([jpy], AS_OF)).schema.field("Current").type == pa.decimal128(38, 0)
    # An exact intermediate with more decimals than the currency has: the column widens.
    row = AgingRow.of("C-1", "USD", ("Current", "Past due"),
                      [_usd("0.005"), _usd("1")], _usd("0"), _usd("0"))  # fmt: skip
    report = AgingReport(AS_OF, Buckets(()), age([], AS_OF).basis, age([], AS_OF).credit_handling,
                         (row,))  # fmt: skip
    table = to_arrow(report)
    assert table.schema.field("Current").type == pa.decimal128(38, 3)
    assert _column(table, "Current") == [Decimal("0.005")]
    assert _column(table, "total") == [Decimal("1.005")]
    # More digits than decimal128 holds: decimal256, still exact.
    big = AgingRow.of("C-1", "USD", ("Current", "Past due"),
                      [_usd("0.0000000000000000000001"), _usd("999999999999999999")],
                      _usd("0"), _usd("0"))  # fmt: skip
    wide = to_arrow(attrs_evolve_rows(report, (big,)))
    assert _column(wide, "total") == [Decimal("999999999999999999.0000000000000000000001")]


def attrs_evolve_rows(report: AgingReport, rows: tuple[AgingRow, ...]) -> AgingReport:
    import attrs

    return attrs.evolve(report, rows=rows)


def test_a_bucket_label_that_is_a_column_name_is_refused() -> None:
    buckets = Buckets.from_edges([30], labels=["Current", "total", "Older"])
    inv = Invoice("I-1", "C-1", dt.date(2026, 1, 2), _usd("5"), due_date=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match="total"):
        to_arrow(age([inv], AS_OF, buckets))


def test_past_due_report_by_currency_and_accounts() -> None:
    items = [
        Invoice("I-1", "C-1", dt.date(2026, 1, 1), _usd("90"), due_date=dt.date(2026, 1, 31)),
        Invoice("I-2", "C-2", dt.date(2026, 1, 1), _usd("10"), due_date=dt.date(2026, 3, 1)),
        Invoice("I-3", "C-3", dt.date(2026, 1, 1), Money("5", "EUR"), due_date=AS_OF),
    ]
    report = past_due_report(age(items, AS_OF), top=5)
    summary = to_arrow(report)
    assert _column(summary, "currency") == ["EUR", "USD"]
    assert _column(summary, "past_due") == [Decimal(0), Decimal(100)]
    assert _column(summary, "accounts_past_due") == [0, 2]
    assert _column(summary, "past_due_share") == [c.past_due_share for c in report.by_currency]
    accounts = to_arrow(report, lines=True)
    assert _column(accounts, "customer_id") == ["C-1", "C-2"]
    assert _column(accounts, "share") == [Decimal("0.9"), Decimal("0.1")]
    assert _column(accounts, "oldest_bucket") == ["31-60", "1-30"]
    assert to_arrow(report.by_currency).equals(summary.replace_schema_metadata(None))


def _dunning() -> Any:
    policy = DunningPolicy(
        [DunningLevel(1, 1, Action.REMINDER), DunningLevel(2, 30, Action.FINAL_NOTICE)],
        interval_days=14,
    )
    items = [
        Invoice("INV-1", "C-1", dt.date(2026, 1, 1), _usd("500.00"), due_date=dt.date(2026, 1, 31)),
        Invoice("INV-2", "C-1", dt.date(2026, 1, 5), _usd("20.00"), due_date=dt.date(2026, 2, 4)),
        Invoice("INV-3", "C-2", dt.date(2026, 2, 1), Money("9000", "JPY"),
                due_date=dt.date(2026, 3, 3)),
    ]  # fmt: skip
    history = [NoticeRecord("C-1", 1, dt.date(2026, 3, 1))]
    return run_dunning(policy, items, as_of=AS_OF, history=history), items


def test_dunning_notices_and_their_lines() -> None:
    run, _ = _dunning()
    notices = to_arrow(run)
    assert notices.num_rows == len(run.notices)
    assert _column(notices, "customer_id") == [n.customer_id for n in run.notices]
    assert _column(notices, "level") == [n.level.number for n in run.notices]
    assert _column(notices, "total_due") == [n.total_due.amount for n in run.notices]
    assert _column(notices, "item_ids") == [[i.document_id for i in n.items] for n in run.notices]
    assert notices.schema.field("as_of").type == pa.date32()
    reasons = _column(notices, "reasons")
    assert reasons == [[{"code": r.code, "message": r.message} for r in n.reasons]
                       for n in run.notices]  # fmt: skip
    lines = to_arrow(run, lines=True)
    assert lines.num_rows == sum(len(n.items) for n in run.notices)
    assert _column(lines, "open_amount") == [i.open_amount.amount for n in run.notices
                                             for i in n.items]  # fmt: skip
    assert lines.schema.field("due_date").type == pa.date32()
    assert to_arrow(run.notices).equals(notices)


def test_worklist_rows_in_rank_order() -> None:
    _, items = _dunning()
    entries = collection_worklist(items, as_of=AS_OF, by_currency=True)
    table = to_arrow(entries)
    assert _column(table, "rank") == [e.rank for e in entries]
    assert _column(table, "score") == [e.score for e in entries]
    assert _column(table, "past_due") == [e.past_due.amount for e in entries]
    assert _column(table, "currency") == [e.currency.code for e in entries]


def test_cash_application_outcomes_and_applications() -> None:
    from receivables import parse_terms

    invoices = [
        Invoice("INV-000123", "C-1", dt.date(2026, 3, 1), _usd("1000.00"),
                terms=parse_terms("2/10 Net 30")),
        Invoice("INV-000124", "C-1", dt.date(2026, 3, 2), _usd("250.00"),
                terms=parse_terms("Net 30")),
    ]  # fmt: skip
    payments = [
        Payment("PAY-1", dt.date(2026, 3, 9), _usd("1230.00"), customer_id="C-1",
                references=["inv 123, 124"]),
        Payment("PAY-2", dt.date(2026, 3, 9), _usd("3.00")),
    ]  # fmt: skip
    result = apply_cash(payments, invoices)
    outcomes = to_arrow(result)
    assert _column(outcomes, "payment_id") == ["PAY-1", "PAY-2"]
    assert _column(outcomes, "status") == [o.status.value for o in result.outcomes]
    assert _column(outcomes, "applied") == [o.applied.amount for o in result.outcomes]
    assert _column(outcomes, "unapplied") == [o.unapplied.amount for o in result.outcomes]
    applications = to_arrow(result, lines=True)
    assert _column(applications, "invoice_id") == ["INV-000123", "INV-000124"]
    assert _column(applications, "amount") == [Decimal("980.00"), Decimal("250.00")]
    assert _column(applications, "discount") == [Decimal("20.00"), Decimal("0.00")]
    assert _column(applications, "fx_difference") == [None, None]


def test_provision_estimate_and_journal() -> None:
    matrix = ProvisionMatrix({"Current": "0.003", "1-30": "0.016", "31-60": "0.036",
                              "61-90": "0.066", "Over 90": "0.106"})  # fmt: skip
    result = provision({"Current": _usd("15000000"), "1-30": _usd("7500000")}, matrix)
    table = to_arrow(result)
    assert _column(table, "bucket") == [line.bucket for line in result.lines]
    assert _column(table, "allowance") == [line.allowance.amount for line in result.lines]
    assert _column(table, "rate") == [line.rate for line in result.lines]
    assert pa.compute.sum(table["allowance"]).as_py() == result.total.amount

    labels = Buckets.standard().labels
    standard = ProvisionMatrix(dict(zip(labels, ["0.01", "0.03", "0.08", "0.15", "0.30", "0.60"],
                                        strict=True)))  # fmt: skip
    items = [
        Invoice("I-1", "C-1", dt.date(2026, 5, 1), _usd("1000"), due_date=dt.date(2026, 5, 31)),
        Invoice("I-2", "C-9", dt.date(2026, 3, 1), _usd("4000"), due_date=dt.date(2026, 3, 31)),
    ]
    estimate = estimate_allowance(
        items, dt.date(2026, 6, 30), standard, currency="USD",
        specific=[SpecificReserve(reason="in administration", customer_id="C-9", rate="0.5")],
    )  # fmt: skip
    pooled = to_arrow(estimate)
    assert pooled.equals(to_arrow(estimate.pooled))
    specific = to_arrow(estimate, lines=True)
    assert _column(specific, "customer_id") == ["C-9"]
    assert _column(specific, "allowance") == [estimate.specific[0].allowance.amount]

    accounts = AccountMap("1200", "1290", "6100", "1000")
    entry = write_off_entry(_usd("2400"), accounts=accounts, on=dt.date(2026, 6, 30))
    journal = to_arrow([entry, entry])
    assert _column(journal, "entry") == [1, 1, 2, 2]
    assert _column(journal, "account") == [line.account for line in entry.lines] * 2
    assert _column(journal, "debit") == [line.debit.amount for line in entry.lines] * 2
    assert journal.schema.field("posted_on").type == pa.date32()
    assert to_arrow(entry).num_rows == len(entry.lines)


def test_pandas_and_polars_read_the_table_natively() -> None:
    items = [
        Invoice("I-1", "C-1", dt.date(2026, 1, 2), _usd("500.10"), due_date=dt.date(2026, 2, 1)),
        Invoice("I-2", "C-2", dt.date(2026, 1, 2), _usd("0.30"), due_date=dt.date(2026, 2, 1)),
    ]
    table = to_arrow(age(items, AS_OF))
    frame = table.to_pandas()
    assert list(frame["31-60"]) == [Decimal("500.10"), Decimal("0.30")]  # Decimal objects
    polars_frame = pl.from_arrow(table)
    assert isinstance(polars_frame, pl.DataFrame)
    assert polars_frame.schema["31-60"] == pl.Decimal(38, 2)
    assert polars_frame["31-60"].sum() == Decimal("500.40")


def test_records_of_one_type_only_and_an_empty_sequence() -> None:
    report = age(
        [Invoice("I-1", "C-1", dt.date(2026, 1, 2), _usd("5"), due_date=dt.date(2026, 2, 1))],
        AS_OF,
    )
    assert to_arrow(report.rows).num_rows == 1
    assert to_arrow([]).num_columns == 0
    with pytest.raises(InvalidTypeError, match="one type"):
        to_arrow([report.rows[0], report])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        to_arrow("report")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError):
        to_arrow([1, 2])  # type: ignore[arg-type]


def test_a_row_whose_money_is_in_another_currency_is_refused() -> None:
    from receivables.dunning import WorklistEntry

    entry = WorklistEntry(1, "C-1", Money("1", "EUR").currency, Decimal(1), (), _usd("5"), 3, 0, ())
    with pytest.raises(CurrencyMismatchError, match="past_due"):
        to_arrow([entry])


def test_disputed_column_carries_the_disputes() -> None:
    inv = Invoice("I-1", "C-1", dt.date(2026, 1, 1), _usd("70"), due_date=dt.date(2026, 1, 31))
    report = age([inv], AS_OF, disputes=[Dispute("I-1", _usd("20"), "pricing", AS_OF)])
    assert _column(to_arrow(report), "disputed") == [Decimal("20.00")]


def test_without_pyarrow_the_import_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['pyarrow'] = None\n"
        "try:\n"
        "    import receivables.frames\n"
        "except ImportError as error:\n"
        "    from receivables.errors import MissingDependencyError\n"
        "    assert isinstance(error, MissingDependencyError), type(error)\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "pip install 'receivables[arrow]'" in done.stdout
    assert issubclass(MissingDependencyError, ImportError)


@settings(max_examples=30)
@given(portfolios(max_customers=6, max_invoices=20))
def test_a_report_in_columns_gives_the_table_of_its_rows(book: Portfolio) -> None:
    """to_arrow reads a report that age() built from its columns; the table is the one its
    row objects give, segments, credits and disputes included."""
    bulk = age(book.open_items(), book.as_of, disputes=book.disputes,
               customers=book.customers, segment_by="segment")  # fmt: skip
    table = to_arrow(bulk)  # before the rows are read: from the columns
    rows = AgingReport(bulk.as_of, bulk.buckets, bulk.basis, bulk.credit_handling,
                       tuple(bulk.rows), bulk.segment_by)  # fmt: skip
    assert table.equals(to_arrow(rows), check_metadata=True)
    _assert_aging_table(bulk, table)


def test_columns_with_an_exact_intermediate_widen_as_rows_do() -> None:
    """A sum with more decimals than its currency has (an exact intermediate): the columns'
    one-pass conversion gives way to the per-column one, which widens the scale, exactly."""
    fine = Invoice("I-1", "C-1", dt.date(2026, 1, 2), _usd("0.005"), due_date=AS_OF)
    other = Invoice("I-2", "C-2", dt.date(2026, 1, 2), _usd("2"), due_date=dt.date(2026, 1, 2))
    table = to_arrow(age([fine, other], AS_OF))
    assert table.schema.field("Current").type == pa.decimal128(38, 3)
    assert _column(table, "Current") == [Decimal("0.005"), Decimal(0)]
    assert _column(table, "61-90") == [Decimal(0), Decimal(2)]
    assert _column(table, "total") == [Decimal("0.005"), Decimal(2)]
    fine_print = Invoice("I-3", "C-3", dt.date(2026, 1, 2),
                         _usd("99999999999999999.00000000000000001"), due_date=AS_OF)  # fmt: skip
    wide = to_arrow(age([fine_print, other], AS_OF))
    assert wide.schema.field("Current").type == pa.decimal128(38, 17)
    assert _column(wide, "total") == [Decimal(2), Decimal("99999999999999999.00000000000000001")]

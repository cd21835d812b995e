"""The aging report: invariants, credits, disputes, segments, conversion, records."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    CreditMemo,
    CurrencyMismatchError,
    Customer,
    Dispute,
    ExchangeRate,
    InvalidDocumentError,
    InvalidTypeError,
    Invoice,
    Money,
    OpenItem,
    Payment,
    RateTable,
    ValidationError,
)
from receivables.aging import AgingBasis, AgingReport, AgingRow, Buckets, CreditHandling, age
from receivables.documents import Portfolio
from receivables.samples import sample_portfolio
from receivables.testing import portfolios

D = dt.date
AS_OF = D(2026, 6, 30)


def inv(
    id: str,
    customer: str,
    due: dt.date,
    amount: str,
    currency: str = "USD",
    issued: dt.date | None = None,
) -> Invoice:
    return Invoice(id, customer, issued or due, Money(amount, currency), due_date=due)


def totals_hold(report: AgingReport, items: list[OpenItem]) -> None:
    for currency in {i.open_balance.currency for i in items}:
        balance = Money.total(
            (i.open_balance for i in items if i.open_balance.currency is currency), currency
        )
        buckets = Money.total(report.bucket_totals(currency).values(), currency)
        assert buckets + report.credits(currency) == balance == report.total(currency)


class TestBucketing:
    def test_rows_per_customer_and_currency(self) -> None:
        items: list[OpenItem] = [
            inv("I-1", "C-1", D(2026, 6, 30), "100"),  # current (due today)
            inv("I-2", "C-1", D(2026, 6, 29), "10"),  # 1 day past due
            inv("I-3", "C-1", D(2026, 2, 1), "5"),  # 149 days
            inv("I-4", "C-1", D(2026, 5, 1), "7", "EUR"),  # 60 days
            inv("I-5", "C-2", D(2026, 7, 30), "1"),  # not yet due
        ]
        report = age(items, AS_OF)
        assert [(r.customer_id, r.currency.code) for r in report.rows] == [
            ("C-1", "EUR"),
            ("C-1", "USD"),
            ("C-2", "USD"),
        ]
        c1_usd = report.rows[1]
        assert c1_usd.amount("Current") == Money("100", "USD")
        assert c1_usd.amount("1-30") == Money("10", "USD")
        assert c1_usd.amount("Over 120") == Money("5", "USD")
        assert report.rows[0].amount("31-60") == Money("7", "EUR")
        assert c1_usd.item_count == 3
        assert report.currencies[0].code == "EUR"
        totals_hold(report, items)

    def test_invoice_date_basis(self) -> None:
        item = inv("I-1", "C-1", D(2026, 6, 29), "10", issued=D(2026, 5, 1))
        assert age([item], AS_OF).rows[0].amount("1-30") == Money("10", "USD")
        by_issue = age([item], AS_OF, basis=AgingBasis.INVOICE_DATE)
        assert by_issue.rows[0].amount("31-60") == Money("10", "USD")

    def test_custom_buckets(self) -> None:
        report = age([inv("I-1", "C-1", D(2026, 6, 1), "10")], AS_OF, Buckets.from_edges((15,)))
        assert report.labels == ("Current", "1-15", "Over 15")
        assert report.rows[0].amount("Over 15") == Money("10", "USD")

    def test_zero_balances_are_skipped(self) -> None:
        paid = Invoice(
            "I-1",
            "C-1",
            D(2026, 1, 1),
            Money("10", "USD"),
            due_date=D(2026, 1, 1),
            open_amount=Money("0", "USD"),
        )
        assert age([paid], AS_OF).rows == ()

    def test_a_zero_balance_item_is_skipped_not_the_items_after_it(self) -> None:
        paid = Invoice(
            "I-0",
            "C-1",
            D(2026, 1, 1),
            Money("10", "USD"),
            due_date=D(2026, 1, 1),
            open_amount=Money("0", "USD"),
        )
        items: list[OpenItem] = [
            paid,
            inv("I-1", "C-1", D(2026, 6, 1), "5"),
            inv("I-2", "C-2", AS_OF, "7"),
        ]
        report = age(items, AS_OF)
        assert [(row.customer_id, row.item_count) for row in report.rows] == [
            ("C-1", 1),
            ("C-2", 1),
        ]
        assert report.rows[0].amount("1-30") == Money("5", "USD")
        assert report.total("USD") == Money("12", "USD")

    @pytest.mark.parametrize(
        ("days_past_due", "label"),
        [
            (-1, "Current"),
            (0, "Current"),
            (1, "1-30"),
            (30, "1-30"),
            (31, "31-60"),
            (60, "31-60"),
            (61, "61-90"),
            (90, "61-90"),
            (91, "91-120"),
            (120, "91-120"),
            (121, "Over 120"),
            (122, "Over 120"),
            (5000, "Over 120"),
        ],
    )
    def test_each_bucket_edge_from_both_sides(self, days_past_due: int, label: str) -> None:
        due = AS_OF - dt.timedelta(days=days_past_due)
        row = age([inv("I-1", "C-1", due, "10")], AS_OF).rows[0]
        assert [name for name in row.labels if row.amount(name)] == [label]

    def test_a_row_built_from_money(self) -> None:
        usd = Money("0", "USD")
        labels = ("Current", "Late")
        row = AgingRow.of("C-1", "USD", labels, [Money("1", "USD"), Money("2", "USD")], usd, usd)
        assert (row.customer_id, row.segment, row.item_count, row.total) == (
            "C-1",
            None,
            0,
            Money("3", "USD"),
        )
        counted = AgingRow.of(
            "C-1", "USD", ("Current",), [usd], usd, usd, segment="S", item_count=2
        )
        assert (counted.segment, counted.item_count) == ("S", 2)
        with pytest.raises(ValidationError, match=r"^2 labels but 1 amounts$"):
            AgingRow.of("C-1", "USD", labels, [usd], usd, usd)
        with pytest.raises(InvalidTypeError, match=r"^row amounts must be Money, got str$"):
            AgingRow.of("C-1", "USD", ("Current",), ["1"], usd, usd)  # type: ignore[list-item]
        with pytest.raises(CurrencyMismatchError, match=r"^row in USD holds an amount in EUR$"):
            AgingRow.of("C-1", "USD", ("Current",), [Money("1", "EUR")], usd, usd)

    def test_bad_arguments(self) -> None:
        with pytest.raises(InvalidTypeError):
            age([], "2026-06-30")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            age([], AS_OF, (30, 60))  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            age([], AS_OF, basis="due")  # type: ignore[arg-type]


class TestCredits:
    items: ClassVar[list[OpenItem]] = [
        inv("I-1", "C-1", D(2026, 5, 15), "100"),
        CreditMemo("CM-1", "C-1", D(2026, 6, 20), Money("30", "USD")),
        Payment("P-1", D(2026, 6, 30), Money("25", "USD")),  # unidentified cash, today
    ]

    def test_kept_apart_by_default(self) -> None:
        report = age(self.items, AS_OF)
        assert report.credits("USD") == Money("-55", "USD")
        assert report.bucket_totals("USD")["31-60"] == Money("100", "USD")
        unknown = report.rows_for(None)[0]
        assert unknown.credits == Money("-25", "USD")
        totals_hold(report, self.items)

    def test_netted_by_option(self) -> None:
        report = age(self.items, AS_OF, credits=CreditHandling.NET)
        assert report.credits("USD").is_zero
        totals = report.bucket_totals("USD")
        assert totals["1-30"] == Money("-30", "USD")  # the memo is 10 days old
        assert totals["Current"] == Money("-25", "USD")
        totals_hold(report, self.items)


class TestDisputes:
    def test_disputed_amount_shown_not_removed(self) -> None:
        items: list[OpenItem] = [inv("I-1", "C-1", D(2026, 5, 1), "100")]
        disputes = [
            Dispute("I-1", Money("30", "USD"), "pricing", D(2026, 5, 10)),
            Dispute("I-1", Money("90", "USD"), "quality", D(2026, 5, 12)),  # capped at balance
            Dispute("I-1", Money("5", "USD"), "quality", D(2026, 5, 1), resolved_on=D(2026, 5, 2)),
            Dispute("I-1", Money("5", "USD"), "quality", D(2026, 7, 1)),  # opens after as_of
        ]
        row = age(items, AS_OF, disputes=disputes).rows[0]
        assert row.disputed == Money("100", "USD")
        assert row.total == Money("100", "USD")
        assert row.collectible == Money("0", "USD")

    def test_disputes_must_be_disputes(self) -> None:
        with pytest.raises(InvalidTypeError):
            age([], AS_OF, disputes=["I-1"])  # type: ignore[list-item]

    def test_disputed_total_of_a_currency(self) -> None:
        items: list[OpenItem] = [
            inv("I-1", "C-1", D(2026, 6, 1), "100"),
            inv("I-2", "C-2", D(2026, 6, 1), "50"),
        ]
        disputes = [
            Dispute("I-1", Money("30", "USD"), "pricing", D(2026, 6, 5)),
            Dispute("I-2", Money("80", "USD"), "damaged", D(2026, 6, 5)),
        ]
        report = age(items, AS_OF, disputes=disputes)
        assert report.disputed("USD") == Money("80", "USD")  # 30 + at most the 50 open
        assert report.credits("USD").is_zero

    def test_undisputed_row_shows_zero(self) -> None:
        item = inv("I", "C", D(2026, 1, 1), "7")
        assert repr(age([item], D(2026, 1, 1)).rows[0].disputed) == "Money('0', 'USD')"


class TestEmptyReport:
    """An empty ledger is a report with no rows, whose totals are zero in any currency asked."""

    report = age([], D(2026, 1, 1))

    def test_no_currencies_and_no_rows(self) -> None:
        assert self.report.currencies == ()
        assert self.report.rows_in("USD") == ()
        assert self.report.rows_for("C-1") == ()

    def test_totals_are_zero_in_the_currency_asked(self) -> None:
        assert repr(self.report.bucket_totals("EUR")["Current"]) == "Money('0', 'EUR')"
        assert repr(self.report.credits("USD")) == "Money('0', 'USD')"
        assert repr(self.report.disputed("USD")) == "Money('0', 'USD')"
        assert repr(self.report.total("JPY")) == "Money('0', 'JPY')"
        assert repr(self.report.past_due("USD")) == "Money('0', 'USD')"


class TestSegments:
    customers: ClassVar[list[Customer]] = [
        Customer("C-1", "A", "USD", region="US", risk_class="B"),
        Customer("C-2", "B", "USD", region="US", risk_class="D"),
        Customer("C-3", "C", "USD", region="Canada"),
    ]
    items: ClassVar[list[OpenItem]] = [
        inv("I-1", "C-1", D(2026, 6, 1), "10"),
        inv("I-2", "C-2", D(2026, 6, 1), "20"),
        inv("I-3", "C-3", D(2026, 6, 1), "40"),
    ]

    def test_by_attribute_name(self) -> None:
        report = age(self.items, AS_OF, customers=self.customers, segment_by="region")
        assert [r.segment for r in report.rows] == ["Canada", "US", "US"]
        rolled = report.rollup()
        assert [(r.segment, r.total) for r in rolled.rows] == [
            ("Canada", Money("40", "USD")),
            ("US", Money("30", "USD")),
        ]
        assert rolled.rows[1].item_count == 2

    def test_by_function_and_none(self) -> None:
        report = age(
            self.items,
            AS_OF,
            customers={c.id: c for c in self.customers},
            segment_by=lambda c: c.risk_class,
        )
        assert {r.customer_id: r.segment for r in report.rows} == {
            "C-1": "B",
            "C-2": "D",
            "C-3": None,
        }

    def test_rows_and_rollups_without_a_segment_come_last(self) -> None:
        report = age(self.items, AS_OF, customers=self.customers, segment_by=lambda c: c.risk_class)
        assert [(r.segment, r.customer_id) for r in report.rows] == [
            ("B", "C-1"),
            ("D", "C-2"),
            (None, "C-3"),
        ]
        rolled = report.rollup()
        assert [(r.segment, r.total, r.item_count) for r in rolled.rows] == [
            ("B", Money("10", "USD"), 1),
            ("D", Money("20", "USD"), 1),
            (None, Money("40", "USD"), 1),
        ]
        assert rolled.labels == report.labels

    def test_unknown_attribute_and_missing_customer(self) -> None:
        with pytest.raises(ValidationError, match="no attribute 'colour'"):
            age(self.items, AS_OF, customers=self.customers, segment_by="colour")
        with pytest.raises(InvalidDocumentError, match="C-3"):
            age(self.items, AS_OF, customers=self.customers[:2], segment_by="region")


class TestViews:
    def test_converted_view_merges_currencies(self) -> None:
        items: list[OpenItem] = [
            inv("I-1", "C-1", D(2026, 6, 1), "100", "EUR"),
            inv("I-2", "C-1", D(2026, 6, 1), "50", "USD"),
        ]
        rates = RateTable([ExchangeRate("EUR", "USD", "1.10", D(2026, 1, 1))])
        converted = age(items, AS_OF).converted(rates, "USD")
        assert converted.currencies == (converted.rows[0].currency,)
        assert converted.rows[0].amount("1-30") == Money("160.00", "USD")

    def test_converted_view_keeps_customers_counts_and_order_and_reads_rates_on_a_day(self) -> None:
        items: list[OpenItem] = [
            inv("I-1", "C-2", D(2026, 6, 1), "100", "EUR"),
            inv("I-2", "C-2", D(2026, 6, 1), "50", "USD"),
            inv("I-3", "C-1", D(2026, 6, 29), "10", "USD"),
        ]
        rates = RateTable(
            [
                ExchangeRate("EUR", "USD", "1.10", D(2026, 1, 1)),
                ExchangeRate("EUR", "USD", "1.20", D(2026, 6, 15)),
            ]
        )
        report = age(items, AS_OF)
        on_the_report_date = report.converted(rates, "USD")
        assert [(r.customer_id, r.item_count) for r in on_the_report_date.rows] == [
            ("C-1", 1),
            ("C-2", 2),
        ]
        assert on_the_report_date.rows[1].amount("1-30") == Money("170.00", "USD")
        earlier = report.converted(rates, "USD", on=D(2026, 6, 10))
        assert earlier.rows[1].amount("1-30") == Money("160.00", "USD")
        with pytest.raises(InvalidTypeError, match=r"^on must be a datetime.date, not str"):
            report.converted(rates, "USD", on="2026-06-10")  # type: ignore[arg-type]

    def test_records_hold_every_column(self) -> None:
        items: list[OpenItem] = [
            inv("I-2", "C-2", D(2026, 6, 1), "50", "USD"),
            CreditMemo("CM-1", "C-2", D(2026, 6, 2), Money("5", "USD")),
        ]
        disputes = [Dispute("I-2", Money("20", "USD"), "pricing", D(2026, 6, 5))]
        assert age(items, AS_OF, disputes=disputes).to_records() == [
            {
                "customer_id": "C-2",
                "segment": None,
                "currency": "USD",
                "Current": Decimal(0),
                "1-30": Decimal(50),
                "31-60": Decimal(0),
                "61-90": Decimal(0),
                "91-120": Decimal(0),
                "Over 120": Decimal(0),
                "credits": Decimal(-5),
                "disputed": Decimal(20),
                "collectible": Decimal(25),
                "total": Decimal(45),
                "items": 2,
            }
        ]

    def test_records(self) -> None:
        items: list[OpenItem] = [inv("I-1", "C-1", D(2026, 6, 1), "12.34")]
        disputes = [Dispute("I-1", Money("2.34", "USD"), "pricing", D(2026, 6, 5))]
        (record,) = age(items, AS_OF, disputes=disputes).to_records()
        assert record["1-30"] == Decimal("12.34")
        assert record["collectible"] == Decimal("10.00")
        assert record["items"] == 1
        assert list(record)[:3] == ["customer_id", "segment", "currency"]


def small_book() -> st.SearchStrategy[Portfolio]:
    return portfolios(max_customers=4, max_invoices=25)


class TestInvariants:
    @given(small_book(), st.sampled_from(list(CreditHandling)), st.sampled_from(list(AgingBasis)))
    def test_buckets_plus_credits_equal_the_open_balance(
        self, book: Portfolio, credits: CreditHandling, basis: AgingBasis
    ) -> None:
        items = list(book.open_items())
        report = age(items, book.as_of, basis=basis, credits=credits, disputes=book.disputes)
        totals_hold(report, items)
        for row in report.rows:
            assert Money.zero(row.currency) <= row.disputed
            if credits is CreditHandling.SEPARATE:
                assert row.disputed <= Money.total(row.amounts, row.currency)

    @given(small_book(), st.randoms(use_true_random=False))
    def test_independent_of_item_order(self, book: Portfolio, rng: random.Random) -> None:
        items = list(book.open_items())
        shuffled = items[:]
        rng.shuffle(shuffled)
        assert age(items, book.as_of, disputes=book.disputes) == age(
            shuffled, book.as_of, disputes=book.disputes
        )

    @given(small_book(), st.integers(0, 400))
    def test_later_as_of_never_makes_an_amount_younger(self, book: Portfolio, days: int) -> None:
        items = [i for i in book.open_items() if i.open_balance.is_positive]
        later = book.as_of + dt.timedelta(days=days)
        before, after = age(items, book.as_of), age(items, later)
        labels = before.labels
        for currency in before.currencies:
            first, second = before.bucket_totals(currency), after.bucket_totals(currency)
            # Everything in bucket k or older before is in bucket k or older after.
            for k in range(len(labels)):
                older_before = Money.total((first[label] for label in labels[k:]), currency)
                older_after = Money.total((second[label] for label in labels[k:]), currency)
                assert older_after >= older_before


def test_sample_portfolio_end_to_end() -> None:
    book = sample_portfolio(seed=9, customers=80, as_of=AS_OF)
    items = list(book.open_items())
    report = age(
        items, AS_OF, disputes=book.disputes, customers=book.customers, segment_by="collector"
    )
    totals_hold(report, items)
    assert {r.segment for r in report.rows if r.customer_id} <= {
        "ana",
        "ben",
        "chloe",
        "diego",
        "emma",
    }
    assert any(r.disputed.is_positive for r in report.rows)


# --- rows and reports built by hand (regression: the fuzz suite's AgingRow defects) ----------


_LABELS = ("Current", "1-30", "Over 30")


@pytest.mark.parametrize("sums", [0, 1, 2, 4, 6])
def test_a_row_needs_one_sum_per_label_then_credits_and_disputed(sums: int) -> None:
    """Labels and sums of other lengths were accepted and failed later with IndexError (credits,
    disputed, collectible) or zip's ValueError (oldest_bucket, to_records, compare)."""
    with pytest.raises(ValidationError, match=r"customer 'C-7' in USD has 3 labels but \d sums"):
        AgingRow("C-7", Money.zero("USD").currency, _LABELS, (Decimal(1),) * sums)


def test_a_row_of_exactly_the_right_shape_is_read_back() -> None:
    row = AgingRow("C-7", Money.zero("USD").currency, _LABELS, tuple(map(Decimal, "12345")))
    assert row.amounts == (Money("1", "USD"), Money("2", "USD"), Money("3", "USD"))
    assert (row.credits, row.disputed) == (Money("4", "USD"), Money("5", "USD"))
    assert row.oldest_bucket == "Over 30"
    assert row.collectible == Money("5", "USD")


def test_a_report_refuses_rows_of_other_buckets() -> None:
    usd = Money.zero("USD").currency
    row = AgingRow("C-7", usd, _LABELS, (Decimal(0),) * 5)
    standard = Buckets.standard()
    with pytest.raises(ValidationError, match=r"customer 'C-7' in USD has the buckets \("):
        AgingReport(dt.date(2026, 1, 1), standard, AgingBasis.DUE_DATE, CreditHandling.NET, (row,))
    fitting = AgingRow("C-7", usd, standard.labels, (Decimal(0),) * (len(standard.labels) + 2))
    report = AgingReport(
        dt.date(2026, 1, 1), standard, AgingBasis.DUE_DATE, CreditHandling.NET, (fitting,)
    )
    assert report.to_records()[0]["customer_id"] == "C-7"


def test_a_report_refuses_a_str_of_rows() -> None:
    with pytest.raises(InvalidTypeError, match="rows must be an iterable of AgingRow"):
        AgingReport(
            dt.date(2026, 1, 1),
            Buckets.standard(),
            AgingBasis.DUE_DATE,
            CreditHandling.NET,
            "rows",  # type: ignore[arg-type]
        )

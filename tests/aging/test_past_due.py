"""The past-due report and the comparison of two snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidDateError, Invoice, Money, ValidationError
from receivables.aging import Buckets, age, compare, past_due_report
from receivables.documents import Portfolio
from receivables.testing import portfolios

D = dt.date


def inv(id: str, customer: str, due: dt.date, amount: str) -> Invoice:
    return Invoice(id, customer, due, Money(amount, "USD"), due_date=due)


class TestPastDueReport:
    items = (
        inv("I-1", "C-1", D(2026, 1, 10), "500"),
        inv("I-2", "C-1", D(2026, 3, 1), "100"),
        inv("I-3", "C-2", D(2026, 3, 1), "300"),
        inv("I-4", "C-3", D(2026, 3, 1), "300"),
        inv("I-5", "C-4", D(2026, 4, 30), "800"),  # not yet due
    )
    as_of = D(2026, 3, 20)

    def test_summary_and_ranking(self) -> None:
        usd = past_due_report(age(self.items, self.as_of), top=2).currency("USD")
        assert usd.total == Money("2000", "USD")
        assert usd.current == Money("800", "USD")
        assert usd.past_due == Money("1200", "USD")
        assert usd.past_due_share == Decimal("0.6")
        assert usd.accounts_past_due == 3
        assert [(a.rank, a.customer_id) for a in usd.top_accounts] == [(1, "C-1"), (2, "C-2")]
        leader = usd.top_accounts[0]
        assert leader.past_due == Money("600", "USD")
        assert leader.oldest_bucket == "61-90"
        assert leader.share == Decimal("0.5")
        assert leader.reasons[0].code == "aging.top_delinquent"
        # ties on amount break by customer id: C-2 before C-3
        assert usd.concentration == Decimal("0.75")

    def test_concentration_alert(self) -> None:
        report = age(self.items, self.as_of)
        quiet = past_due_report(report, top=1, concentration_alert="0.6").currency("USD")
        assert quiet.reasons == ()
        loud = past_due_report(report, top=1, concentration_alert="0.5").currency("USD")
        assert loud.reasons[0].code == "aging.past_due_concentration"
        assert loud.reasons[0].figure("concentration") == Decimal("0.5")

    def test_bad_arguments(self) -> None:
        with pytest.raises(ValidationError):
            past_due_report(age(self.items, self.as_of), top=0)
        with pytest.raises(ValidationError, match="no EUR"):
            past_due_report(age(self.items, self.as_of)).currency("EUR")

    def test_an_empty_ledger_reports_no_currency(self) -> None:
        report = past_due_report(age([], D(2026, 1, 1)))
        assert report.currencies == ()
        with pytest.raises(ValidationError, match="no USD items in the past-due report"):
            report.currency("USD")

    @given(portfolios(max_customers=4, max_invoices=15), st.integers(1, 5))
    def test_properties(self, book: Portfolio, top: int) -> None:
        report = age(book.open_items(), book.as_of)
        result = past_due_report(report, top=top)
        for section in result.by_currency:
            assert section.current + section.past_due + report.credits(section.currency) == (
                section.total
            )
            assert len(section.top_accounts) <= top
            amounts = [a.past_due for a in section.top_accounts]
            assert amounts == sorted(amounts, reverse=True)
            assert 0 <= section.concentration <= 1
            held = Money.total(amounts, section.currency)
            assert held <= section.past_due


class TestCompare:
    def test_movement(self) -> None:
        january = [
            inv("I-1", "C-1", D(2026, 1, 1), "100"),  # cured by February
            inv("I-2", "C-2", D(2026, 1, 20), "50"),  # keeps ageing
        ]
        february = [
            inv("I-2", "C-2", D(2026, 1, 20), "50"),
            inv("I-3", "C-3", D(2026, 2, 10), "70"),  # new delinquency
        ]
        before, after = age(january, D(2026, 1, 31)), age(february, D(2026, 3, 2))
        usd = compare(before, after).currency("USD")
        assert [a.customer_id for a in usd.cures] == ["C-1"]
        assert [a.customer_id for a in usd.new_delinquencies] == ["C-3"]
        assert [a.customer_id for a in usd.worsened] == ["C-2"]
        by_label = {b.label: b for b in usd.buckets}
        assert by_label["1-30"].previous == Money("150", "USD")
        assert by_label["31-60"].current == Money("50", "USD")
        source, target, rate = usd.roll_forward[1]
        assert (source, target) == ("1-30", "31-60")
        assert rate is not None
        assert round(rate, 20) == round(Decimal(1) / 3, 20)
        assert usd.roll_forward[2][2] is None  # nothing was in 31-60 before
        assert {r.code for r in usd.reasons} == {"aging.new_delinquency", "aging.cured"}

    def test_two_empty_snapshots_have_no_currency(self) -> None:
        assert compare(age([], D(2026, 1, 1)), age([], D(2026, 2, 1))).currencies == ()
        same_day = compare(age([], D(2026, 1, 1)), age([], D(2026, 1, 1)))
        assert same_day.currencies == ()
        with pytest.raises(ValidationError, match="no EUR items in either snapshot"):
            same_day.currency("EUR")

    def test_snapshots_must_match(self) -> None:
        first = age([], D(2026, 1, 31))
        with pytest.raises(ValidationError, match="different buckets"):
            compare(first, age([], D(2026, 2, 28), Buckets.from_edges((30,))))
        with pytest.raises(InvalidDateError):
            compare(age([], D(2026, 2, 28)), first)


@pytest.mark.parametrize(
    ("alert", "message"),
    [
        ("", "concentration_alert '' is not a number"),
        ("half", "concentration_alert 'half' is not a number"),
        ("NaN", "concentration_alert must be a finite number"),
        ("-0.01", "concentration_alert must be from 0 to 1"),
        (Decimal("1.01"), "concentration_alert must be from 0 to 1"),
        (Decimal("1E-40"), "concentration_alert must be 0 or at least 1E-12"),
    ],
)
def test_a_bad_concentration_alert_is_refused_naming_it(alert: Decimal | str, message: str) -> None:
    """Regression: text that is not a number escaped as decimal.InvalidOperation."""
    report = age([], dt.date(2026, 3, 1))
    with pytest.raises(ValidationError, match=message):
        past_due_report(report, concentration_alert=alert)


@pytest.mark.parametrize(
    ("alert", "flagged"),
    [("0", True), ("0.9", True), (Decimal("0.900000000001"), False), ("1", False)],
)
def test_the_concentration_alert_from_both_sides(alert: Decimal | str, flagged: bool) -> None:
    """The top account holds exactly 0.9 of the past-due total: an alert at 0.9 fires."""
    day = dt.date(2026, 1, 1)
    items = [
        Invoice(f"I-{n}", f"C-{n}", day, Money(amount, "USD"), due_date=day)
        for n, amount in ((1, "900"), (2, "100"))
    ]
    report = past_due_report(age(items, dt.date(2026, 3, 1)), top=1, concentration_alert=alert)
    usd = report.currency("USD")
    assert usd.concentration == Decimal("0.9")
    assert [r.code for r in usd.reasons] == (["aging.past_due_concentration"] if flagged else [])

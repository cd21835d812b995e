"""AR metrics: reference cases from published worked examples, and input checks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    AmountTypeError,
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidTypeError,
    Invoice,
    Money,
)
from receivables._decimal import CONTEXT
from receivables.aging.metrics import (
    average_days_delinquent,
    best_possible_dso,
    collection_effectiveness_index,
    countback_dso,
    dso,
    percent_current,
    receivables_turnover,
    weighted_average_days_beyond_terms,
    weighted_average_days_to_pay,
)
from receivables.testing import money


def usd(amount: str) -> Money:
    return Money(amount, "USD")


@pytest.mark.reference
class TestReferenceCases:
    def test_dso_jd_edwards(self) -> None:
        """Oracle JD Edwards EnterpriseOne 9.2, Accounts Receivable, "Current Balance Divided
        by Sales": (10869 x 90) / (5538 + 4566 + 7570) = 55.35 days."""
        sales = usd("5538") + usd("4566") + usd("7570")
        days = dso(usd("10869"), sales, 90)
        assert days.quantize(Decimal("0.01"), context=CONTEXT) == Decimal("55.35")

    def test_dso_upflow(self) -> None:
        """Upflow, "The 2 DSO calculation formulas": 200,000 / 2,000,000 x 365 = 36.5 days."""
        assert dso(usd("200000"), usd("2000000"), 365) == Decimal("36.5")

    def test_countback_dso(self) -> None:
        """Upflow / Benji Pays count-back example: receivables 212,000 against monthly sales of
        100,000, 80,000 and 70,000 (newest first, 30 days each): 60 + 32/70 x 30 = 73.7 days."""
        periods = [(usd("100000"), 30), (usd("80000"), 30), (usd("70000"), 30)]
        days = countback_dso(usd("212000"), periods)
        assert days.quantize(Decimal("0.1"), context=CONTEXT) == Decimal("73.7")

    def test_cei_crf_three_month_average(self) -> None:
        """CreditGuru, "Collection Effectiveness Index": Jan-Mar credit sales 10,890 (N = 3),
        beginning receivables 6,200, ending total 6,340, ending current 3,590: CEI 55.9%."""
        cei = collection_effectiveness_index(
            usd("6200"), usd("10890"), usd("6340"), usd("3590"), months=3
        )
        assert cei.quantize(Decimal("0.1"), context=CONTEXT) == Decimal("55.9")

    def test_cei_period_sales(self) -> None:
        """The same figures with the quarter's whole sales (as in the WizEdu worked answer):
        (6200 + 10890 - 6340) / (6200 + 10890 - 3590) = 10750 / 13500 = 79.63%."""
        cei = collection_effectiveness_index(usd("6200"), usd("10890"), usd("6340"), usd("3590"))
        assert cei.quantize(Decimal("0.01"), context=CONTEXT) == Decimal("79.63")

    def test_cei_gaviti(self) -> None:
        """Gaviti, "What is Collection Effectiveness Index": 100,000 beginning, 1,000,000 sales,
        120,000 ending, 100,000 ending current: 980,000 / 1,000,000 = 98%."""
        cei = collection_effectiveness_index(
            usd("100000"), usd("1000000"), usd("120000"), usd("100000")
        )
        assert cei == 98


class TestDefinitions:
    def test_add_is_dso_minus_best_possible(self) -> None:
        total, current, sales = usd("100000"), usd("60000"), usd("300000")
        add = average_days_delinquent(total, current, sales, 90)
        assert add == dso(total, sales, 90) - best_possible_dso(current, sales, 90)
        # equivalently the past-due part alone
        assert round(add, 20) == round(dso(usd("40000"), sales, 90), 20)

    def test_countback_exact_periods_and_zero(self) -> None:
        periods = [(usd("100"), 31), (usd("100"), 28)]
        assert countback_dso(usd("200"), periods) == 59
        assert countback_dso(usd("100"), periods) == 31
        assert countback_dso(usd("0"), periods) == 0
        assert repr(countback_dso(usd("0"), [(usd("100"), 31)])) == "Decimal('0')"

    def test_countback_needs_enough_periods(self) -> None:
        with pytest.raises(InvalidAmountError, match="supply more periods"):
            countback_dso(usd("300"), [(usd("100"), 30), (usd("100"), 30)])

    def test_percent_current_and_turnover(self) -> None:
        assert percent_current(usd("25"), usd("100")) == 25
        assert receivables_turnover(usd("1200000"), usd("150000")) == 8

    @given(money("USD", min_value="0.01", max_value=10**6), st.integers(1, 365))
    def test_dso_scales_with_receivables(self, sales: Money, days: int) -> None:
        assert dso(sales, sales, days) == days
        assert dso(Money.zero("USD"), sales, days) == 0

    @given(
        st.lists(
            st.tuples(money("EUR", min_value=1, max_value=10**5), st.integers(28, 31)),
            min_size=1,
            max_size=6,
        ),
        st.data(),
    )
    def test_countback_is_bounded_by_the_days_given(
        self, periods: list[tuple[Money, int]], data: st.DataObject
    ) -> None:
        total_sales = Money.total((sales for sales, _ in periods), "EUR")
        receivables = data.draw(money("EUR", min_value=0, max_value=total_sales.amount))
        days = countback_dso(receivables, periods)
        assert 0 <= days <= sum(d for _, d in periods)

    @given(
        money("USD", min_value=0, max_value=10**6),
        money("USD", min_value=0, max_value=10**6),
        st.data(),
    )
    def test_cei_is_a_percentage_when_collections_are_real(
        self, beginning: Money, sales: Money, data: st.DataObject
    ) -> None:
        available = beginning + sales
        ending = data.draw(money("USD", min_value=0, max_value=available.amount))
        current = data.draw(money("USD", min_value=0, max_value=ending.amount))
        if (available - current).is_positive:
            assert 0 <= collection_effectiveness_index(beginning, sales, ending, current) <= 100


class TestPaymentBehaviour:
    @staticmethod
    def paid(amount: str, issued: dt.date, due: dt.date, paid: dt.date) -> Invoice:
        return Invoice(
            f"I-{amount}-{paid}",
            "C",
            issued,
            usd(amount),
            due_date=due,
            open_amount=usd("0"),
            paid_on=paid,
        )

    def test_weighted_days(self) -> None:
        jan1, jan31 = dt.date(2026, 1, 1), dt.date(2026, 1, 31)
        invoices = [
            self.paid("100", jan1, jan31, dt.date(2026, 1, 21)),  # 20 days, 10 early
            self.paid("300", jan1, jan31, dt.date(2026, 3, 2)),  # 60 days, 30 late
        ]
        assert weighted_average_days_to_pay(invoices) == Decimal("50")
        assert weighted_average_days_beyond_terms(invoices) == Decimal("22.5")
        assert weighted_average_days_beyond_terms(invoices, count_early=True) == Decimal("20")

    def test_needs_paid_invoices(self) -> None:
        open_invoice = Invoice(
            "I", "C", dt.date(2026, 1, 1), usd("1"), due_date=dt.date(2026, 1, 1)
        )
        with pytest.raises(InvalidAmountError, match="no paid_on"):
            weighted_average_days_to_pay([open_invoice])
        with pytest.raises(InvalidAmountError, match="no paid invoices"):
            weighted_average_days_to_pay([])


class TestBadInput:
    def test_zero_sales(self) -> None:
        with pytest.raises(InvalidAmountError, match="credit_sales"):
            dso(usd("1"), usd("0"), 30)

    def test_mixed_currencies(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="credit_sales"):
            dso(usd("1"), Money("1", "EUR"), 30)

    def test_bad_days(self) -> None:
        with pytest.raises(InvalidAmountError, match="days"):
            dso(usd("1"), usd("1"), -5)
        with pytest.raises(InvalidTypeError):
            dso(usd("1"), usd("1"), 30.0)  # type: ignore[arg-type]

    def test_not_money(self) -> None:
        with pytest.raises(AmountTypeError):
            dso(Decimal(1), usd("1"), 30)  # type: ignore[arg-type]

    def test_inconsistent_current(self) -> None:
        with pytest.raises(InvalidAmountError, match="exceed"):
            collection_effectiveness_index(usd("1"), usd("1"), usd("1"), usd("2"))
        with pytest.raises(InvalidAmountError, match="exceed"):
            average_days_delinquent(usd("1"), usd("2"), usd("10"), 30)

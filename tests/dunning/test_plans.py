"""Payment plans and settlement offers (``receivables.dunning.plans``): the standard annuity,
the remainder on the last instalment, bad inputs, principal summing to the balance, and
settlement floors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import InvalidAmountError, InvalidDateError, Money, ReceivablesError
from receivables.dunning import Frequency, payment_plan, settlement_offer
from receivables.errors import InvalidRateError
from receivables.testing import money

D = dt.date


class TestPaymentPlans:
    @pytest.mark.reference
    def test_known_annuity(self) -> None:
        """A 1,200 loan at 12% a year repaid monthly over 12 months: payment 106.62, interest
        79.42 (the standard amortisation table result)."""
        plan = payment_plan(Money("1200.00", "USD"), 12, D(2026, 2, 1), annual_rate="0.12")
        assert plan.lines[0].payment == Money("106.62", "USD")
        assert plan.total_interest == Money("79.42", "USD")
        assert plan.lines[-1].remaining.is_zero
        assert [line.due_date for line in plan.lines[:3]] == [
            D(2026, 2, 1),
            D(2026, 3, 1),
            D(2026, 4, 1),
        ]

    def test_no_interest_puts_the_remainder_last(self) -> None:
        plan = payment_plan(Money("100.00", "USD"), 3, D(2026, 1, 31), frequency=Frequency.WEEKLY)
        assert [str(line.payment) for line in plan.lines] == ["33.33 USD", "33.33 USD", "33.34 USD"]
        assert [line.due_date for line in plan.lines] == [
            D(2026, 1, 31),
            D(2026, 2, 7),
            D(2026, 2, 14),
        ]

    def test_no_interest_plan_charges_none(self) -> None:
        plan = payment_plan(Money("1000.00", "USD"), 2, D(2026, 2, 1))
        assert repr(plan.total_interest) == "Money('0.00', 'USD')"

    def test_a_monthly_step_from_the_31st_ends_the_shorter_month(self) -> None:
        assert D(2026, 1, 31) + Frequency.MONTHLY.step(1) == D(2026, 2, 28)

    def test_bad_inputs(self) -> None:
        with pytest.raises(InvalidAmountError):
            payment_plan(Money("0", "USD"), 3, D(2026, 1, 1))
        with pytest.raises(InvalidAmountError):
            payment_plan(Money("10.005", "USD"), 3, D(2026, 1, 1))
        with pytest.raises(InvalidAmountError):
            payment_plan(Money("10", "USD"), 0, D(2026, 1, 1))
        with pytest.raises(InvalidRateError):
            payment_plan(Money("10", "USD"), 2, D(2026, 1, 1), annual_rate="-0.1")

    @given(
        money(min_value="0.01", max_value=10**7),
        st.integers(1, 60),
        st.decimals(0, "0.4", places=4),
        st.sampled_from(list(Frequency)),
    )
    def test_principal_sums_to_the_balance(
        self, balance: Money, count: int, rate: Decimal, frequency: Frequency
    ) -> None:
        plan = payment_plan(balance, count, D(2026, 1, 31), annual_rate=rate, frequency=frequency)
        assert len(plan.lines) == count
        assert Money.total((line.principal for line in plan.lines), balance.currency) == balance
        assert plan.lines[-1].remaining.is_zero
        for line in plan.lines:
            assert line.payment == line.principal + line.interest
            assert not line.interest.is_negative
            assert not line.principal.is_negative
        dates = [line.due_date for line in plan.lines]
        assert dates == sorted(dates)


class TestSettlement:
    def test_floor_and_net_recovery(self) -> None:
        offer = settlement_offer(Money("1000.00", "USD"), discount="0.3", floor="0.5")
        assert offer.offer == Money("700.00", "USD")
        assert offer.recovery_ratio == Decimal("0.7")
        floored = settlement_offer(
            Money("1000.00", "USD"),
            discount="0.8",
            floor="0.5",
            collection_cost=Money("100", "USD"),
        )
        assert floored.offer == Money("500.00", "USD")
        assert floored.net_recovery_ratio == Decimal("0.4")
        assert floored.reasons[-1].code == "dunning.settlement_floor"

    @given(
        money(min_value="0.01", max_value=10**7),
        st.decimals(0, 1, places=3),
        st.decimals(0, 1, places=3),
    )
    def test_never_below_the_floor(self, balance: Money, discount: Decimal, floor: Decimal) -> None:
        offer = settlement_offer(balance, discount=discount, floor=floor)
        assert offer.recovery_ratio >= floor
        assert offer.offer + offer.forgiven == balance
        assert offer.offer <= balance or floor == 1


class TestPlanLimits:
    """A plan's size is bounded and its dates stay in range: a library error, never a hang."""

    def test_too_many_instalments_are_refused_at_once(self) -> None:
        with pytest.raises(InvalidAmountError, match="at most 1,200 instalments"):
            payment_plan(Money("100.00", "USD"), 10**9, D(2026, 1, 1))
        with pytest.raises(InvalidAmountError, match="at most 1,200 instalments"):
            payment_plan(Money("100.00", "USD"), 10**5000, D(2026, 1, 1))
        plan = payment_plan(Money("1200.00", "USD"), 1200, D(2026, 1, 1))
        assert len(plan.lines) == 1200

    def test_plan_past_the_last_date(self) -> None:
        with pytest.raises(
            InvalidDateError, match="a payment plan instalment would fall after 9999-12-31"
        ):
            payment_plan(Money("100.00", "USD"), 4, D(9999, 6, 30), frequency=Frequency.QUARTERLY)
        with pytest.raises(InvalidDateError, match="after 9999-12-31"):
            payment_plan(Money("100.00", "USD"), 2, D(9999, 12, 25), frequency=Frequency.WEEKLY)
        last = payment_plan(Money("100.00", "USD"), 3, D(9999, 10, 31)).lines[-1]
        assert last.due_date == dt.date.max

    @given(
        st.dates(dt.date.min, dt.date.max),
        st.integers(-(10**12), 10**12),
        st.sampled_from(Frequency),
    )
    def test_any_plan_is_a_plan_or_a_library_error(
        self, first_due: dt.date, instalments: int, frequency: Frequency
    ) -> None:
        try:
            plan = payment_plan(Money("500.00", "USD"), instalments, first_due, frequency=frequency)
        except ReceivablesError:
            return
        assert [line.due_date for line in plan.lines] == [
            first_due + frequency.step(number) for number in range(instalments)
        ]

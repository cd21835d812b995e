"""Interest: simple and contractual, and the statutory regimes against published examples."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    AmountTypeError,
    CurrencyMismatchError,
    InvalidDateError,
    InvalidTypeError,
    MissingRateError,
    Money,
    ReceivablesError,
)
from receivables.calendar import DayCount
from receivables.dunning import (
    ReferenceRate,
    ReferenceRates,
    Regime,
    contractual_interest,
    late_payment_claim,
    simple_interest,
)
from receivables.errors import InvalidRateError
from receivables.testing import money

D = dt.date
UK = Regime.UK_LATE_PAYMENT_ACT_1998
EU = Regime.EU_LATE_PAYMENT_DIRECTIVE


class TestSimpleInterest:
    def test_days_after_start_through_end(self) -> None:
        # 31 days: Jan 2 .. Feb 1 inclusive
        assert simple_interest(
            Money("3650.00", "USD"), "0.10", D(2026, 1, 1), D(2026, 2, 1)
        ) == Money("31.00", "USD")
        assert simple_interest(Money("100", "USD"), "0.10", D(2026, 1, 1), D(2026, 1, 1)).is_zero

    def test_day_counts(self) -> None:
        principal = Money("36000.00", "EUR")
        start, end = D(2026, 1, 31), D(2026, 3, 31)
        assert simple_interest(principal, "0.10", start, end, DayCount.ACT_360) == Money(
            "590.00", "EUR"
        )
        assert simple_interest(principal, "0.10", start, end, DayCount.THIRTY_360_US) == Money(
            "600.00", "EUR"
        )

    def test_bad_rates(self) -> None:
        with pytest.raises(InvalidRateError) as negative:
            simple_interest(Money("1", "USD"), "-0.01", D(2026, 1, 1), D(2026, 2, 1))
        assert str(negative.value) == "annual_rate must not be negative, got -0.01"
        with pytest.raises(AmountTypeError, match=r"^annual_rate must be Decimal, int or str"):
            simple_interest(Money("1", "USD"), 0.05, D(2026, 1, 1), D(2026, 2, 1))  # type: ignore[arg-type]

    @given(
        money("USD", min_value=0, max_value=10**7),
        st.decimals(0, 1, places=4),
        st.integers(0, 2000),
    )
    def test_never_negative_and_grows_with_time(
        self, principal: Money, rate: Decimal, days: int
    ) -> None:
        start = D(2026, 1, 1)
        first = simple_interest(principal, rate, start, start + dt.timedelta(days=days))
        later = simple_interest(principal, rate, start, start + dt.timedelta(days=days + 30))
        assert Money.zero("USD") <= first <= later

    def test_contractual_interest_grace(self) -> None:
        amount = Money("1000.00", "USD")
        assert contractual_interest(
            amount, "0.12", D(2026, 1, 1), D(2026, 1, 6), grace_days=5
        ).is_zero
        assert contractual_interest(
            amount, "0.12", D(2026, 1, 1), D(2026, 1, 7), grace_days=5
        ) == Money("1.97", "USD")


class TestUkAct:
    @pytest.mark.reference
    def test_daniels_silverman_worked_example(self) -> None:
        """Daniels Silverman, "Statutory Interest calculator": a GBP 1,000 debt, reference rate 4%
        (statutory 12%), 30 days late: 1,000 x 12% / 365 x 30 = GBP 9.86, plus GBP 70."""
        claim = late_payment_claim(
            Money("1000.00", "GBP"),
            D(2024, 1, 31),
            D(2024, 3, 1),
            regime=UK,
            reference_rates=[ReferenceRate(D(2023, 8, 1), "0.04")],
        )
        assert claim.days == 30
        assert claim.rate == Decimal("0.12")
        assert claim.interest == Money("9.86", "GBP")
        assert claim.fixed_compensation == Money("70.00", "GBP")

    @pytest.mark.reference
    def test_paidnice_example_exactly(self) -> None:
        """Paidnice, "How to automatically calculate statutory interest in the UK": GBP 5,000, base
        4.25% (12.25%), 101 days overdue. The page rounds the daily rate to GBP 1.68 first and
        shows 169.68; the Act's simple interest on the exact daily rate is 169.49."""
        claim = late_payment_claim(
            Money("5000.00", "GBP"),
            D(2025, 6, 30),
            D(2025, 10, 9),
            regime=UK,
            reference_rates=[ReferenceRate(D(2025, 5, 8), "0.0425")],
        )
        assert claim.days == 101
        assert claim.interest == Money("169.49", "GBP")

    @pytest.mark.parametrize(
        ("amount", "fixed"),
        [("999.99", "40.00"), ("1000.00", "70.00"), ("9999.99", "70.00"), ("10000.00", "100.00")],
    )
    def test_fixed_sums(self, amount: str, fixed: str) -> None:
        claim = late_payment_claim(
            Money(amount, "GBP"),
            D(2026, 1, 1),
            D(2026, 1, 2),
            regime=UK,
            reference_rates=[ReferenceRate(D(2025, 1, 1), "0.04")],
        )
        assert claim.fixed_compensation == Money(fixed, "GBP")

    def test_reference_rate_is_fixed_from_the_half_year_before(self) -> None:
        rates = [
            ReferenceRate(D(2025, 5, 8), "0.0425"),
            ReferenceRate(D(2025, 8, 7), "0.04"),
            ReferenceRate(D(2025, 12, 18), "0.0375"),
        ]
        # Interest starts 2025-09-01: the rate in force on 30 June 2025 (4.25%) applies...
        july = late_payment_claim(
            Money("1000", "GBP"), D(2025, 8, 31), D(2026, 2, 1), regime=UK, reference_rates=rates
        )
        assert july.rate == Decimal("0.1225")
        # ...and stays for the whole debt, though the base rate fell twice since.
        assert len(july.periods) == 1
        # Interest starting 2026-01-02 uses the rate on 31 December 2025.
        january = late_payment_claim(
            Money("1000", "GBP"), D(2026, 1, 1), D(2026, 2, 1), regime=UK, reference_rates=rates
        )
        assert january.rate == Decimal("0.1175")

    def test_missing_rate_and_wrong_currency(self) -> None:
        with pytest.raises(MissingRateError, match="2025-12-31"):
            late_payment_claim(
                Money("1", "GBP"), D(2026, 1, 1), D(2026, 2, 1), regime=UK, reference_rates=[]
            )
        with pytest.raises(CurrencyMismatchError):
            late_payment_claim(
                Money("1", "USD"), D(2026, 1, 1), D(2026, 2, 1), regime=UK, reference_rates=[]
            )

    def test_not_late(self) -> None:
        claim = late_payment_claim(
            Money("1", "GBP"), D(2026, 1, 1), D(2026, 1, 1), regime=UK, reference_rates=[]
        )
        assert claim.total.is_zero
        assert claim.reasons[0].code == "dunning.not_overdue"
        paid_on_the_day = late_payment_claim(
            Money("100", "EUR"), D(2026, 1, 1), D(2026, 1, 1), regime=EU, reference_rates=[]
        )
        assert repr(paid_on_the_day.total) == "Money('0.00', 'EUR')"


class TestEuDirective:
    ECB = (
        ReferenceRate(D(2024, 6, 12), "0.0425"),
        ReferenceRate(D(2024, 12, 18), "0.0315"),
        ReferenceRate(D(2025, 6, 11), "0.0215"),
    )

    @pytest.mark.reference
    def test_half_year_rates(self) -> None:
        """Statutory rates per half-year as published for euro-area creditors (LateCalc's table
        for Andorra; the ECB main refinancing rate on 1 January 2025 was 3.15% and on 1 July 2025
        2.15%): 11.15% for 2025 H1 and 10.15% for 2025 H2. Ireland's enterprise department: 12.25%
        from 1 July 2024 (ECB 4.25% + 8)."""
        claim = late_payment_claim(
            Money("10000.00", "EUR"),
            D(2025, 5, 31),
            D(2025, 8, 31),
            regime=EU,
            reference_rates=self.ECB,
        )
        assert [p.rate for p in claim.periods] == [Decimal("0.1115"), Decimal("0.1015")]
        assert [p.days for p in claim.periods] == [30, 62]
        assert claim.days == 92
        # 10,000 x 11.15% x 30/365 = 91.64; 10,000 x 10.15% x 62/365 = 172.41
        assert claim.interest == Money("264.05", "EUR")
        assert claim.fixed_compensation == Money("40.00", "EUR")
        late_2024 = late_payment_claim(
            Money("1000.00", "EUR"),
            D(2024, 7, 31),
            D(2024, 8, 30),
            regime=EU,
            reference_rates=self.ECB,
        )
        assert late_2024.rate == Decimal("0.1225")

    @given(money("EUR", min_value=1, max_value=10**7), st.integers(1, 900))
    def test_periods_add_up(self, amount: Money, days: int) -> None:
        due = D(2024, 12, 20)
        claim = late_payment_claim(
            amount, due, due + dt.timedelta(days=days), regime=EU, reference_rates=self.ECB
        )
        assert sum(p.days for p in claim.periods) == claim.days == days
        assert claim.interest == Money.total((p.interest for p in claim.periods), "EUR")
        assert not claim.interest.is_negative


class TestReferenceRateSources:
    ECB = (
        ReferenceRate(D(2024, 12, 18), "0.0315"),
        ReferenceRate(D(2025, 6, 11), "0.0215"),
    )

    def test_dated_rates_serve_the_latest_in_force(self) -> None:
        rates = ReferenceRates(reversed(self.ECB))
        assert rates.rates == self.ECB
        assert rates.rate_in_force(D(2025, 6, 10), EU).rate == Decimal("0.0315")
        assert rates.rate_in_force(D(2025, 6, 11), EU).rate == Decimal("0.0215")
        with pytest.raises(MissingRateError, match="no reference rate in force on 2024-12-17"):
            rates.rate_in_force(D(2024, 12, 17), EU)

    def test_messages_name_the_reference_rate_and_the_day(self) -> None:
        # Base rates have been negative (the Basiszinssatz was -0.88%), so down to -5% is taken.
        assert ReferenceRate(D(2025, 1, 1), "-0.0088").rate == Decimal("-0.0088")
        with pytest.raises(InvalidRateError) as too_low:
            ReferenceRate(D(2025, 1, 1), "-0.06")
        assert str(too_low.value) == "reference rate must be from -0.05 to 1, got -0.06"
        with pytest.raises(AmountTypeError, match=r"^reference rate must be Decimal, int or str"):
            ReferenceRate(D(2025, 1, 1), 0.04)  # type: ignore[arg-type]
        with pytest.raises(
            InvalidTypeError, match=r"^reference_rates must hold ReferenceRate values, got str"
        ):
            ReferenceRates(["0.04"])  # type: ignore[list-item]
        with pytest.raises(InvalidTypeError, match=r"^day must be a datetime.date, not str"):
            ReferenceRates(self.ECB).rate_in_force("2025-01-01", EU)  # type: ignore[arg-type]

    def test_two_rates_on_one_day_are_ambiguous(self) -> None:
        with pytest.raises(InvalidRateError, match="two reference rates take effect on 2025-06-11"):
            ReferenceRates([*self.ECB, ReferenceRate(D(2025, 6, 11), "0.02")])

    def test_a_source_of_the_callers_own_gives_the_same_claim(self) -> None:
        class Treasury:
            """Rates kept elsewhere: records which days the claim asked about."""

            def __init__(self) -> None:
                self.asked: list[dt.date] = []

            def rate_in_force(self, day: dt.date, regime: Regime) -> ReferenceRate:
                self.asked.append(day)
                return ReferenceRates(TestReferenceRateSources.ECB).rate_in_force(day, regime)

        treasury = Treasury()
        args = (Money("10000.00", "EUR"), D(2025, 5, 31), D(2025, 8, 31))
        own = late_payment_claim(*args, regime=EU, reference_rates=treasury)
        listed = late_payment_claim(*args, regime=EU, reference_rates=list(self.ECB))
        assert own == listed
        assert treasury.asked == [D(2025, 1, 1), D(2025, 7, 1)]  # the first day of each half-year

    def test_a_source_must_return_a_reference_rate(self) -> None:
        class Wrong:
            def rate_in_force(self, day: dt.date, regime: Regime) -> ReferenceRate:
                return Decimal("0.04")  # type: ignore[return-value]

        with pytest.raises(
            InvalidTypeError,
            match=r"^Wrong.rate_in_force must return a ReferenceRate, not Decimal$",
        ):
            late_payment_claim(
                Money("100.00", "GBP"),
                D(2025, 1, 31),
                D(2025, 3, 1),
                regime=UK,
                reference_rates=Wrong(),
            )


class TestDateRangeEdges:
    """Claims near 0001-01-01 and 9999-12-31: a result or a library error, never ValueError."""

    def test_eu_claim_into_the_last_half_year(self) -> None:
        claim = late_payment_claim(
            Money("1000.00", "EUR"),
            D(9999, 6, 1),
            dt.date.max,
            regime=EU,
            reference_rates=[ReferenceRate(D(2000, 1, 1), "0.02")],
        )
        assert claim.periods[-1].last_day == dt.date.max
        assert claim.days == 213

    def test_uk_claim_with_no_reference_day_before_it(self) -> None:
        with pytest.raises(InvalidDateError, match="has no 31 December before it"):
            late_payment_claim(
                Money("1000.00", "GBP"),
                dt.date.min,
                D(1, 3, 1),
                regime=UK,
                reference_rates=[ReferenceRate(dt.date.min, "0.02")],
            )

    @given(
        st.dates(dt.date.min, dt.date.max),
        st.dates(dt.date.min, dt.date.max),
        st.sampled_from(Regime),
    )
    def test_claims_are_claims_or_library_errors(
        self, due: dt.date, as_of: dt.date, regime: Regime
    ) -> None:
        currency = "GBP" if regime is UK else "EUR"
        try:
            claim = late_payment_claim(
                Money("1000.00", currency),
                due,
                as_of,
                regime=regime,
                reference_rates=[ReferenceRate(dt.date.min, "0.02")],
            )
        except ReceivablesError:
            return
        assert claim.days == max(0, (as_of - due).days)

    @given(
        st.dates(dt.date.min, dt.date.max),
        st.dates(dt.date.min, dt.date.max),
        st.integers(0, 10**15),
        st.sampled_from(DayCount),
    )
    def test_contractual_interest_any_dates(
        self, due: dt.date, as_of: dt.date, grace_days: int, day_count: DayCount
    ) -> None:
        interest = contractual_interest(
            Money("1000.00", "USD"), "0.1", due, as_of, day_count=day_count, grace_days=grace_days
        )
        assert not interest.is_negative

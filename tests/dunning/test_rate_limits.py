"""Annual interest rates are refused past their documented limits (found by the fuzz soak: a
5,000-digit int rate raised decimal.InvalidOperation while the interest was rounded)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from receivables import Money
from receivables.dunning import Regime, payment_plan, regime_rule, simple_interest
from receivables.errors import InvalidRateError

DAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (
            10**5000,
            r"at most 100 \(10,000% a year\), got 10000000000000000000\.\.\. \(5001 characters\)",
        ),
        (Decimal("1E+999999"), r"at most 100 \(10,000% a year\), got 1E\+999999"),
        (Decimal("100.0001"), r"at most 100 \(10,000% a year\), got 100\.0001"),
        (Decimal("1E-40"), r"must be 0 or at least 1E-12, got 1E-40"),
        ("-0.01", r"must not be negative, got -0\.01"),
    ],
    ids=["5000 digits", "1E+999999", "past 100", "1E-40", "negative"],
)
def test_a_rate_past_the_limits_is_refused(rate: Decimal | int | str, message: str) -> None:
    with pytest.raises(InvalidRateError, match=message):
        simple_interest(Money("0.01", "USD"), rate, DAY, DAY + dt.timedelta(days=1))
    with pytest.raises(InvalidRateError, match=message):
        payment_plan(Money("0.01", "USD"), 1, DAY, annual_rate=rate)


def test_rates_at_the_limits_are_taken() -> None:
    year = DAY.replace(year=2027)
    assert simple_interest(Money("1.00", "USD"), 100, DAY, year) == Money("100.00", "USD")
    assert simple_interest(Money("1.00", "USD"), Decimal("1E-12"), DAY, year) == Money(
        "0.00", "USD"
    )
    assert simple_interest(Money("1.00", "USD"), 0, DAY, year) == Money("0.00", "USD")
    plan = payment_plan(Money("100.00", "USD"), 2, DAY, annual_rate=100)
    assert plan.total_interest > Money("50.00", "USD")  # 100 a year: 8.33 a month


def test_a_statutory_rate_over_a_reference_rate_past_its_range_is_refused() -> None:
    """A reference rate of 1E+999999 overflowed in the rounding up of a statutory rate."""
    rule = regime_rule(Regime.BE_WET_2_AUGUST_2002)
    for rate in (Decimal("1E+999999"), Decimal("1.01"), Decimal("-0.0501")):
        with pytest.raises(InvalidRateError, match=r"reference rate must be from -0\.05 to 1"):
            rule.statutory_rate(rate)
    assert rule.statutory_rate(Decimal("0.02")) > Decimal("0.02")

"""Exchange rates, the rate table, conversion and realised FX differences."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from receivables import (
    AmountTypeError,
    CurrencyMismatchError,
    ExchangeRate,
    InvalidRateError,
    InvalidTypeError,
    MissingRateError,
    Money,
    RateTable,
    realized_fx_difference,
)
from receivables.testing import exchange_rates, money

JAN1, FEB1, MAR1 = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


class TestExchangeRate:
    def test_rate_must_be_exact_and_positive(self) -> None:
        with pytest.raises(AmountTypeError):
            ExchangeRate("EUR", "USD", 1.08, JAN1)  # type: ignore[arg-type]
        for bad in ("0", "-1.2"):
            with pytest.raises(InvalidRateError, match="positive"):
                ExchangeRate("EUR", "USD", bad, JAN1)

    def test_two_different_currencies(self) -> None:
        with pytest.raises(InvalidRateError, match="twice"):
            ExchangeRate("EUR", "eur", "1", JAN1)

    def test_as_of_must_be_a_date(self) -> None:
        with pytest.raises(InvalidTypeError, match="as_of"):
            ExchangeRate("EUR", "USD", "1.1", dt.datetime(2026, 1, 1))
        with pytest.raises(InvalidTypeError, match="as_of"):
            ExchangeRate("EUR", "USD", "1.1", "2026-01-01")  # type: ignore[arg-type]

    def test_inverse(self) -> None:
        rate = ExchangeRate("EUR", "USD", "1.25", JAN1).inverse()
        assert (rate.base.code, rate.quote.code, rate.rate) == ("USD", "EUR", Decimal("0.8"))

    def test_inverse_is_unrounded(self) -> None:
        rate = ExchangeRate("usd", "jpy", "151.25", dt.date(2026, 3, 31))
        assert rate.inverse().rate == Decimal("0.006611570247933884297520661157024793")


class TestRateTable:
    table = RateTable(
        [
            ExchangeRate("USD", "EUR", "0.90", JAN1),
            ExchangeRate("USD", "EUR", "0.95", MAR1),
            ExchangeRate("USD", "JPY", "150", JAN1),
            ExchangeRate("GBP", "USD", "1.25", FEB1),
        ],
        pivot="USD",
    )

    def test_latest_rate_on_or_before_the_date(self) -> None:
        usd = Money("100.00", "USD")
        assert self.table.convert(usd, "EUR", on=JAN1).amount == Money("90.00", "EUR")
        assert self.table.convert(usd, "EUR", on=dt.date(2026, 2, 28)).amount == Money(
            "90.00", "EUR"
        )
        assert self.table.convert(usd, "EUR", on=MAR1).amount == Money("95.00", "EUR")

    def test_before_the_first_rate_is_missing(self) -> None:
        with pytest.raises(MissingRateError, match=r"USD/EUR.*2025-12-31"):
            self.table.convert(Money("1", "USD"), "EUR", on=dt.date(2025, 12, 31))
        table = RateTable([ExchangeRate("GBP", "USD", "1.27", JAN1)])
        with pytest.raises(MissingRateError, match="no GBP/USD rate on or before 2025-12-31"):
            table.rate("GBP", "USD", on=dt.date(2025, 12, 31))

    def test_inverse_of_a_stored_pair(self) -> None:
        result = self.table.convert(Money("90.00", "EUR"), "USD", on=JAN1)
        assert result.amount == Money("100.00", "USD")
        assert result.inverted == (True,)
        assert result.path[0].base.code == "USD"

    def test_triangulation_through_the_pivot(self) -> None:
        result = self.table.convert(Money("100.00", "GBP"), "JPY", on=FEB1)
        assert result.amount == Money("18750", "JPY")
        assert result.rate == Decimal("187.50")
        assert [(r.base.code, r.quote.code) for r in result.path] == [
            ("GBP", "USD"),
            ("USD", "JPY"),
        ]
        assert result.inverted == (False, False)

    def test_triangulated_rate_is_unrounded(self) -> None:
        table = RateTable(
            [
                ExchangeRate("USD", "CAD", "1.35", JAN1),
                ExchangeRate("USD", "BRL", "5.00", JAN1),
            ],
            pivot="USD",
        )
        rate = table.rate("CAD", "BRL", on=dt.date(2026, 1, 15))
        assert rate == Decimal("3.703703703703703703703703703703704")

    def test_triangulation_uses_each_legs_latest_rate(self) -> None:
        # GBP/USD only exists from Feb 1: before that, no GBP->JPY path.
        with pytest.raises(MissingRateError, match=r"GBP/JPY.*through USD"):
            self.table.convert(Money("1", "GBP"), "JPY", on=JAN1)

    def test_no_pivot_means_no_triangulation(self) -> None:
        table = RateTable(self.table.rates)
        with pytest.raises(MissingRateError):
            table.convert(Money("1", "GBP"), "JPY", on=FEB1)

    def test_same_currency_is_identity_rounded(self) -> None:
        result = self.table.convert(Money("1.005", "USD"), "USD", on=JAN1)
        assert result.amount == Money("1.01", "USD")
        assert result.rate == 1
        assert result.path == ()

    def test_ambiguous_duplicate_rate_rejected(self) -> None:
        with pytest.raises(InvalidRateError, match="ambiguous"):
            RateTable([ExchangeRate("USD", "EUR", "0.9", JAN1)] * 2)

    def test_more_recent_inverse_quote_wins(self) -> None:
        table = RateTable(
            [ExchangeRate("EUR", "USD", "1.10", JAN1), ExchangeRate("USD", "EUR", "0.80", FEB1)]
        )
        assert table.rate("EUR", "USD", on=JAN1) == Decimal("1.10")
        assert table.rate("EUR", "USD", on=FEB1) == Decimal("1.25")

    def test_rounding_to_target_minor_units(self) -> None:
        table = RateTable([ExchangeRate("USD", "KWD", "0.30712", JAN1)])
        assert table.convert(Money("10.00", "USD"), "KWD", on=JAN1).amount == Money("3.071", "KWD")

    def test_bad_inputs(self) -> None:
        with pytest.raises(AmountTypeError):
            self.table.convert(Decimal(1), "EUR", on=JAN1)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError):
            self.table.convert(Money("1", "USD"), "EUR", on="2026-01-01")  # type: ignore[arg-type]
        with pytest.raises(AmountTypeError):
            RateTable([("USD", "EUR", "0.9", JAN1)])  # type: ignore[list-item]

    @given(
        exchange_rates(dates=st.just(JAN1)).flatmap(
            lambda rate: st.tuples(
                money(rate.base, min_value=-(10**9), max_value=10**9), st.just(rate)
            )
        )
    )
    def test_there_and_back_within_one_unit_per_rounding(
        self, case: tuple[Money, ExchangeRate]
    ) -> None:
        original, rate = case
        table = RateTable([rate])
        there = table.convert(original, rate.quote, on=JAN1)
        back = table.convert(there.amount, original.currency, on=JAN1)
        # First rounding: at most half a target unit, worth (half unit / rate) in the source;
        # second rounding: at most half a source unit.
        bound = rate.quote.quantum / 2 / rate.rate + original.currency.quantum / 2
        assert abs(back.amount.amount - original.amount) <= bound + Decimal("1e-20")


class TestRealizedFxDifference:
    booked = ExchangeRate("EUR", "USD", "1.10", JAN1)

    def test_loss_and_gain(self) -> None:
        settled_low = ExchangeRate("EUR", "USD", "1.05", FEB1)
        loss = realized_fx_difference(Money("1000.00", "EUR"), self.booked, settled_low)
        assert loss.booked_value == Money("1100.00", "USD")
        assert loss.settled_value == Money("1050.00", "USD")
        assert loss.difference == Money("-50.00", "USD")
        assert not loss.is_gain
        settled_high = ExchangeRate("EUR", "USD", "1.1234", FEB1)
        gain = realized_fx_difference(Money("1000.00", "EUR"), self.booked, settled_high)
        assert gain.difference == Money("23.40", "USD")
        assert gain.is_gain

    def test_rates_must_match_the_amount_and_each_other(self) -> None:
        with pytest.raises(CurrencyMismatchError, match="booked_rate"):
            realized_fx_difference(Money("1", "GBP"), self.booked, self.booked)
        other = ExchangeRate("EUR", "GBP", "0.85", FEB1)
        with pytest.raises(CurrencyMismatchError, match="into"):
            realized_fx_difference(Money("1", "EUR"), self.booked, other)

    @given(money("EUR", min_value=0), exchange_rates("EUR", "USD"), exchange_rates("EUR", "USD"))
    def test_difference_is_settled_minus_booked(
        self, amount: Money, booked: ExchangeRate, settled: ExchangeRate
    ) -> None:
        result = realized_fx_difference(amount, booked, settled)
        assert result.booked_value + result.difference == result.settled_value
        assert result.difference.is_rounded
        if settled.rate > booked.rate and amount.amount > 100:
            assert result.difference.amount >= 0

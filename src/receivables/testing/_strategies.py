"""The strategies behind :mod:`receivables.testing` (import them from there)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from receivables.fx import ExchangeRate
from receivables.money import Currency, Money, to_decimal

_COMMON = ("USD", "EUR", "GBP", "JPY", "CAD", "MXN", "BRL", "CHF", "KWD", "BHD", "CLF", "IQD")


def currencies(codes: Sequence[str] | None = None) -> st.SearchStrategy[Currency]:
    """Currencies: from ``codes`` if given, else every ISO 4217 code, shrinking to common ones.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(currencies(["JPY", "KWD"]))
        ... def check(c):
        ...     assert c.minor_units in (0, 3)
        >>> check()
    """
    if codes is not None:
        return st.sampled_from([Currency(c) for c in codes])
    rest = [c for c in Currency.codes() if c not in _COMMON]
    return st.sampled_from([Currency(c) for c in (*_COMMON, *rest)])


def money(
    currency: str | Currency | st.SearchStrategy[Currency] | None = None,
    *,
    min_value: Decimal | int | str | None = None,
    max_value: Decimal | int | str | None = None,
    rounded: bool = True,
) -> st.SearchStrategy[Money]:
    """Money in ``currency`` (a code, a Currency, a strategy of them, or any currency).

    ``min_value`` and ``max_value`` bound the amount (default -10^12 .. 10^12 in whole units).
    With ``rounded`` (the default) amounts are whole minor units, as a ledger holds them; with
    ``rounded=False`` they carry up to four extra decimals, as interest or a converted amount may.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20)
        ... @given(money("JPY", min_value=1, max_value=10))
        ... def check(m):
        ...     assert m.amount == m.amount.to_integral_value() and 1 <= m.amount <= 10
        >>> check()
    """
    if currency is None:
        currency_strategy: st.SearchStrategy[Currency] = currencies()
    elif isinstance(currency, st.SearchStrategy):
        currency_strategy = currency
    else:
        currency_strategy = st.just(Currency(currency))
    low = to_decimal(min_value) if min_value is not None else Decimal(-(10**12))
    high = to_decimal(max_value) if max_value is not None else Decimal(10**12)

    @st.composite
    def build(draw: st.DrawFn) -> Money:
        cur = draw(currency_strategy)
        places = cur.minor_units + (0 if rounded else 4)
        scale = 10**places
        lowest = int((low * scale).to_integral_value(rounding="ROUND_CEILING"))
        highest = int((high * scale).to_integral_value(rounding="ROUND_FLOOR"))
        units = draw(st.integers(min_value=lowest, max_value=highest))
        return Money(Decimal(units).scaleb(-places), cur)

    return build()


def exchange_rates(
    base: str | Currency | None = None,
    quote: str | Currency | None = None,
    *,
    min_rate: Decimal | str = "0.0001",
    max_rate: Decimal | str = "10000",
    dates: st.SearchStrategy[dt.date] | None = None,
) -> st.SearchStrategy[ExchangeRate]:
    """Exchange rates between two different currencies with a positive rate of up to 6 decimals.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(exchange_rates("EUR", "USD"))
        ... def check(r):
        ...     assert r.rate > 0 and r.base.code == "EUR"
        >>> check()
    """
    date_strategy = (
        dates if dates is not None else st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))
    )
    low, high = Decimal(min_rate), Decimal(max_rate)

    @st.composite
    def build(draw: st.DrawFn) -> ExchangeRate:
        first = Currency(base) if base is not None else draw(currencies())
        second = (
            Currency(quote)
            if quote is not None
            else draw(currencies().filter(lambda c: c is not first))
        )
        rate = draw(st.decimals(min_value=low, max_value=high, places=6))
        if rate <= 0:
            rate = low
        return ExchangeRate(first, second, rate, draw(date_strategy))

    return build()


def type_strategies() -> dict[type, st.SearchStrategy[Any]]:
    """The default strategy for each public value type, as ``st.from_type`` resolves it.

    Examples:
        >>> sorted(kind.__name__ for kind in type_strategies())
        ['Currency', 'ExchangeRate', 'Money']
    """
    return {
        Currency: currencies(),
        Money: money(),
        ExchangeRate: exchange_rates(),
    }


def register_type_strategies() -> None:
    """Register :func:`type_strategies` with hypothesis (the entry point does this for you).

    Examples:
        >>> from hypothesis import given, settings, strategies as st
        >>> register_type_strategies()
        >>> @settings(max_examples=5)
        ... @given(st.from_type(Money))
        ... def check(m):
        ...     assert isinstance(m, Money)
        >>> check()
    """
    for kind, strategy in type_strategies().items():
        st.register_type_strategy(kind, strategy)

"""Foreign exchange with rates the caller supplies: no feed, no network, no "latest" without a date.

An :class:`ExchangeRate` says that on ``as_of`` one unit of ``base`` bought ``rate`` units of
``quote``. A :class:`RateTable` holds the rates a caller has (from a treasury system, a central
bank file, an ERP's rate table) and converts with the latest rate on or before the conversion
date: the stored pair, else the inverse of the opposite pair, else a triangulation through the one
pivot currency the table names. Every :class:`Conversion` carries the rates it used, for audit.

Examples:
    >>> from datetime import date
    >>> from receivables import Money
    >>> table = RateTable([ExchangeRate("EUR", "USD", "1.0850", date(2026, 1, 2))])
    >>> result = table.convert(Money("100.00", "EUR"), "USD", on=date(2026, 1, 5))
    >>> result.amount, result.rate
    (Money('108.50', 'USD'), Decimal('1.0850'))
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from receivables._decimal import CONTEXT, in_context
from receivables._validate import date_field, require_date
from receivables.convert import DataForm, DictForm
from receivables.errors import (
    AmountTypeError,
    CurrencyMismatchError,
    InvalidRateError,
    MissingRateError,
)
from receivables.money import DEFAULT_ROUNDING, Currency, Money, to_decimal, trusted_money

__all__ = [
    "Conversion",
    "ExchangeRate",
    "RateTable",
    "RealizedFxDifference",
    "realized_fx_difference",
]

_ONE: Final = Decimal(1)


def _rate_tuple(rates: Iterable[ExchangeRate]) -> tuple[ExchangeRate, ...]:
    return tuple(rates)


def _positive_rate(value: Decimal | int | str) -> Decimal:
    rate = to_decimal(value, what="exchange rate")
    if rate <= 0:
        raise InvalidRateError(f"exchange rate must be positive, got {rate}")
    return rate


@attrs.frozen
class ExchangeRate(DataForm):
    """One unit of ``base`` buys ``rate`` units of ``quote`` on ``as_of``.

    The rate is a positive exact number (``Decimal``, ``int`` or ``str``, never a float).

    Examples:
        >>> from datetime import date
        >>> rate = ExchangeRate("usd", "jpy", "151.25", date(2026, 3, 31))
        >>> rate.base, rate.quote, rate.rate
        (Currency('USD'), Currency('JPY'), Decimal('151.25'))
    """

    base: Currency = attrs.field(converter=Currency)
    quote: Currency = attrs.field(converter=Currency)
    rate: Decimal = attrs.field(converter=_positive_rate)
    as_of: dt.date = attrs.field(validator=date_field)

    def __attrs_post_init__(self) -> None:
        if self.base is self.quote:
            raise InvalidRateError(f"an exchange rate needs two currencies, got {self.base} twice")

    def inverse(self) -> ExchangeRate:
        """The same rate seen from the quote currency (``1 / rate``), same date.

        Examples:
            >>> from datetime import date
            >>> ExchangeRate("EUR", "USD", "1.25", date(2026, 1, 1)).inverse().rate
            Decimal('0.8')
        """
        return ExchangeRate(self.quote, self.base, CONTEXT.divide(_ONE, self.rate), self.as_of)


@attrs.frozen
class Conversion(DictForm):
    """The result of a conversion: the converted amount and everything used to get it.

    ``amount`` is rounded to the target currency's minor units with the library default mode;
    ``rate`` is the effective rate applied (the product along the path); ``path`` lists the rates
    as looked up (an inverse appears as the stored rate, with ``inverted`` telling which).

    Examples:
        >>> from datetime import date
        >>> table = RateTable([ExchangeRate("USD", "MXN", "17.10", date(2026, 2, 1))])
        >>> conversion = table.convert(Money("1000", "MXN"), "USD", on=date(2026, 2, 3))
        >>> conversion.amount, conversion.inverted
        (Money('58.48', 'USD'), (True,))
    """

    source: Money
    amount: Money
    rate: Decimal
    on: dt.date
    path: tuple[ExchangeRate, ...]
    inverted: tuple[bool, ...]


@attrs.frozen
class RateTable(DataForm):
    """Rates supplied by the caller, looked up by pair and date.

    ``pivot`` names the one currency through which two others may be triangulated (for instance
    ``"USD"`` or ``"EUR"``). Two rates for the same pair and date are ambiguous and rejected.

    Examples:
        >>> from datetime import date
        >>> table = RateTable(
        ...     [
        ...         ExchangeRate("USD", "CAD", "1.35", date(2026, 1, 1)),
        ...         ExchangeRate("USD", "BRL", "5.00", date(2026, 1, 1)),
        ...     ],
        ...     pivot="USD",
        ... )
        >>> table.convert(Money("135.00", "CAD"), "BRL", on=date(2026, 1, 15)).amount
        Money('500.00', 'BRL')
    """

    rates: tuple[ExchangeRate, ...] = attrs.field(converter=_rate_tuple)
    pivot: Currency | None = attrs.field(
        default=None, converter=attrs.converters.optional(Currency)
    )
    _index: dict[tuple[Currency, Currency], tuple[list[dt.date], list[ExchangeRate]]] = attrs.field(
        init=False, repr=False, eq=False
    )

    def __attrs_post_init__(self) -> None:
        grouped: dict[tuple[Currency, Currency], list[ExchangeRate]] = {}
        for rate in self.rates:
            if not isinstance(rate, ExchangeRate):
                raise AmountTypeError(f"expected ExchangeRate, got {type(rate).__name__}")
            grouped.setdefault((rate.base, rate.quote), []).append(rate)
        index: dict[tuple[Currency, Currency], tuple[list[dt.date], list[ExchangeRate]]] = {}
        for pair, items in grouped.items():
            items.sort(key=lambda r: r.as_of)
            dates = [r.as_of for r in items]
            for earlier, later in itertools.pairwise(dates):
                if earlier == later:
                    raise InvalidRateError(
                        f"two {pair[0]}/{pair[1]} rates for {later}: which one applies is ambiguous"
                    )
            index[pair] = (dates, items)
        object.__setattr__(self, "_index", index)

    def _stored(self, base: Currency, quote: Currency, on: dt.date) -> ExchangeRate | None:
        entry = self._index.get((base, quote))
        if entry is None:
            return None
        dates, items = entry
        position = bisect.bisect_right(dates, on)
        return items[position - 1] if position else None

    def _leg(
        self, base: Currency, quote: Currency, on: dt.date
    ) -> tuple[Decimal, ExchangeRate, bool] | None:
        direct = self._stored(base, quote, on)
        inverse = self._stored(quote, base, on)
        # The more recent of a direct and an inverse quote wins; on the same date, the direct one.
        if direct is not None and (inverse is None or direct.as_of >= inverse.as_of):
            return direct.rate, direct, False
        if inverse is not None:
            return CONTEXT.divide(_ONE, inverse.rate), inverse, True
        return None

    def _path(
        self, base: Currency, quote: Currency, on: dt.date
    ) -> tuple[Decimal, tuple[ExchangeRate, ...], tuple[bool, ...]]:
        leg = self._leg(base, quote, on)
        if leg is not None:
            return leg[0], (leg[1],), (leg[2],)
        pivot = self.pivot
        if pivot is not None and pivot is not base and pivot is not quote:
            first = self._leg(base, pivot, on)
            second = self._leg(pivot, quote, on)
            if first is not None and second is not None:
                rate = CONTEXT.multiply(first[0], second[0])
                return rate, (first[1], second[1]), (first[2], second[2])
        via = f" or through {pivot}" if pivot is not None else ""
        raise MissingRateError(f"no {base}/{quote} rate on or before {on}{via}")

    def rate(self, base: str | Currency, quote: str | Currency, *, on: dt.date) -> Decimal:
        """The effective rate from ``base`` to ``quote`` on ``on`` (1 for the same currency).

        Examples:
            >>> from datetime import date
            >>> table = RateTable([ExchangeRate("GBP", "USD", "1.27", date(2026, 1, 1))])
            >>> table.rate("GBP", "USD", on=date(2026, 6, 30))
            Decimal('1.27')
        """
        require_date(on, "on")
        base_currency, quote_currency = Currency(base), Currency(quote)
        if base_currency is quote_currency:
            return _ONE
        return self._path(base_currency, quote_currency, on)[0]

    def convert(self, money: Money, to: str | Currency, *, on: dt.date) -> Conversion:
        """Convert ``money`` into ``to`` at the latest rate on or before ``on``.

        The result is rounded to the target currency's minor units with the library default mode
        (:data:`receivables.money.DEFAULT_ROUNDING`); the rate itself is never rounded.

        Examples:
            >>> from datetime import date
            >>> table = RateTable([ExchangeRate("EUR", "JPY", "162.4", date(2026, 1, 1))])
            >>> table.convert(Money("10.00", "EUR"), "JPY", on=date(2026, 1, 1)).amount
            Money('1624', 'JPY')
        """
        if not isinstance(money, Money):
            raise AmountTypeError(f"convert expects Money, got {type(money).__name__}")
        require_date(on, "on")
        target = Currency(to)
        if money.currency is target:
            return Conversion(money, money.round(), _ONE, on, (), ())
        rate, path, inverted = self._path(money.currency, target, on)
        converted = trusted_money(CONTEXT.multiply(money.amount, rate), target).round()
        return Conversion(money, converted, rate, on, path, inverted)


@attrs.frozen
class RealizedFxDifference(DictForm):
    """The realised exchange gain or loss on settling a foreign-currency receivable.

    ``booked_value`` is the receivable in functional currency at the booking rate,
    ``settled_value`` what the settlement is worth at the settlement rate; ``difference`` is
    ``settled_value - booked_value``: positive is a gain, negative a loss (IAS 21.28).

    Examples:
        >>> from datetime import date
        >>> booked = ExchangeRate("EUR", "USD", "1.10", date(2026, 1, 10))
        >>> settled = ExchangeRate("EUR", "USD", "1.05", date(2026, 2, 9))
        >>> result = realized_fx_difference(Money("10000.00", "EUR"), booked, settled)
        >>> result.difference, result.is_gain
        (Money('-500.00', 'USD'), False)
    """

    amount: Money
    booked_rate: ExchangeRate
    settled_rate: ExchangeRate
    booked_value: Money
    settled_value: Money
    difference: Money

    @property
    def is_gain(self) -> bool:
        """Whether the settlement brought more functional currency than was booked.

        Examples:
            >>> from datetime import date
            >>> booked = ExchangeRate("GBP", "EUR", "1.15", date(2026, 1, 1))
            >>> settled = ExchangeRate("GBP", "EUR", "1.20", date(2026, 2, 1))
            >>> realized_fx_difference(Money("100", "GBP"), booked, settled).is_gain
            True
        """
        return self.difference.is_positive


@in_context
def realized_fx_difference(
    amount: Money, booked_rate: ExchangeRate, settled_rate: ExchangeRate
) -> RealizedFxDifference:
    """The functional-currency gain or loss on ``amount`` booked at one rate, settled at another.

    Both rates must convert from ``amount``'s currency into the same functional currency. Each
    value is rounded to the functional currency's minor units before the difference is taken, as
    the ledger holds them (IAS 21.28 recognises the difference in profit or loss).

    Examples:
        >>> from datetime import date
        >>> booked = ExchangeRate("USD", "CAD", "1.3500", date(2026, 3, 1))
        >>> settled = ExchangeRate("USD", "CAD", "1.3725", date(2026, 3, 31))
        >>> realized_fx_difference(Money("2500.00", "USD"), booked, settled).difference
        Money('56.25', 'CAD')
    """
    if not isinstance(amount, Money):
        raise AmountTypeError(f"amount must be Money, got {type(amount).__name__}")
    for label, rate in (("booked_rate", booked_rate), ("settled_rate", settled_rate)):
        if not isinstance(rate, ExchangeRate):
            raise AmountTypeError(f"{label} must be an ExchangeRate, got {type(rate).__name__}")
        if rate.base is not amount.currency:
            raise CurrencyMismatchError(
                f"{label} converts from {rate.base}, but the amount is in {amount.currency}"
            )
    if booked_rate.quote is not settled_rate.quote:
        raise CurrencyMismatchError(
            f"booked_rate is into {booked_rate.quote} but settled_rate into {settled_rate.quote}"
        )
    functional = booked_rate.quote
    booked = trusted_money(CONTEXT.multiply(amount.amount, booked_rate.rate), functional).round(
        DEFAULT_ROUNDING
    )
    settled = trusted_money(CONTEXT.multiply(amount.amount, settled_rate.rate), functional).round(
        DEFAULT_ROUNDING
    )
    return RealizedFxDifference(
        amount, booked_rate, settled_rate, booked, settled, settled - booked
    )

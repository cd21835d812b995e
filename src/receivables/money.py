"""Exact money: :class:`Currency`, :class:`Money`, explicit rounding and lossless allocation.

Money is a :class:`~decimal.Decimal` amount with its ISO 4217 :class:`Currency`. It is never a
float: a float (or a bool) where an amount is expected raises
:class:`~receivables.errors.AmountTypeError`. Amounts are kept exact; rounding to the currency's
minor units happens only when asked for, with a named mode. The library's one default mode is
:data:`DEFAULT_ROUNDING` (``ROUND_HALF_UP``, as accounting systems round).

Examples:
    >>> from receivables import Money
    >>> invoice = Money("1000.00", "USD")
    >>> [str(part) for part in invoice.allocate([1, 1, 1])]
    ['333.34 USD', '333.33 USD', '333.33 USD']
    >>> (invoice * Decimal("0.0525")).round()
    Money('52.50', 'USD')
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any, ClassVar, Final, Literal, SupportsIndex

import attrs

from receivables._decimal import CONTEXT
from receivables._iso4217 import ISO_4217
from receivables._text import shown
from receivables.errors import (
    AmountRangeError,
    AmountTypeError,
    CurrencyMismatchError,
    InvalidAmountError,
    UnknownCurrencyError,
)

__all__ = [
    "AMOUNT_LIMIT",
    "DEFAULT_ROUNDING",
    "ROUNDING_MODES",
    "Currency",
    "Money",
    "to_decimal",
]

DEFAULT_ROUNDING: Final[str] = decimal.ROUND_HALF_UP
"""The library's one default rounding mode: half away from zero, as accounting systems round."""

ROUNDING_MODES: Final[frozenset[str]] = frozenset(
    {
        decimal.ROUND_CEILING,
        decimal.ROUND_DOWN,
        decimal.ROUND_FLOOR,
        decimal.ROUND_HALF_DOWN,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_UP,
        decimal.ROUND_UP,
        decimal.ROUND_05UP,
    }
)
"""Every rounding mode of the :mod:`decimal` module, by its constant (``ROUND_HALF_EVEN``)."""


AMOUNT_LIMIT: Final[Decimal] = Decimal("1E+18")
"""Money holds amounts strictly below this in absolute value, with at most 34 significant digits.

Within that range every operation is exact to the minor unit: sums and differences of amounts in
range are exact to 15 decimal places (34 digits less the 19 a sum's integer part may need), and
rounding, allocation and minor units are exact. Products and quotients are rounded to 34
significant digits (as IEEE 754 decimal128 does), which is far below any currency's minor unit.
An amount, a sum or a product outside the range is an
:class:`~receivables.errors.AmountRangeError`, never a silently rounded value. ``10**18`` is beyond
any real balance in any currency (the world's yearly output is about ``10**17`` in the currency
with the most units to the dollar).
"""

_SIGNIFICANT_DIGITS: Final = 34
_LOW: Final = -AMOUNT_LIMIT


def _described(amount: Decimal) -> str:
    text = str(amount)
    return text if len(text) <= 40 else f"{text[:12]}... ({amount.adjusted() + 1} digits)"


def _in_range(amount: Decimal) -> Decimal:
    """``amount`` if Money can hold it exactly, else an :class:`AmountRangeError`."""
    if not _LOW < amount < AMOUNT_LIMIT or len(amount.as_tuple().digits) > _SIGNIFICANT_DIGITS:
        raise AmountRangeError(
            f"amount {_described(amount)} is outside the range Money holds exactly (below "
            "10**18 in absolute value, at most 34 significant digits)"
        )
    return amount


def _checked(amount: Decimal) -> Decimal:
    """The result of an operation, if still in range (a sum or product can leave it)."""
    if not _LOW < amount < AMOUNT_LIMIT:
        raise AmountRangeError(
            f"the result {_described(amount)} is outside the range Money holds exactly (below "
            "10**18 in absolute value)"
        )
    return amount


def _money_amount(value: Decimal | int | str) -> Decimal:
    return _in_range(to_decimal(value))


MAX_AMOUNT_TEXT_LENGTH: Final = 100
"""Longest text :func:`to_decimal` and :meth:`Money.parse` read as a number (34 significant
digits fit many times over)."""
_MAX_CURRENCY_TEXT_LENGTH: Final = 20
"""Longest text :class:`Currency` looks up (codes are three letters; padding is stripped)."""


def to_decimal(value: Decimal | int | str, *, what: str = "amount") -> Decimal:
    """Convert an exact number (``Decimal``, ``int`` or numeric ``str``) to a finite ``Decimal``.

    Floats and bools are refused with :class:`~receivables.errors.AmountTypeError`; NaN, infinities
    and unreadable text with :class:`~receivables.errors.InvalidAmountError`. ``what`` names the
    value in error messages.

    Limits: text is at most 100 characters (whitespace included), else
    :class:`~receivables.errors.InvalidAmountError`; ``Decimal`` reads longer text in more than
    linear time.

    Examples:
        >>> to_decimal("12.50")
        Decimal('12.50')
        >>> to_decimal(0.5, what="rate")
        Traceback (most recent call last):
        ...
        receivables.errors.AmountTypeError: rate must be Decimal, int or str, not float (0.5); \
use Decimal('0.5') or '0.5'
    """
    kind = type(value)
    if kind is Decimal:
        result: Decimal = value  # type: ignore[assignment]
    elif kind is int:
        result = Decimal(value)
    elif kind is str:
        if len(value) > MAX_AMOUNT_TEXT_LENGTH:  # type: ignore[arg-type]
            raise InvalidAmountError(
                f"{what} {value[:20]!r}... is longer than "  # type: ignore[index]
                f"{MAX_AMOUNT_TEXT_LENGTH} characters"
            )
        try:
            result = Decimal(value.strip())  # type: ignore[union-attr]
        except decimal.InvalidOperation:
            raise InvalidAmountError(f"{what} {shown(value)} is not a number") from None
    elif isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        kind_name = type(value).__name__
        hint = f"; use Decimal('{value!r}') or '{value!r}'" if isinstance(value, float) else ""
        raise AmountTypeError(
            f"{what} must be Decimal, int or str, not {kind_name} ({shown(value)}){hint}"
        )
    else:  # subclasses of Decimal, int or str
        return to_decimal(
            Decimal(value) if not isinstance(value, str) else str(value),
            what=what,
        )
    if not result.is_finite():
        raise InvalidAmountError(f"{what} must be a finite number, got {shown(result)}")
    return result


class Currency:
    """An ISO 4217 currency: alphabetic code, numeric code and minor units.

    Currencies are interned: ``Currency("usd")`` and ``Currency.of("USD")`` are the same object.
    Lookup is case-insensitive; the code is canonical (upper case) on output. Minor units are ISO
    4217's even where CLDR disagrees (IQD has 3 in ISO, 0 in CLDR). Unknown codes raise
    :class:`~receivables.errors.UnknownCurrencyError`.

    Limits: a code text is at most 20 characters (surrounding whitespace included), else
    :class:`~receivables.errors.UnknownCurrencyError` quoting its start.

    Examples:
        >>> Currency("jpy").minor_units
        0
        >>> Currency("usd") is Currency.of("USD")
        True
        >>> str(Currency("eur")), Currency("eur")
        ('EUR', Currency('EUR'))
    """

    __slots__ = ("code", "minor_units", "name", "numeric", "quantum")

    code: str
    numeric: int
    minor_units: int
    name: str
    quantum: Decimal

    _interned: ClassVar[dict[str, Currency]] = {}

    def __new__(cls, code: str | Currency) -> Currency:
        if isinstance(code, Currency):
            return code
        if not isinstance(code, str):
            raise AmountTypeError(
                f"currency must be an ISO 4217 code or a Currency, not {type(code).__name__}"
            )
        found = cls._interned.get(code)
        if found is not None:
            return found
        if len(code) > _MAX_CURRENCY_TEXT_LENGTH:
            raise UnknownCurrencyError(
                f"unknown ISO 4217 currency code {code[:_MAX_CURRENCY_TEXT_LENGTH]!r}... "
                f"(longer than {_MAX_CURRENCY_TEXT_LENGTH} characters)"
            )
        canonical = code.strip().upper()
        found = cls._interned.get(canonical)
        if found is None:
            entry = ISO_4217.get(canonical)
            if entry is None:
                raise UnknownCurrencyError(f"unknown ISO 4217 currency code {shown(code)}")
            numeric, minor, name = entry
            found = object.__new__(cls)
            object.__setattr__(found, "code", canonical)
            object.__setattr__(found, "numeric", numeric)
            object.__setattr__(found, "minor_units", minor)
            object.__setattr__(found, "name", name)
            object.__setattr__(found, "quantum", Decimal(1).scaleb(-minor, context=CONTEXT))
            cls._interned[canonical] = found
        # Remember the spelling too, so repeated lookups of "usd" stay a dict hit.
        cls._interned[code] = found
        return found

    @classmethod
    def of(cls, code: str | Currency) -> Currency:
        """Look up a currency by code (case-insensitive); same as ``Currency(code)``.

        Examples:
            >>> Currency.of("gbp").code
            'GBP'
        """
        return cls(code)

    @staticmethod
    def codes() -> tuple[str, ...]:
        """Every alphabetic code the library knows, sorted.

        Examples:
            >>> "USD" in Currency.codes() and "XAU" not in Currency.codes()
            True
        """
        return tuple(sorted(ISO_4217))

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __reduce__(self) -> tuple[type[Currency], tuple[str]]:
        return (Currency, (self.code,))

    def __copy__(self) -> Currency:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Currency:
        return self

    def __repr__(self) -> str:
        return f"Currency({self.code!r})"

    def __str__(self) -> str:
        return self.code

    # Equality and hashing are by identity (object's own, implemented in C, so fast as dict
    # keys on the engines' hot paths): __new__ interns every code, and pickling and copying
    # return the interned instance, so two Currency values are equal exactly when identical.

    def __lt__(self, other: Currency) -> bool:
        if not isinstance(other, Currency):
            return NotImplemented
        return self.code < other.code


def _to_currency(value: str | Currency) -> Currency:
    return Currency(value)


def _check_mode(mode: str) -> str:
    if mode not in ROUNDING_MODES:
        raise InvalidAmountError(
            f"unknown rounding mode {shown(mode)}; expected one of {sorted(ROUNDING_MODES)}"
        )
    return mode


def _trailing_zeros(value: Decimal) -> int:
    """How many of ``value``'s digits, as held, are zeros at the end (``Decimal(10**5000)``
    holds 5,001 digits and one significant one)."""
    digits = value.as_tuple().digits
    count = 0
    while count < len(digits) - 1 and digits[-1 - count] == 0:
        count += 1
    return count


def _integer_weights(weights: Sequence[Decimal]) -> list[int]:
    """The weights scaled by one power of ten to integers in the same proportions, exactly."""
    parts = [weight.as_tuple() for weight in weights]
    lowest = min(int(part.exponent) for part in parts)
    return [
        int("".join(map(str, part.digits))) * 10 ** (int(part.exponent) - lowest) for part in parts
    ]


def _factor(value: object, operation: str) -> Decimal:
    if isinstance(value, Money):
        raise AmountTypeError(
            f"cannot {operation} Money by Money; use a Decimal or int factor "
            "(divide the amounts for a ratio)"
        )
    if type(value) is Decimal:
        if not value.is_finite():
            raise InvalidAmountError(f"factor must be a finite number, got {shown(value)}")
        return value
    if isinstance(value, str):
        raise AmountTypeError(
            f"cannot {operation} Money by str {shown(value)}; use Decimal({shown(value)})"
        )
    return to_decimal(value, what="factor")  # type: ignore[arg-type]


@attrs.frozen(repr=False, order=False)
class Money:
    """An exact amount in one currency.

    ``amount`` is a ``Decimal``, ``int`` or numeric ``str`` (never a float); ``currency`` a code or
    a :class:`Currency`. The amount is kept as given (``Money("10", "USD")`` equals
    ``Money("10.00", "USD")``); :meth:`round` quantizes to the currency's minor units.

    Arithmetic: ``+``, ``-`` and comparisons between amounts of one currency (others raise
    :class:`~receivables.errors.CurrencyMismatchError`); ``*`` and ``/`` by an ``int`` or
    ``Decimal``; unary ``-`` and ``abs``. ``sum()`` works because ``0 + money`` is ``money``.
    Equality never raises: amounts in different currencies are simply unequal.

    Examples:
        >>> a = Money("19.99", "usd")
        >>> a + Money(5, "USD")
        Money('24.99', 'USD')
        >>> sum([a, a, a])
        Money('59.97', 'USD')
        >>> a / 3
        Money('6.663333333333333333333333333333333', 'USD')
        >>> (a / 3).round(), (a / 3).round(mode=decimal.ROUND_UP)
        (Money('6.66', 'USD'), Money('6.67', 'USD'))
    """

    amount: Decimal = attrs.field(converter=_money_amount)
    currency: Currency = attrs.field(converter=_to_currency)

    @classmethod
    def zero(cls, currency: str | Currency) -> Money:
        """Zero in ``currency``.

        Examples:
            >>> Money.zero("JPY")
            Money('0', 'JPY')
        """
        return trusted_money(Decimal(0), Currency(currency))

    def to_dict(self) -> dict[str, Any]:
        """The plain form: the amount as text at the currency's minor units (exactly as held
        when it has more places), and the currency code. See ``docs/interchange.md``.

        Examples:
            >>> Money("100.1", "USD").to_dict()
            {'amount': '100.10', 'currency': 'USD'}
            >>> Money("0.123456", "USD").to_dict()  # an exact intermediate keeps its places
            {'amount': '0.123456', 'currency': 'USD'}
        """
        from receivables._interchange import plain  # late: that module imports this one

        data: dict[str, Any] = plain(self)
        return data

    @classmethod
    def from_dict(
        cls, data: Any, *, numbers: Literal["strict", "shortest-repr"] = "strict"
    ) -> Money:
        """Read the plain form (``{"amount": "100.10", "currency": "USD"}``; ``"100.10 USD"``
        too); ``numbers="shortest-repr"`` reads a float amount by its shortest repr.

        Examples:
            >>> Money.from_dict({"amount": "100.10", "currency": "USD"})
            Money('100.10', 'USD')
        """
        from receivables.convert import structure  # late: that module imports this one

        return structure(data, Money, numbers=numbers)

    @classmethod
    def from_minor_units(cls, units: int, currency: str | Currency) -> Money:
        """Build from an integer count of minor units (cents, fils, ...).

        Examples:
            >>> Money.from_minor_units(12345, "KWD")
            Money('12.345', 'KWD')
        """
        if type(units) is not int:
            raise AmountTypeError(f"minor units must be an int, not {type(units).__name__}")
        cur = Currency(currency)
        if units.bit_length() > 128:
            raise AmountRangeError(
                f"{units.bit_length()}-bit minor units are outside Money's range"
            )
        return trusted_money(
            _in_range(Decimal(units).scaleb(-cur.minor_units, context=CONTEXT)), cur
        )

    @classmethod
    def total(cls, items: Iterable[Money], currency: str | Currency) -> Money:
        """Sum ``items``, all in ``currency``; the empty sum is zero in that currency.

        Examples:
            >>> Money.total([Money("1.10", "EUR"), Money("2.20", "EUR")], "EUR")
            Money('3.30', 'EUR')
        """
        cur = Currency(currency)
        amount = Decimal(0)
        add = CONTEXT.add
        for item in items:
            if not isinstance(item, Money):
                raise AmountTypeError(f"expected Money, got {type(item).__name__} ({shown(item)})")
            if item.currency is not cur:
                raise CurrencyMismatchError(f"cannot total {item.currency} into {cur}")
            amount = add(amount, item.amount)
        return trusted_money(_checked(amount), cur)

    @classmethod
    def parse(
        cls, text: str, currency: str | Currency | None = None, *, locale: str = "en_US"
    ) -> Money:
        """Read an amount as ERP exports and people print it, in ``locale``'s conventions.

        The locale (a CLDR name such as ``"de_DE"``) gives the decimal sign and the group
        separator; spaces of every width (U+0020, no-break U+00A0, narrow no-break U+202F, thin
        U+2009) are read as group separators in every locale, and ``'`` and ``’`` stand for
        each other. Negatives may be written ``-1,234.50``, ``(1,234.50)`` (accounting) or
        ``1,234.50-`` (SAP). The currency comes from an ISO 4217 code in the text (``USD 1,234.50``,
        ``1.234,50 EUR``), a symbol that stands for exactly one currency in the locale (``$`` is USD
        in ``en_US`` but CAD in ``en_CA``), or ``currency``; when the text and ``currency`` both
        name one they must agree. With ``currency`` given, its symbol in the locale's language
        (``$`` for USD in ``en_GB``) is accepted too.

        Nothing is guessed: an :class:`~receivables.errors.AmountParseError` says why when the text
        is ambiguous or unreadable: digits beyond the currency's minor units (never rounded), a
        decimal sign followed by exactly three digits where the currency has no three decimals
        (``"1,234"`` in ``de_DE`` could be a thousands group), groups of the wrong size, a symbol
        several currencies share, two different currencies, or no currency at all.
        :meth:`format` output reads back to the same amount for every currency and locale whose
        symbols are distinct.

        Limits: the text is at most 100 characters and the locale name at most 50, else
        :class:`~receivables.errors.AmountParseError`; reading takes time linear in the text.

        Examples:
            >>> Money.parse("$1,234.50")
            Money('1234.50', 'USD')
            >>> Money.parse("1.234,50\u00a0€", locale="de_DE")
            Money('1234.50', 'EUR')
            >>> Money.parse("(1,234.50)", "USD"), Money.parse("1.234,50-", "EUR", locale="de_DE")
            (Money('-1234.50', 'USD'), Money('-1234.50', 'EUR'))
            >>> Money.parse("1,234", "EUR", locale="de_DE")
            Traceback (most recent call last):
            ...
            receivables.errors.AmountParseError: amount '1,234' is ambiguous in de_DE: ',' is the \
decimal sign there, but the three digits after it read as a thousands group, and EUR has 2 \
decimals; write the thousands as '1.234,00'
        """
        global _parse_money  # bound once, on the first call
        if _parse_money is None:
            from receivables._amount_text import parse_money  # late: it imports this module

            _parse_money = parse_money
        return _parse_money(text, currency, locale)

    # -- views ---------------------------------------------------------------------------------

    @property
    def minor_units(self) -> int:
        """The amount as an integer count of minor units; raises if the amount is not rounded.

        Examples:
            >>> Money("12.34", "USD").minor_units
            1234
        """
        scaled = self.amount.scaleb(self.currency.minor_units, context=CONTEXT)
        if scaled != scaled.to_integral_value(context=CONTEXT):
            raise InvalidAmountError(
                f"{self} is not a whole number of minor units "
                f"({self.currency.minor_units} decimals); round it first"
            )
        return int(scaled)

    @property
    def is_rounded(self) -> bool:
        """Whether the amount is a whole number of minor units.

        Examples:
            >>> Money("1.5", "JPY").is_rounded
            False
        """
        return self.amount == self.amount.quantize(self.currency.quantum, context=CONTEXT)

    @property
    def is_zero(self) -> bool:
        """Whether the amount is zero.

        Examples:
            >>> Money("0.00", "USD").is_zero
            True
        """
        return not self.amount

    @property
    def is_positive(self) -> bool:
        """Whether the amount is above zero.

        Examples:
            >>> Money("-1", "USD").is_positive
            False
        """
        return self.amount > 0

    @property
    def is_negative(self) -> bool:
        """Whether the amount is below zero (a credit, in an open-items ledger).

        Examples:
            >>> Money("-1", "USD").is_negative
            True
        """
        return self.amount < 0

    # -- rounding and allocation -----------------------------------------------------------------

    def round(self, mode: str = DEFAULT_ROUNDING) -> Money:
        """Round to the currency's minor units with ``mode`` (default :data:`DEFAULT_ROUNDING`).

        ``mode`` is any :mod:`decimal` rounding constant. Rounding a rounded amount changes nothing.

        Examples:
            >>> Money("2.675", "USD").round()
            Money('2.68', 'USD')
            >>> Money("2.665", "USD").round(decimal.ROUND_HALF_EVEN)
            Money('2.66', 'USD')
        """
        _check_mode(mode)
        return trusted_money(
            self.amount.quantize(self.currency.quantum, rounding=mode, context=CONTEXT),
            self.currency,
        )

    MAX_PARTS: ClassVar[int] = 10_000
    """The most parts :meth:`allocate` and :meth:`split` produce.

    An amount is shared over instalments, cost centres or invoice lines: thousands at most. A
    larger count is a mistake, and refusing it keeps a call from building a billion amounts.
    """

    def allocate(self, ratios: Sequence[Decimal | int | str]) -> tuple[Money, ...]:
        """Split into parts proportional to ``ratios`` that sum exactly to this amount.

        Each part is a whole number of minor units. Parts get the floor of their exact share and
        the leftover minor units go one each to the parts with the largest remainders, ties to
        the earlier part (the largest-remainder method). Zero ratios get zero. A negative amount
        allocates as the mirror image of its absolute value. The amount must already be rounded.
        More than :attr:`MAX_PARTS` ratios raise :class:`~receivables.errors.InvalidAmountError`,
        and so does a ratio that is not zero or from ``1E-12`` to below ``1E+18`` with at most 34
        significant digits (weights are scaled to exact integers: wider ones would make numbers
        of millions of digits).

        Examples:
            >>> Money("10.00", "USD").allocate([1, 1, 1])
            (Money('3.34', 'USD'), Money('3.33', 'USD'), Money('3.33', 'USD'))
        """
        # Read one ratio past the limit, no more: a billion ratios are refused without a billion
        # conversions.
        weights: list[Decimal] = []
        for ratio in ratios:
            if len(weights) == self.MAX_PARTS:
                raise InvalidAmountError(
                    f"cannot allocate over more than {self.MAX_PARTS:,} ratios"
                )
            weights.append(to_decimal(ratio, what="ratio"))
        if not weights:
            raise InvalidAmountError("cannot allocate over an empty list of ratios")
        if any(w < 0 for w in weights):
            raise InvalidAmountError(f"ratios must not be negative, got {shown(list(ratios))}")
        for given in weights:
            if given and not (
                -12 <= given.adjusted() < 18
                and len(given.as_tuple().digits) - _trailing_zeros(given) <= _SIGNIFICANT_DIGITS
            ):
                raise InvalidAmountError(
                    "a ratio must be zero or from 1E-12 to below 1E+18 with at most "
                    f"{_SIGNIFICANT_DIGITS} significant digits, got {_described(given)}"
                )
        integers = _integer_weights(weights)
        weight_total = sum(integers)
        if not weight_total:
            raise InvalidAmountError("ratios must not all be zero")
        units = self.minor_units
        sign = -1 if units < 0 else 1
        units = abs(units)
        # Exact integer shares: each part's share is units * weight / total, whose floor and
        # remainder (over the common denominator ``weight_total``) are computed exactly, so that
        # an exact tie in remainders is seen as a tie and goes to the earlier part.
        shares: list[int] = []
        remainders: list[int] = []
        for weight in integers:
            floor, remainder = divmod(units * weight, weight_total)
            shares.append(floor)
            remainders.append(remainder)
        leftover = units - sum(shares)
        # Largest remainder first; among equals the earlier part wins (stable on index).
        order = sorted(range(len(shares)), key=lambda i: (-remainders[i], i))
        for index in order[:leftover]:
            shares[index] += 1
        exponent = -self.currency.minor_units
        return tuple(
            trusted_money(Decimal(sign * share).scaleb(exponent, context=CONTEXT), self.currency)
            for share in shares
        )

    def split(self, parts: int) -> tuple[Money, ...]:
        """Split into ``parts`` near-equal amounts that sum exactly to this amount.

        At most :attr:`MAX_PARTS` parts; more raise :class:`~receivables.errors.InvalidAmountError`.

        Examples:
            >>> Money("100.00", "USD").split(3)
            (Money('33.34', 'USD'), Money('33.33', 'USD'), Money('33.33', 'USD'))
        """
        if type(parts) is not int:
            raise InvalidAmountError(f"parts must be a positive int, got {shown(parts)}")
        if not 1 <= parts <= self.MAX_PARTS:
            # A huge int has no repr past 4,300 digits: describe it by its size instead.
            count = (
                str(parts) if parts.bit_length() <= 64 else f"an int of {parts.bit_length()} bits"
            )
            raise InvalidAmountError(
                f"parts must be a positive int of at most {self.MAX_PARTS:,}, got {count}"
            )
        return self.allocate([1] * parts)

    # -- formatting ------------------------------------------------------------------------------

    def format(self, locale: str = "en_US", *, format_type: str = "standard") -> str:
        """Format for display through babel, with the currency's ISO 4217 minor units.

        ``format_type`` is babel's ``"standard"`` or ``"accounting"`` (negatives in parentheses
        where the locale says so). The amount is rounded with :data:`DEFAULT_ROUNDING` for display.

        Examples:
            >>> Money("1234.5", "USD").format()
            '$1,234.50'
            >>> Money("1234.5", "EUR").format("de_DE")
            '1.234,50\\xa0€'
            >>> Money("-5", "USD").format(format_type="accounting")
            '($5.00)'
        """
        from babel import Locale, UnknownLocaleError
        from babel.numbers import parse_pattern

        try:
            loc = Locale.parse(locale)
        except (ValueError, TypeError, UnknownLocaleError) as error:
            raise InvalidAmountError(f"unknown locale {shown(locale)}: {error}") from None
        patterns = loc.currency_formats
        if format_type not in patterns:
            raise InvalidAmountError(
                f"unknown format_type {shown(format_type)}; expected 'standard' or 'accounting'"
            )
        pattern = parse_pattern(patterns[format_type].pattern)
        digits = self.currency.minor_units
        pattern.frac_prec = (digits, digits)
        with decimal.localcontext(CONTEXT):  # babel computes in the current context
            formatted: str = pattern.apply(
                self.round().amount, loc, currency=self.currency.code, currency_digits=False
            )
        return formatted

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency.code}')"

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"

    # -- arithmetic ------------------------------------------------------------------------------

    def _same(self, other: object, verb: str) -> Money:
        if not isinstance(other, Money):
            raise AmountTypeError(
                f"cannot {verb} Money and {type(other).__name__} ({shown(other)})"
            )
        if other.currency is not self.currency:
            raise CurrencyMismatchError(f"cannot {verb} {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        other = self._same(other, "add")
        return trusted_money(_checked(CONTEXT.add(self.amount, other.amount)), self.currency)

    def __radd__(self, other: object) -> Money:
        # Only the int 0 that ``sum()`` starts from is accepted on the left.
        if type(other) is int and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        other = self._same(other, "subtract")
        return trusted_money(_checked(CONTEXT.subtract(self.amount, other.amount)), self.currency)

    def __neg__(self) -> Money:
        return trusted_money(CONTEXT.minus(self.amount), self.currency)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return trusted_money(CONTEXT.abs(self.amount), self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return trusted_money(
            _checked(CONTEXT.multiply(self.amount, _factor(factor, "multiply"))), self.currency
        )

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        value = _factor(divisor, "divide")
        if not value:
            raise InvalidAmountError(f"cannot divide {self} by zero")
        return trusted_money(_checked(CONTEXT.divide(self.amount, value)), self.currency)

    def __bool__(self) -> bool:
        return bool(self.amount)

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same(other, "compare").amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same(other, "compare").amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same(other, "compare").amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same(other, "compare").amount

    def __round__(self, ndigits: SupportsIndex | None = None) -> Money:
        raise AmountTypeError("use money.round(mode=...) to round Money explicitly")


_parse_money: Callable[[str, str | Currency | None, str], Money] | None = None
"""The reading behind :meth:`Money.parse` (``receivables._amount_text.parse_money``), imported
on its first call (that module imports this one) and kept: an import statement on every call costs
some 0.7 µs, a quarter of reading a plain amount."""

_new = object.__new__
_set = object.__setattr__


def trusted_money(amount: Decimal, currency: Currency) -> Money:
    """Build :class:`Money` without validation (an internal contract, not for caller input).

    Only for a finite ``Decimal`` the library computed itself and a :class:`Currency` it already
    holds: the engines' hot paths build millions of amounts and must not re-check each one.
    Anything that comes from a caller goes through ``Money(amount, currency)``.

    Examples:
        >>> trusted_money(Decimal("1.50"), Currency("USD"))
        Money('1.50', 'USD')
    """
    money = _new(Money)
    _set_amount(money, amount)
    _set_currency(money, currency)
    return money


# The slots' own setters: a frozen class refuses ``money.amount = ...``, and calling the member
# descriptors directly costs half of ``object.__setattr__`` by name, which the hot paths feel.
_set_amount: Final = Money.__dict__["amount"].__set__
_set_currency: Final = Money.__dict__["currency"].__set__

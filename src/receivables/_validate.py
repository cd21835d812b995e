"""Small validators shared by the value types (private: the public surface is the types)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final, Protocol, TypeVar

import attrs

from receivables._text import shown
from receivables.errors import (
    AmountTypeError,
    InvalidDateError,
    InvalidPolicyError,
    InvalidRateError,
    InvalidTypeError,
    ValidationError,
)
from receivables.money import Currency, Money, to_decimal

_T = TypeVar("_T")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Identified = TypeVar("_Identified", bound=_HasId)


def all_of(kind: type[_T], name: str, values: Iterable[object]) -> tuple[_T, ...]:
    """Every value of an argument that takes many, checked to be ``kind``; a lone str is refused.

    ``name`` names the argument in the error: ``disputes must hold Dispute values, got str ('x')``.
    """
    if isinstance(values, str | bytes):
        raise InvalidTypeError(
            f"{name} must be an iterable of {kind.__name__} values, not {type(values).__name__}"
        )
    items = tuple(values)
    for item in items:
        if not isinstance(item, kind):
            raise InvalidTypeError(
                f"{name} must hold {kind.__name__} values, "
                f"got {type(item).__name__} ({shown(item)})"
            )
    return items  # type: ignore[return-value]


def by_id(
    kind: type[_Identified],
    name: str,
    values: Iterable[_Identified] | Mapping[str, _Identified],
) -> dict[str, _Identified]:
    """Values given as a mapping by id or as an iterable, as a dict by id, each of type ``kind``.

    Engines take customers either way (a dict the caller already keeps, or a list).
    """
    if isinstance(values, Mapping):
        all_of(kind, name, values.values())
        return dict(values)
    return {value.id: value for value in all_of(kind, name, values)}


def require_date(value: object, name: str) -> dt.date:
    """Return ``value`` if it is a ``datetime.date`` (not a ``datetime``), else raise."""
    if type(value) is dt.date:
        return value
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise InvalidTypeError(
            f"{name} must be a datetime.date, not {type(value).__name__} ({shown(value)})"
        )
    return value


_LAST_ORDINAL = dt.date.max.toordinal()


def add_days(day: dt.date, days: int, what: str) -> dt.date:
    """``day`` moved by ``days`` (back when negative); the one place dates are shifted by days.

    ``datetime.date`` runs from 0001-01-01 to 9999-12-31: a result outside that range raises
    :class:`~receivables.errors.InvalidDateError` naming ``what`` (``"the due date"``) instead
    of the builtin ``OverflowError``, whatever the size of ``days``.
    """
    ordinal = day.toordinal() + days
    if ordinal > _LAST_ORDINAL:
        raise InvalidDateError(
            f"{what} would fall after {dt.date.max}: {day} plus {shown(days)} days"
        )
    if ordinal < 1:
        raise InvalidDateError(
            f"{what} would fall before {dt.date.min}: {day} minus {shown(-days)} days"
        )
    return dt.date.fromordinal(ordinal)


def add_months(day: dt.date, months: int, what: str, *, day_of_month: int | None = None) -> dt.date:
    """The date ``months`` calendar months from ``day`` (back when negative).

    The day of the month is ``day_of_month`` (``day.day`` by default), cut to the month's last
    day (31 January plus one month is 28 or 29 February). Outside 0001-01-01 to 9999-12-31,
    :class:`~receivables.errors.InvalidDateError` naming ``what``.
    """
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year > dt.MAXYEAR:
        raise InvalidDateError(
            f"{what} would fall after {dt.date.max}: {day} plus {shown(months)} months"
        )
    if year < dt.MINYEAR:
        raise InvalidDateError(
            f"{what} would fall before {dt.date.min}: {day} minus {shown(-months)} months"
        )
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day if day_of_month is None else day_of_month, last))


def date_field(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: the field holds a ``datetime.date``."""
    require_date(value, attribute.name)


def optional_date_field(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: the field holds a ``datetime.date`` or ``None``."""
    if value is not None:
        require_date(value, attribute.name)


def require_money(value: object, name: str) -> Money:
    """Return ``value`` if it is :class:`Money`, else raise a ``TypeError`` naming the field."""
    if not isinstance(value, Money):
        raise AmountTypeError(f"{name} must be Money, not {type(value).__name__} ({shown(value)})")
    return value


def money_field(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: the field holds :class:`Money`."""
    require_money(value, attribute.name)


def non_empty_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: the field is a non-blank ``str``."""
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"{attribute.name} must be a str, not {type(value).__name__} ({shown(value)})"
        )
    if not value.strip():
        raise ValidationError(f"{attribute.name} must not be blank")


def str_tuple(value: object) -> tuple[str, ...]:
    """attrs converter: a list or tuple of strings to a tuple; a lone str is refused."""
    if isinstance(value, str) or not isinstance(value, list | tuple | frozenset | set):
        raise InvalidTypeError(
            f"expected a tuple or list of strings, not {type(value).__name__} ({shown(value)})"
        )
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidTypeError(f"expected strings, got {type(item).__name__} ({shown(item)})")
    return items


def exact_number(value: Decimal | int | str) -> Decimal:
    """attrs converter: an exact number (Decimal, int or numeric str; never a float)."""
    return to_decimal(value, what="value")


# The documented ranges of policy fields (each policy class docstring states its own).
# Wide enough for any real policy, narrow enough that no later arithmetic can overflow, build
# a huge table or lose digits in the 34-digit context.
MAX_DAYS: Final = 36_600
"""Days fields (grace, intervals, days past due, terms): at most 36,600 days, a century."""
MIN_EXPONENT: Final = -12
"""A nonzero rate or other policy number is at least ``1E-12`` in size (``1E-40`` is refused)."""
MAX_DIGITS: Final = 34
"""...and has at most 34 significant digits, those of the library's decimal context, so that
computed rates (a loss rate from roll rates) pass while a thousand-digit fraction does not."""
MAX_POINTS: Final = Decimal(1_000_000)
MIN_POINTS: Final = Decimal(-1_000_000)
"""Scorecard points, scores and score thresholds: within +/- one million."""


def policy_error(name: str, message: str) -> InvalidPolicyError:
    """An :class:`InvalidPolicyError` about the field ``name`` (its path ends in ``.name``)."""
    error = InvalidPolicyError(f"{name} {message}")
    error.field = name
    return error


def require_int_in(value: object, name: str, low: int, high: int) -> int:
    """``value`` if it is an ``int`` (not a bool) from ``low`` to ``high``, else raise naming it."""
    if type(value) is not int:
        raise policy_error(
            name, f"must be a whole number, got {type(value).__name__} {shown(value)}"
        )
    if not low <= value <= high:
        raise policy_error(name, f"must be from {low} to {high}, got {shown(value)}")
    return value


def int_field(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """attrs validator: the field is an ``int`` from ``low`` to ``high`` (a count, a size).

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Search:
        ...     budget: int = attrs.field(validator=int_field(0, 10))
        >>> Search(11)
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidPolicyError: budget must be from 0 to 10, got 11
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        require_int_in(value, attribute.name, low, high)

    return check


def days_field(
    low: int = 0, high: int = MAX_DAYS
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """attrs validator: a whole number of days from ``low`` to ``high`` (0 to 36,600 by default).

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Grace:
        ...     grace_days: int = attrs.field(validator=days_field())
        >>> Grace(-1)
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidPolicyError: grace_days must be from 0 to 36600, got -1
    """
    return int_field(low, high)


def optional_days_field(
    low: int = 0, high: int = MAX_DAYS
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """attrs validator: :func:`days_field`, or ``None``."""
    check = days_field(low, high)

    def optional(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None:
            check(instance, attribute, value)

    return optional


def _number_text(number: Decimal) -> str:
    """``number`` as written, or its start and length when a message would not hold it (a
    5,000-digit number)."""
    text = str(number)
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"


MAX_ANNUAL_RATE: Final = Decimal(100)
"""The highest annual interest rate the engines take: 100, that is 10,000% a year."""


def annual_rate(value: Decimal | int | str, name: str = "annual_rate") -> Decimal:
    """An annual interest rate as a fraction (``"0.12"`` for 12%): finite, from 0 to
    :data:`MAX_ANNUAL_RATE`, and zero or at least ``1E-12``, else
    :class:`~receivables.errors.InvalidRateError` (a rate of ``1E+999999`` or a 5,000-digit int
    would fail later, in the rounding of the interest)."""
    rate = to_decimal(value, what=name)
    text = _number_text(rate)
    if rate < 0:
        raise InvalidRateError(f"{name} must not be negative, got {text}")
    if rate > MAX_ANNUAL_RATE:
        raise InvalidRateError(
            f"{name} must be at most {MAX_ANNUAL_RATE} (10,000% a year), got {text}"
        )
    if rate and rate.adjusted() < MIN_EXPONENT:
        raise InvalidRateError(f"{name} must be 0 or at least 1E{MIN_EXPONENT}, got {text}")
    return rate


LOWEST_REFERENCE_RATE: Final = Decimal("-0.05")
"""The lowest official reference rate taken: -5% (the German Basiszinssatz was -0.88% from 2016
to 2022, the Austrian -0.62%)."""


def reference_rate(value: Decimal | int | str) -> Decimal:
    """An official reference rate as a fraction, from -0.05 to 1, else
    :class:`~receivables.errors.InvalidRateError`."""
    rate = to_decimal(value, what="reference rate")
    if not LOWEST_REFERENCE_RATE <= rate <= 1:
        raise InvalidRateError(f"reference rate must be from -0.05 to 1, got {_number_text(rate)}")
    return rate


def require_decimal_in(
    value: Decimal, name: str, low: Decimal | int, high: Decimal | int
) -> Decimal:
    """``value`` if it lies from ``low`` to ``high`` and, unless zero, is at least ``1E-12`` in
    size with at most 34 significant digits.

    Trailing zeros do not count (``0.0500000000000000000000000000000000000`` is ``0.05``); the
    count is exact, never rounded, so a 40-digit fraction cannot pass as its 34-digit rounding.
    """
    if not isinstance(value, Decimal) or not value.is_finite():
        raise policy_error(name, f"must be a finite Decimal, got {shown(value)}")
    if not low <= value <= high:
        raise policy_error(name, f"must be from {low} to {high}, got {shown(value)}")
    if not value.is_zero():
        _, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)  # finite
        significant = len("".join(map(str, digits)).strip("0"))
        if value.adjusted() < MIN_EXPONENT:
            raise policy_error(
                name, f"must be 0 or at least 1E{MIN_EXPONENT} in size, got {shown(value)}"
            )
        if significant > MAX_DIGITS:
            raise policy_error(
                name, f"may have at most {MAX_DIGITS} significant digits, got {shown(value)}"
            )
    return value


def decimal_field(
    low: Decimal | int, high: Decimal | int
) -> Callable[[object, attrs.Attribute[Any], Decimal], None]:
    """attrs validator: a Decimal from ``low`` to ``high``, as :func:`require_decimal_in`.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Cut:
        ...     factor: Decimal = attrs.field(validator=decimal_field(0, 10))
        >>> Cut(Decimal("1E-40"))
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidPolicyError: factor must be 0 or at least 1E-12 in size, got \
Decimal('1E-40')
    """

    def check(instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
        require_decimal_in(value, attribute.name, low, high)

    return check


def rate_field(high: Decimal | int = 1) -> Callable[[object, attrs.Attribute[Any], Decimal], None]:
    """attrs validator: a rate (a fraction: 5% is ``Decimal("0.05")``) from 0 to ``high`` (1 by
    default: 100%); unless zero, at least ``1E-12`` with at most 34 significant digits.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Charge:
        ...     rate: Decimal = attrs.field(validator=rate_field())
        >>> Charge(Decimal("1.5"))
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidPolicyError: rate must be from 0 to 1, got Decimal('1.5')
    """
    return decimal_field(0, high)


def points_field(instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """attrs validator: scorecard points or a score, within +/- :data:`MAX_POINTS`."""
    require_decimal_in(value, attribute.name, MIN_POINTS, MAX_POINTS)


def fraction_field(instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """attrs validator: a rate between 0 and 1 (5% is ``Decimal("0.05")``), named in errors,
    unless zero at least ``1E-12``, with at most 34 significant digits."""
    require_decimal_in(value, attribute.name, 0, 1)


def pairs_of(value: object, name: str) -> tuple[tuple[Any, Any], ...]:
    """Pairs given as a mapping or as an iterable of 2-item tuples/lists, as a tuple of pairs.

    A lone str or bytes (whose characters would unpack into nonsense) and items that are not
    pairs are refused naming ``name``.
    """
    if isinstance(value, Mapping):
        return tuple(value.items())
    items = values_of(value, name)
    for item in items:
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise policy_error(
                name, f"must be a mapping or (key, value) pairs, got an item {shown(item)}"
            )
    return tuple((item[0], item[1]) for item in items)


def values_of(value: object, name: str) -> tuple[Any, ...]:
    """Values given as any iterable (a list, a tuple, a generator), as a tuple.

    A lone str or bytes, a mapping (whose keys would pass for the values) and a non-iterable are
    refused naming ``name``.
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise policy_error(
            name, f"must be a list or tuple of values, not {type(value).__name__} {shown(value)}"
        )
    return tuple(value)


def money_tuple(value: Iterable[Money]) -> tuple[Money, ...]:
    """attrs converter: amounts given per currency, as a tuple; anything but Money is refused."""
    items = values_of(value, "amounts per currency")
    for item in items:
        if not isinstance(item, Money):
            raise AmountTypeError(f"expected Money per currency, got {type(item).__name__}")
    return items


def amount_in(amounts: Iterable[Money], currency: Currency) -> Money | None:
    """The amount for ``currency`` among amounts given per currency, if any."""
    for amount in amounts:
        if amount.currency is currency:
            return amount
    return None

"""Small validators shared by the value types (private: the public surface is the types)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol, TypeVar

import attrs

from receivables.errors import (
    AmountTypeError,
    InvalidPolicyError,
    InvalidTypeError,
    ValidationError,
)
from receivables.money import Currency, Money, to_decimal

_T = TypeVar("_T")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_Identified = TypeVar("_Identified", bound=_HasId)


def shown(value: object, limit: int = 80) -> str:
    """``repr(value)`` for an error message, cut to ``limit`` characters and never failing.

    A huge int (whose ``repr`` Python refuses past 4,300 digits) is described by its size.
    """
    if isinstance(value, int) and value.bit_length() > 256:
        return f"<int of {value.bit_length()} bits>"
    try:
        text = repr(value)
    except Exception:  # a caller's object whose __repr__ fails must not hide the real error
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
            f"{name} must be a datetime.date, not {type(value).__name__} ({value!r})"
        )
    return value


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
        raise AmountTypeError(f"{name} must be Money, not {type(value).__name__} ({value!r})")
    return value


def money_field(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: the field holds :class:`Money`."""
    require_money(value, attribute.name)


def non_empty_str(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """attrs validator: the field is a non-blank ``str``."""
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"{attribute.name} must be a str, not {type(value).__name__} ({value!r})"
        )
    if not value.strip():
        raise ValidationError(f"{attribute.name} must not be blank")


def str_tuple(value: object) -> tuple[str, ...]:
    """attrs converter: a list or tuple of strings to a tuple; a lone str is refused."""
    if isinstance(value, str) or not isinstance(value, list | tuple | frozenset | set):
        raise InvalidTypeError(
            f"expected a tuple or list of strings, not {type(value).__name__} ({value!r})"
        )
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidTypeError(f"expected strings, got {type(item).__name__} ({item!r})")
    return items


def exact_number(value: Decimal | int | str) -> Decimal:
    """attrs converter: an exact number (Decimal, int or numeric str; never a float)."""
    return to_decimal(value, what="value")


def fraction_field(instance: object, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """attrs validator: a rate between 0 and 1 (5% is ``Decimal("0.05")``), named in errors."""
    if not 0 <= value <= 1:
        raise InvalidPolicyError(
            f"{attribute.name} is a fraction between 0 and 1 (5% is 0.05), got {value}"
        )


def money_tuple(value: Iterable[Money]) -> tuple[Money, ...]:
    """attrs converter: amounts given per currency, as a tuple; anything but Money is refused."""
    items = tuple(value)
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

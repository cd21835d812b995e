"""Small validators shared by the value types (private: the public surface is the types)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from receivables.errors import AmountTypeError, InvalidTypeError, ValidationError
from receivables.money import Money


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

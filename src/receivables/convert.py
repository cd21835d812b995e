"""Policies as plain data: one structured-conversion layer (cattrs) for every policy type.

Dunning policies, scorecards, matching configurations and provision matrices are attrs values
that can be built in code or loaded from plain dicts (JSON, YAML, database rows). This module
holds the one converter they all use. It is strict: unknown keys, wrong types, floats where an
exact number is expected and bad enum values are rejected with an
:class:`~receivables.errors.InvalidPolicyError` that lists the path to every bad field.

Plain-data forms: ``Decimal`` as a string or int (``"0.0525"``), ``Money`` as ``"50.00 USD"`` or
``{"amount": "50.00", "currency": "USD"}``, ``Currency`` as its code, dates as ISO strings,
enums by value, tuples as lists.

Examples:
    >>> import attrs
    >>> from decimal import Decimal
    >>> @attrs.frozen
    ... class Fee:
    ...     rate: Decimal
    ...     minimum: Money
    >>> structure({"rate": "0.05", "minimum": "5.00 EUR"}, Fee)
    Fee(rate=Decimal('0.05'), minimum=Money('5.00', 'EUR'))
    >>> unstructure(Fee(Decimal("0.05"), Money("5.00", "EUR")))
    {'rate': '0.05', 'minimum': '5.00 EUR'}
    >>> structure({"rate": 0.05, "minimum": "5.00 EUR", "colour": "red"}, Fee)
    Traceback (most recent call last):
    ...
    receivables.errors.InvalidPolicyError: invalid Fee: \
amount must be Decimal, int or str, not float (0.05); use Decimal('0.05') or '0.05' @ $.rate; \
extra fields found (colour) @ $
"""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, Self, TypeVar

import attrs
import cattrs
from cattrs.v import format_exception

from receivables._text import shown
from receivables._validate import pairs_of
from receivables.errors import InvalidPolicyError, ReceivablesError
from receivables.money import Currency, Money, to_decimal

__all__ = ["CONVERTER", "PolicyData", "structure", "unstructure"]

T = TypeVar("T")


def _strict_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected a whole number, got {type(value).__name__} {shown(value)}")
    return value


def _strict_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise TypeError(f"expected true or false, got {type(value).__name__} {shown(value)}")
    return value


def _strict_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise TypeError(f"expected text, got {type(value).__name__} {shown(value)}")
    return value


def _decimal(value: object, _: type) -> Decimal:
    return to_decimal(value)  # type: ignore[arg-type]


def _money(value: object, _: type) -> Money:
    if isinstance(value, Money):
        return value
    if isinstance(value, str):
        parts = value.split()
        if len(parts) != 2:
            raise ValueError(f"expected money as '<amount> <currency>', got {shown(value)}")
        return Money(parts[0], parts[1])
    if isinstance(value, dict):
        extra = set(value) - {"amount", "currency"}
        if extra or set(value) != {"amount", "currency"}:
            raise ValueError(
                f"expected {{'amount': ..., 'currency': ...}}, got keys {shown(list(value))}"
            )
        return Money(value["amount"], value["currency"])
    raise TypeError(f"expected money as '50.00 USD' or a dict, got {type(value).__name__}")


def _currency(value: object, _: type) -> Currency:
    if isinstance(value, Currency):
        return value
    if not isinstance(value, str):
        raise TypeError(f"expected a currency code, got {type(value).__name__}")
    return Currency(value)


def _date(value: object, _: type) -> dt.date:
    if type(value) is dt.date:
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    raise TypeError(f"expected an ISO date (YYYY-MM-DD), got {type(value).__name__} {shown(value)}")


def _is_keyed_pairs(kind: Any) -> bool:
    """``tuple[tuple[str, X], ...]``: a mapping kept as sorted pairs to stay immutable."""
    if typing.get_origin(kind) is not tuple:
        return False
    args = typing.get_args(kind)
    if len(args) != 2 or args[1] is not Ellipsis:
        return False
    inner = args[0]
    return typing.get_origin(inner) is tuple and typing.get_args(inner)[:1] == (str,)


def _keyed_pairs_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    def factory(kind: Any) -> Callable[[Any, Any], Any]:
        pair = typing.get_args(kind)[0]
        value_type = typing.get_args(pair)[1]

        def structure_pairs(data: Any, _: Any) -> Any:
            return tuple(
                (_strict_str(key, str), converter.structure(value, value_type))
                for key, value in pairs_of(data, "pairs")
            )

        return structure_pairs

    return factory


def _is_sequence(kind: Any) -> bool:
    """``tuple[X, ...]`` that is not keyed pairs: a list in plain data."""
    if typing.get_origin(kind) is not tuple or _is_keyed_pairs(kind):
        return False
    args = typing.get_args(kind)
    return len(args) == 2 and args[1] is Ellipsis


def _sequence_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    # cattrs would iterate a str into its characters and a dict into its keys: refuse both.
    def factory(kind: Any) -> Callable[[Any, Any], Any]:
        item_type = typing.get_args(kind)[0]

        def structure_sequence(data: Any, _: Any) -> Any:
            if not isinstance(data, list | tuple):
                raise TypeError(f"expected a list, got {type(data).__name__} {shown(data)}")
            return tuple(converter.structure(data, list[item_type]))  # type: ignore[valid-type]

        return structure_sequence

    return factory


def _attrs_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    # cattrs reads any object as a dict and fails on its missing ``keys``: name the type instead.
    def factory(kind: Any) -> Callable[[Any, Any], Any]:
        structure_fields = converter.gen_structure_attrs_fromdict(kind)

        def structure_attrs(data: Any, _: Any) -> Any:
            if not isinstance(data, Mapping):
                raise TypeError(
                    f"expected a mapping (a JSON object) for {kind.__name__}, "
                    f"got {type(data).__name__} {shown(data)}"
                )
            return structure_fields(data, kind)

        return structure_attrs

    return factory


def _enum(value: object, kind: type[enum.Enum]) -> enum.Enum:
    # Enum's own error builds repr(value), which fails for a huge int; name the choices instead.
    if type(value) in (str, int):
        for member in kind:
            if member.value == value:
                return member
    choices = ", ".join(repr(member.value) for member in kind)
    raise ValueError(f"expected one of {choices}, got {type(value).__name__} {shown(value)}")


def _make() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook_factory(attrs.has, _attrs_hook(converter))
    converter.register_structure_hook_factory(_is_sequence, _sequence_hook(converter))
    converter.register_structure_hook_factory(_is_keyed_pairs, _keyed_pairs_hook(converter))
    converter.register_structure_hook_factory(
        lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), lambda _: _enum
    )
    converter.register_unstructure_hook_factory(
        _is_keyed_pairs,
        lambda _: lambda pairs: {key: converter.unstructure(value) for key, value in pairs},
    )
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(Money, _money)
    converter.register_structure_hook(Currency, _currency)
    converter.register_structure_hook(dt.date, _date)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_unstructure_hook(Money, lambda m: f"{m.amount} {m.currency.code}")
    converter.register_unstructure_hook(Currency, lambda c: c.code)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    return converter


CONVERTER: Final[cattrs.Converter] = _make()
"""The library's converter. Use :func:`structure` and :func:`unstructure` rather than calling it
directly: they turn cattrs' exception groups into one :class:`InvalidPolicyError`."""


def structure(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` value from plain data, strictly; errors name the path of each bad field.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Window:
        ...     days: int
        >>> structure({"days": 30}, Window)
        Window(days=30)
        >>> structure({"days": "30"}, Window)
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidPolicyError: invalid Window: expected a whole number, got str \
'30' @ $.days
    """
    try:
        return CONVERTER.structure(data, cls)
    except (
        cattrs.BaseValidationError,
        cattrs.errors.StructureHandlerNotFoundError,
        ReceivablesError,
        TypeError,
        ValueError,
        ArithmeticError,
    ) as error:
        problems = "; ".join(_problems(error, "$"))
        name = getattr(cls, "__name__", shown(cls))
        raise InvalidPolicyError(f"invalid {name}: {problems}") from None


def _problems(error: BaseException, path: str) -> list[str]:
    """One ``<message> @ <path>`` per bad field, as :func:`cattrs.transform_error` gives, but
    with keys shown safely and the field of a range validator's error added to the path."""
    if isinstance(error, cattrs.IterableValidationError):
        with_notes, without = error.group_exceptions()
        found = [
            line
            for inner, note in with_notes
            for line in _problems(inner, f"{path}[{shown(note.index)}]")
        ]
    elif isinstance(error, cattrs.ClassValidationError):
        class_notes, without = error.group_exceptions()
        found = [
            line
            for inner, attribute in class_notes
            for line in _problems(inner, f"{path}.{attribute.name}")
        ]
    else:
        field = getattr(error, "field", None)
        return [f"{_describe(error)} @ {path}.{field}" if field else f"{_describe(error)} @ {path}"]
    return found + [line for inner in without for line in _problems(inner, path)]


def _describe(error: BaseException) -> str:
    # Our hooks and value types raise messages written for people: keep them as they are.
    if isinstance(
        error, ReceivablesError | TypeError | ValueError | ArithmeticError
    ) and not isinstance(error, cattrs.ForbiddenExtraKeysError):
        try:
            text = str(error)
        except ValueError:  # a message that would hold a huge int
            text = ""
        if text and not text.startswith("Unsupported type"):
            return text
    return format_exception(error, None)


def unstructure(value: object) -> Any:
    """Plain data (dicts, lists, strings, numbers) for a policy value; :func:`structure` reads
    it back to an equal value.

    Examples:
        >>> import datetime as dt
        >>> unstructure({"on": dt.date(2026, 1, 2), "fee": Money("5", "GBP")})
        {'on': '2026-01-02', 'fee': '5 GBP'}
    """
    return CONVERTER.unstructure(value)


class PolicyData:
    """Mixin for policy values: ``from_dict`` and ``to_dict`` through this module's converter.

    Dunning policies, matching policies, scorecards, provision matrices and the rest inherit it,
    so they all load and dump the same strict way.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Threshold(PolicyData):
        ...     days: int = 30
        ...     floor: Money = Money("10.00", "USD")
        >>> Threshold.from_dict({"days": 45, "floor": "25.00 USD"})
        Threshold(days=45, floor=Money('25.00', 'USD'))
        >>> Threshold().to_dict()
        {'days': 30, 'floor': '10.00 USD'}
    """

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Load from plain data (JSON, YAML, a database row): strict, and an error names the
        path of every bad field.

        Examples:
            >>> import attrs
            >>> @attrs.frozen
            ... class Window(PolicyData):
            ...     days: int
            >>> Window.from_dict({"days": 7, "colour": "red"})
            Traceback (most recent call last):
            ...
            receivables.errors.InvalidPolicyError: invalid Window: extra fields found (colour) @ $
        """
        return structure(data, cls)

    def to_dict(self) -> dict[str, Any]:
        """Dump to plain data that :meth:`from_dict` reads back to an equal value.

        Examples:
            >>> import attrs
            >>> @attrs.frozen
            ... class Window(PolicyData):
            ...     days: int
            >>> Window.from_dict(Window(7).to_dict()) == Window(7)
            True
        """
        data: dict[str, Any] = unstructure(self)
        return data

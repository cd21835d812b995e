"""Policies as plain data: one structured-conversion layer (cattrs) for every policy type.

Dunning policies, scorecards, matching configurations and provision matrices are attrs values
that can be built in code or loaded from plain dicts (JSON, YAML, database rows). This module
holds the one converter they all use. It is strict: unknown keys, wrong types, floats where an
exact number is expected and bad enum values are rejected with an
:class:`~receivables.errors.InvalidPolicyError` that lists the path to every bad field.

Plain-data forms (see docs/interchange.md): ``Decimal`` as a string or int (``"0.0525"``),
``Money`` as ``{"amount": "50.00", "currency": "USD"}`` (``"50.00 USD"`` is read too),
``Currency`` as its code, dates as ISO strings, enums by value, tuples as lists. The same form
serves every value, document and result: :class:`DictForm` gives ``to_dict()`` and
:class:`DataForm` adds ``from_dict()``.

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
    {'rate': '0.05', 'minimum': {'amount': '5.00', 'currency': 'EUR'}}
    >>> structure({"rate": 0.05, "minimum": "5.00 EUR", "colour": "red"}, Fee)
    Traceback (most recent call last):
    ...
    receivables.errors.InvalidPolicyError: invalid Fee: \
amount must be Decimal, int or str, not float (0.05); use Decimal('0.05') or '0.05' @ $.rate; \
extra fields found (colour) @ $; a float was given: if a framework parsed JSON numbers as floats, \
pass numbers="shortest-repr" to read each by its shortest repr, or send numbers as strings
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final, Literal, Self, TypeAlias, TypeVar

import attrs
import cattrs
from cattrs.errors import AttributeValidationNote, ClassValidationError, ForbiddenExtraKeysError
from cattrs.v import format_exception

from receivables._interchange import (
    floats_by_repr,
    hand_written_init,
    has_float,
    is_keyed_pairs,
    plain,
)
from receivables._text import shown
from receivables._validate import pairs_of
from receivables.errors import (
    InvalidDataError,
    InvalidPolicyError,
    ReceivablesError,
    ValidationError,
)
from receivables.money import Currency, Money, to_decimal

__all__ = [
    "CONVERTER",
    "DataForm",
    "DictForm",
    "Numbers",
    "PolicyData",
    "structure",
    "unstructure",
]

Numbers: TypeAlias = Literal["strict", "shortest-repr"]
"""How :func:`structure` reads a float: ``"strict"`` refuses it (the default), ``"shortest-repr"``
reads it as the ``Decimal`` of its shortest round-trip repr (``0.95`` -> ``Decimal('0.95')``)."""

_FLOAT_HINT = (
    "; a float was given: if a framework parsed JSON numbers as floats, pass "
    'numbers="shortest-repr" to read each by its shortest repr, or send numbers as strings'
)

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
    return is_keyed_pairs(kind)


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


def _init_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    # A class with a hand-written ``__init__`` (Invoice, Customer, Buckets, ...) is built through
    # that ``__init__``: its optional arguments are optional here, derived fields (an invoice's
    # due date from its terms) are derived, and its own checks run. Each argument is structured
    # as the attrs field of the same name declares, so the form is the one ``to_dict`` gives.
    def factory(kind: Any) -> Callable[[Any, Any], Any]:
        hints = typing.get_type_hints(kind)
        init_hints = typing.get_type_hints(kind.__init__)
        parameters = [
            parameter
            for name, parameter in inspect.signature(kind.__init__).parameters.items()
            if name != "self"
        ]
        names = {parameter.name for parameter in parameters}

        def structure_init(data: Any, _: Any) -> Any:
            if not isinstance(data, Mapping):
                raise TypeError(
                    f"expected a mapping (a JSON object) for {kind.__name__}, "
                    f"got {type(data).__name__} {shown(data)}"
                )
            errors: list[Exception] = []
            extra = {key for key in data if key not in names}
            if extra:
                errors.append(ForbiddenExtraKeysError("extra fields", kind, extra))
            arguments: dict[str, Any] = {}
            for parameter in parameters:
                name = parameter.name
                hint = hints.get(name, init_hints.get(name, Any))
                try:
                    if name not in data:
                        if parameter.default is inspect.Parameter.empty:
                            raise KeyError(name)
                        continue
                    arguments[name] = converter.structure(data[name], hint)
                except Exception as error:  # collected, then reported with its path
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        AttributeValidationNote(f"Structuring {name}", name, hint),
                    ]
                    errors.append(error)
            if errors:
                raise ClassValidationError(f"While structuring {kind.__name__}", errors, kind)
            return kind(**arguments)

        return structure_init

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
    converter.register_structure_hook_factory(
        lambda kind: attrs.has(kind) and hand_written_init(kind), _init_hook(converter)
    )
    converter.register_structure_hook_factory(_is_sequence, _sequence_hook(converter))
    converter.register_structure_hook_factory(_is_keyed_pairs, _keyed_pairs_hook(converter))
    converter.register_structure_hook_factory(
        lambda kind: isinstance(kind, type) and issubclass(kind, enum.Enum), lambda _: _enum
    )
    converter.register_unstructure_hook_factory(
        _is_keyed_pairs,
        lambda kind: functools.partial(plain, kind=kind),
    )
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook(bool, _strict_bool)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_structure_hook(Money, _money)
    converter.register_structure_hook(Currency, _currency)
    converter.register_structure_hook(dt.date, _date)
    converter.register_unstructure_hook(Decimal, str)
    # Unstructuring is the one plain form (receivables._interchange), also through CONVERTER.
    converter.register_unstructure_hook_factory(attrs.has, lambda _: plain)
    converter.register_unstructure_hook(Money, plain)
    converter.register_unstructure_hook(Currency, lambda c: c.code)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    return converter


CONVERTER: Final[cattrs.Converter] = _make()
"""The library's converter. Use :func:`structure` and :func:`unstructure` rather than calling it
directly: they turn cattrs' exception groups into one :class:`InvalidPolicyError`."""


def structure(data: Any, cls: type[T], *, numbers: Numbers = "strict") -> T:
    """Build a ``cls`` value from plain data, strictly; errors name the path of each bad field.

    A float where an exact number is expected is refused, and the message says so; with
    ``numbers="shortest-repr"`` every float in ``data`` is first read as the ``Decimal`` of its
    shortest round-trip repr (see :doc:`interchange`). The error is an
    :class:`~receivables.errors.InvalidDataError` for a document or value, an
    :class:`~receivables.errors.InvalidPolicyError` for a policy or any other class.

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
    if numbers == "shortest-repr":
        try:
            data = floats_by_repr(data)
        except RecursionError:
            raise InvalidDataError("data nested too deeply to read") from None
    elif numbers != "strict":
        raise InvalidDataError(f"numbers must be 'strict' or 'shortest-repr', got {shown(numbers)}")
    kind: type[ValidationError] = InvalidPolicyError
    if hasattr(cls, "from_dict") and not (isinstance(cls, type) and issubclass(cls, PolicyData)):
        kind = InvalidDataError
    try:
        return CONVERTER.structure(data, cls)
    except (
        cattrs.BaseValidationError,
        cattrs.errors.StructureHandlerNotFoundError,
        ReceivablesError,
        TypeError,
        ValueError,
        ArithmeticError,
        RecursionError,
    ) as error:
        problems = "; ".join(_problems(error, "$"))
        name = getattr(cls, "__name__", shown(cls))
        hint = _FLOAT_HINT if numbers == "strict" and has_float(data) else ""
        raise kind(f"invalid {name}: {problems}{hint}") from None


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
    if isinstance(error, cattrs.ForbiddenExtraKeysError):
        # cattrs joins the keys as text, which fails for a key that is not a str.
        keys = sorted(
            (key if isinstance(key, str) else shown(key) for key in error.extra_fields),
        )
        return f"extra fields found ({', '.join(keys)})"
    return format_exception(error, None)


def unstructure(value: object) -> Any:
    """The library's one plain-data form of ``value`` (JSON-ready: dicts, lists, text, whole
    numbers, booleans and None); :func:`structure` reads it back to an equal value. Private
    fields and caches never appear. The form is described in :doc:`interchange`.

    Examples:
        >>> import datetime as dt
        >>> unstructure({"on": dt.date(2026, 1, 2), "fee": Money("5", "GBP")})
        {'on': '2026-01-02', 'fee': {'amount': '5.00', 'currency': 'GBP'}}
    """
    return plain(value)


def plain_dict(value: object) -> dict[str, Any]:
    """The plain form of an attrs value, typed as the ``dict`` it is (for ``to_dict`` methods
    written out in a class rather than inherited from :class:`DictForm`)."""
    data: dict[str, Any] = plain(value)
    return data


class DictForm:
    """Mixin for every public value and result class: ``to_dict()`` in the one plain form.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Total(DictForm):
        ...     amount: Money
        ...     _cache: int = 0
        >>> Total(Money("100.1", "USD")).to_dict()
        {'amount': {'amount': '100.10', 'currency': 'USD'}}
    """

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready plain data: money as ``{"amount": "100.10", "currency": "USD"}``, dates as
        ISO 8601, enums by value, decimals as text; no private field.

        Examples:
            >>> import attrs
            >>> @attrs.frozen
            ... class Window(DictForm):
            ...     days: int
            >>> Window(7).to_dict()
            {'days': 7}
        """
        data: dict[str, Any] = plain(self)
        return data


class DataForm(DictForm):
    """Mixin for input classes (documents, values, policies, histories): ``to_dict()`` and
    ``from_dict()``, which reads the form back to an equal value.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Window(DataForm):
        ...     days: int
        ...     note: str | None = None
        >>> Window.from_dict({"days": 7})
        Window(days=7, note=None)
    """

    __slots__ = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, numbers: Numbers = "strict") -> Self:
        """Load from plain data (JSON, YAML, a database row): strict, optional fields optional,
        and an error names the path of every bad field. ``numbers="shortest-repr"`` reads a
        float (from a framework that parsed JSON numbers as floats) by its shortest repr.

        Examples:
            >>> import attrs
            >>> from decimal import Decimal
            >>> @attrs.frozen
            ... class Rate(DataForm):
            ...     rate: Decimal
            >>> Rate.from_dict({"rate": 0.95}, numbers="shortest-repr")
            Rate(rate=Decimal('0.95'))
        """
        return structure(data, cls, numbers=numbers)


class PolicyData(DataForm):
    """Mixin for policy values: :class:`DataForm` whose load errors are
    :class:`~receivables.errors.InvalidPolicyError`.

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
        {'days': 30, 'floor': {'amount': '10.00', 'currency': 'USD'}}
        >>> Threshold.from_dict({"days": 7, "colour": "red"})
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidPolicyError: invalid Threshold: extra fields found (colour) @ $
    """

    __slots__ = ()

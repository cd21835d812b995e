"""The one plain-data form of the library's values: the walker behind every ``to_dict()``.

Every public value, document, policy and result class turns into JSON-ready primitives (``str``,
``int``, ``bool``, ``None``, ``list``, ``dict``) through :func:`plain`, driven by attrs field
introspection and a few special forms:

============================  ==============================================================
value                         plain form
============================  ==============================================================
``Money``                     ``{"amount": "100.10", "currency": "USD"}``: the amount at its
                              currency's minor units, or exactly as held when it has more
                              places (an exact intermediate such as accrued interest)
``Currency``                  its code, ``"USD"``
``date`` / ``datetime``       ISO 8601 text
``Enum``                      its value
``Decimal``                   its text (``"0.0525"``), never a float
tuple, list, frozenset        a list (a frozenset sorted)
keyed pairs, mapping          an object with string keys (``tuple[tuple[str, X], ...]``); keyed
                              pairs whose keys repeat stay a list of ``[key, value]`` pairs
attrs class                   an object of its public constructor fields
============================  ==============================================================

A field is in the form when its name has no leading underscore, attrs passes it to the
constructor (``init=True``), and, for a class with a hand-written ``__init__``, that ``__init__``
takes it: so the form holds exactly what the constructor needs, and never a cache (``_sums``,
``_index``, ``Buckets.index_table``). A result class whose figures live in a private field names
the public properties to add in a ``dict_properties`` class variable (``AgingRow`` adds its
amounts and totals).

This module imports nothing from the engines; :mod:`receivables.convert` reads the form back.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import functools
import inspect
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables.errors import InvalidTypeError
from receivables.money import Currency, Money

__all__: list[str] = []


def money_text(money: Money) -> str:
    """The amount of ``money`` as plain-form text: at the currency's minor units (``"100.10"``),
    or exactly as held when it has more places than the currency's minor units."""
    amount = money.amount
    try:
        rounded = amount.quantize(money.currency.quantum, context=CONTEXT)
    except decimal.InvalidOperation:  # more digits than the context holds: keep as held
        return format(amount, "f")
    # Equal means no place was lost (trailing zeros at most): the minor-unit text is exact.
    return str(rounded) if rounded == amount else format(amount, "f")


def hand_written_init(cls: type) -> bool:
    """Whether ``cls`` is an attrs class whose ``__init__`` is written by hand (``init=False``)."""
    return "__attrs_init__" in vars(cls)


@functools.cache
def form_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """``(name, type)`` of each field in the plain form of attrs class ``cls``."""
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a forward reference we cannot resolve: go by values
        hints = {}
    allowed: set[str] | None = None
    if hand_written_init(cls):
        allowed = set(inspect.signature(vars(cls)["__init__"]).parameters) - {"self"}
    fields = []
    for field in attrs.fields(cls):
        if field.name.startswith("_") or not field.init:
            continue
        if allowed is not None and field.name not in allowed:
            continue
        fields.append((field.name, hints.get(field.name)))
    extras = getattr(cls, "dict_properties", ())
    return (*fields, *((name, None) for name in extras))


def is_keyed_pairs(kind: Any) -> bool:
    """``tuple[tuple[str, X], ...]``: a mapping kept as pairs to stay immutable."""
    if typing.get_origin(kind) is not tuple:
        return False
    args = typing.get_args(kind)
    if len(args) != 2 or args[1] is not Ellipsis:
        return False
    inner = args[0]
    return (
        typing.get_origin(inner) is tuple
        and typing.get_args(inner)[:1] == (str,)
        and len(typing.get_args(inner)) == 2
    )


def plain(value: object, kind: Any = None) -> Any:
    """The plain form of ``value`` (see the module docstring); ``kind`` is its declared type,
    when known, so that keyed pairs become an object rather than a list of lists."""
    if kind is not None and isinstance(value, tuple | list):
        if is_keyed_pairs(kind):
            return _pairs(value, typing.get_args(typing.get_args(kind)[0])[1])
        item_kind = _item_kind(kind)
        if item_kind is not None and is_keyed_pairs(item_kind):
            return [plain(item, item_kind) for item in value]
    encode = _ENCODERS.get(type(value)) or _encoder(type(value))
    return encode(value)


# One encoder per exact type, built on first use: the form of a large report is then a dict
# lookup and a call per value, not a chain of isinstance checks.
_Encoder: typing.TypeAlias = typing.Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


def _money(value: Money) -> dict[str, str]:
    return {"amount": money_text(value), "currency": value.currency.code}


def _sequence(value: tuple[Any, ...] | list[Any]) -> list[Any]:
    encoders = _ENCODERS
    return [(encoders.get(type(item)) or _encoder(type(item)))(item) for item in value]


def _set(value: frozenset[Any] | set[Any]) -> list[Any]:
    return sorted((plain(item) for item in value), key=repr)


def _mapping(value: Mapping[Any, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, inner in value.items():
        text = plain(key)
        if not isinstance(text, str):
            raise InvalidTypeError(
                f"a mapping key must be text, a date, an enum or a currency in plain data, "
                f"got {type(key).__name__} {shown(key)}"
            )
        found[text] = plain(inner)
    return found


def _pairs(value: tuple[Any, ...] | list[Any], item: Any) -> dict[str, Any] | list[list[Any]]:
    found = {key: plain(inner, item) for key, inner in value}
    if len(found) == len(value):
        return found
    # A key given twice (a credit limit cap per risk class in each of several currencies): an
    # object would keep only the last, so the pairs stay [key, value] pairs, as from_dict reads.
    return [[key, plain(inner, item)] for key, inner in value]


def _unknown(value: object) -> Any:
    raise InvalidTypeError(
        f"no plain-data form for {type(value).__name__} {shown(value)}: expected a value of "
        "the library, Money, Decimal, a date, an enum, text, a whole number, true/false, None, "
        "or lists and mappings of these (never a float)"
    )


_ENCODERS: dict[type, _Encoder] = {
    str: _same,
    int: _same,
    bool: _same,
    type(None): _same,
    Decimal: str,
    Money: _money,
    Currency: lambda value: value.code,
    dt.date: dt.date.isoformat,
    dt.datetime: dt.datetime.isoformat,
    tuple: _sequence,
    list: _sequence,
    frozenset: _set,
    set: _set,
    dict: _mapping,
}


def _encoder(cls: type) -> _Encoder:
    encode: _Encoder
    if issubclass(cls, enum.Enum):

        def encode(value: enum.Enum) -> Any:
            return plain(value.value)

    elif attrs.has(cls):
        encode = _attrs_encoder(cls)
    elif issubclass(cls, Money):
        encode = _money
    elif issubclass(cls, dt.date):  # a datetime is a date too
        encode = dt.date.isoformat
    elif issubclass(cls, Decimal):
        encode = str
    elif issubclass(cls, tuple | list):
        encode = _sequence
    elif issubclass(cls, frozenset | set):
        encode = _set
    elif issubclass(cls, Mapping):
        encode = _mapping
    else:
        encode = _unknown
    _ENCODERS[cls] = encode
    return encode


def _attrs_encoder(cls: type) -> _Encoder:
    getters: list[tuple[str, _Encoder | None]] = []
    for name, hint in form_fields(cls):
        if hint is not None and (is_keyed_pairs(hint) or is_keyed_pairs(_item_kind(hint))):
            getters.append((name, functools.partial(plain, kind=hint)))
        else:
            getters.append((name, None))  # by the value's own type
    encoders = _ENCODERS

    def encode(value: object) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for name, field in getters:
            inner = getattr(value, name)
            if field is None:
                field = encoders.get(type(inner)) or _encoder(type(inner))
            found[name] = field(inner)
        return found

    return encode


def _item_kind(kind: Any) -> Any:
    if typing.get_origin(kind) is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
    return None


def has_float(data: object) -> bool:
    """Whether plain ``data`` holds a float anywhere (walking lists and mappings)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if type(item) is float:
            return True
        if isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return False


def floats_by_repr(data: Any) -> Any:
    """``data`` with every float read as the ``Decimal`` of its shortest round-trip repr
    (``0.95`` -> ``Decimal('0.95')``), which is the number the JSON text held when a framework
    parsed it as a float. NaN and infinities stay floats, for the structuring to refuse."""
    if type(data) is float:
        text = repr(data)
        return Decimal(text) if text not in ("nan", "inf", "-inf") else data
    if isinstance(data, Mapping):
        return {key: floats_by_repr(inner) for key, inner in data.items()}
    if isinstance(data, list | tuple):
        return [floats_by_repr(inner) for inner in data]
    return data

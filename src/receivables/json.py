"""JSON text in and out: every value and result of the library, numbers kept exact.

:func:`dumps` writes the one plain form that every ``to_dict()`` gives (money as
``{"amount": "100.10", "currency": "USD"}``, dates as ISO 8601, enums by value, decimals as
text); :func:`loads` reads JSON text with every number with a fraction or exponent as a
``Decimal`` (never a float) and, given a type, builds that type through its ``from_dict``.
:func:`schema` gives the JSON Schema (draft 2020-12) of an input type. The form and the reasons
behind it are in ``docs/interchange.md``.

Limits: :func:`loads` reads at most :data:`MAX_TEXT_CHARS` characters and refuses nesting
deeper than the interpreter's recursion limit (1,000 levels by default; the library's deepest
value needs six), duplicate keys, and ``NaN`` or ``Infinity``, each with an
:class:`~receivables.errors.InvalidDataError`; the standard library's parser it uses is linear
in the text, and a whole number is limited by Python to 4,300 digits.

Examples:
    >>> from receivables import Money
    >>> text = dumps(Money("100.1", "USD"))
    >>> text
    '{"amount": "100.10", "currency": "USD"}'
    >>> loads(text, Money)
    Money('100.10', 'USD')
    >>> loads('{"rate": 0.0525}')
    {'rate': Decimal('0.0525')}
"""

from __future__ import annotations

import json as _json
from decimal import Decimal
from typing import Any, Final, TypeVar, overload

from receivables._interchange import plain
from receivables._text import shown
from receivables.convert import structure
from receivables.errors import InvalidDataError, ReceivablesError

__all__ = ["MAX_TEXT_CHARS", "dumps", "loads", "schema"]

T = TypeVar("T")

MAX_TEXT_CHARS: Final = 64 * 1024 * 1024
"""The longest JSON text :func:`loads` reads (64 MiB); longer text is refused before parsing."""


MAX_INDENT: Final = 32
"""The widest indent :func:`dumps` writes, in spaces."""


def dumps(value: object, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """JSON text of ``value``: any value or result of the library, ``Money``, ``Decimal``, a
    date, an enum, or lists and mappings of these. A float is refused (money is never a float).

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from receivables import Money
        >>> dumps({"on": dt.date(2026, 3, 31), "rate": Decimal("0.0525"),
        ...        "fees": [Money("5", "EUR")]})
        '{"on": "2026-03-31", "rate": "0.0525", "fees": [{"amount": "5.00", "currency": "EUR"}]}'
        >>> dumps(0.1)
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidTypeError: no plain-data form for float 0.1: ...

    ``indent`` is at most :data:`MAX_INDENT` spaces (a huge indent would make gigabytes of
    blanks).
    """
    if indent is not None and (type(indent) is not int or not 0 <= indent <= MAX_INDENT):
        raise InvalidDataError(
            f"indent must be a whole number from 0 to {MAX_INDENT}, not {shown(indent)}"
        )
    try:
        return _json.dumps(plain(value), indent=indent, sort_keys=sort_keys, allow_nan=False)
    except RecursionError:
        raise InvalidDataError("data nested too deeply to write as JSON") from None
    except ValueError as error:  # a whole number past Python's 4,300-digit limit
        raise InvalidDataError(f"cannot write as JSON: {error}") from None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise InvalidDataError(f"duplicate key {shown(key)} in a JSON object")
        found[key] = value
    return found


def _constant(name: str) -> Any:
    raise InvalidDataError(f"{name} is not a number the library reads (JSON has no {name})")


@overload
def loads(text: str | bytes, kind: None = None) -> Any: ...
@overload
def loads(text: str | bytes, kind: type[T]) -> T: ...
def loads(text: str | bytes, kind: type[T] | None = None) -> T | Any:
    """Read JSON ``text``: numbers with a fraction or exponent become ``Decimal`` (never
    float), whole numbers ``int``. Given ``kind`` (``Invoice``, ``DunningPolicy``,
    ``list[Payment]``, ...), build it strictly: an error names the path of each bad field.

    Examples:
        >>> from receivables.cashapp import MatchPolicy
        >>> loads('{"auto_match_confidence": 0.95}', MatchPolicy).auto_match_confidence
        Decimal('0.95')
        >>> loads('{"a": 1, "a": 2}')
        Traceback (most recent call last):
        ...
        receivables.errors.InvalidDataError: duplicate key 'a' in a JSON object
    """
    if not isinstance(text, str | bytes):
        raise InvalidDataError(f"JSON text must be str or bytes, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise InvalidDataError(
            f"JSON text of {len(text):,} characters is longer than the limit of "
            f"{MAX_TEXT_CHARS:,} (receivables.json.MAX_TEXT_CHARS)"
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InvalidDataError(f"JSON bytes are not UTF-8: {error}") from None
    try:
        data = _json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_constant,
            object_pairs_hook=_pairs,
        )
    except ReceivablesError:
        raise
    except RecursionError:  # the C parser checks the depth as it descends
        raise InvalidDataError("JSON nested too deeply to read") from None
    except ValueError as error:
        raise InvalidDataError(f"not JSON: {error}") from None
    if kind is None:
        return data
    return structure(data, kind)


def schema(kind: type[Any], *, output: bool = False) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of input type ``kind``: for the library's own input
    types (documents, values, policies, histories: the classes with ``from_dict``) the schema
    shipped in the package; for your own attrs class (a request that holds library values, say)
    one generated the same way. With ``output=True``, the schema of what ``to_dict()`` gives,
    for any public class, results included (a response model), generated from the class.

    Examples:
        >>> from receivables import Invoice
        >>> schema(Invoice)["required"]
        ['id', 'customer_id', 'issue_date', 'amount']
        >>> schema(Invoice)["properties"]["issue_date"]
        {'type': 'string', 'format': 'date'}
        >>> from receivables.aging import AgingReport
        >>> schema(AgingReport, output=True)["$defs"]["AgingRow"]["required"]
        ['customer_id', 'currency', 'labels', 'segment', 'item_count', 'amounts', 'credits', \
'disputed', 'total']
    """
    from receivables._schema import shipped_schema  # late: it imports every engine

    return shipped_schema(kind, output=output)

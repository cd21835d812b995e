"""JSON Schema (draft 2020-12) of the input types, generated from the classes.

:func:`generate` builds the schema of an input class from what :func:`receivables.convert.structure`
reads: its constructor's arguments (the attrs fields, or a hand-written ``__init__``'s
parameters), their declared types, and which have defaults. The schemas are shipped in the
package (``receivables/schemas/<Name>.json``, written by ``scripts/update_schemas.py``; a test
compares them with :func:`generate`), and :func:`shipped_schema` reads them.

A schema checks the shape of a document (names, types, formats); ranges and rules between
fields (a due date on or after the issue date, discount tiers in order) are checked by
``from_dict``, which runs the constructors.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import enum
import functools
import importlib
import inspect
import json
import types
import typing
from decimal import Decimal
from importlib import resources
from typing import Any

import attrs

from receivables._interchange import form_fields, hand_written_init, is_keyed_pairs
from receivables._text import shown
from receivables.errors import InvalidTypeError
from receivables.money import Currency, Money

__all__: list[str] = []

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_BASE = "https://receivables.invalid/schemas/"
DECIMAL_PATTERN = r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$"
CURRENCY_PATTERN = r"^\s*[A-Za-z]{3}\s*$"
MONEY_TEXT_PATTERN = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)? [A-Za-z]{3}$"

_DECIMAL = {"type": ["string", "integer"], "pattern": DECIMAL_PATTERN}


MODULES = (
    "receivables.money",
    "receivables.fx",
    "receivables.terms",
    "receivables.calendar",
    "receivables.documents",
    "receivables.explain",
    "receivables.aging",
    "receivables.dunning",
    "receivables.credit",
    "receivables.cashapp",
    "receivables.allowance",
    "receivables.bankfiles",
    "receivables.forecast",
    "receivables.adapters",
    "receivables.scale",
    "receivables.letters",
    "receivables.samples",
    "receivables.samples.cashapp",
)
"""The modules whose ``__all__`` names the library's public value, document, policy and result
classes (this module is at the edge, so it may import the engines). Importing them needs no
optional extra: the letters import Jinja2, the scale recipes pyarrow and Dask, only when used.

Left out, each for a reason: ``receivables.cashapp.scenarios`` re-exports
``receivables.samples.cashapp``; ``receivables.frames``, ``receivables.json``,
``receivables.convert``, ``receivables.cli``, ``receivables.demo``, ``receivables.accounts`` and
``receivables.testing`` name functions and helpers, not value or result classes (the
subpackages' modules, such as ``receivables.aging.report``, are covered through their package's
``__all__``); a test lists every public module and fails on a value class outside these."""


@functools.cache
def input_types() -> tuple[type, ...]:
    """Every public class with ``from_dict`` (the input types), sorted by name."""
    found: dict[str, type] = {}
    for name in MODULES:
        module = importlib.import_module(name)
        for public in module.__all__:
            value = getattr(module, public)
            if isinstance(value, type) and attrs.has(value) and hasattr(value, "from_dict"):
                found[value.__name__] = value
    return tuple(found[name] for name in sorted(found))


def _parameters(cls: type) -> list[tuple[str, Any, bool]]:
    """``(name, type, required)`` of each constructor argument :func:`structure` reads."""
    hints = typing.get_type_hints(cls)
    if hand_written_init(cls):
        init = vars(cls)["__init__"]
        init_hints = typing.get_type_hints(init)
        return [
            (name, hints.get(name, init_hints.get(name, Any)), p.default is p.empty)
            for name, p in inspect.signature(init).parameters.items()
            if name != "self"
        ]
    return [
        (field.alias or field.name, hints[field.name], field.default is attrs.NOTHING)
        for field in attrs.fields(cls)
        if field.init
    ]


_DECIMAL_OUT = {"type": "string", "pattern": DECIMAL_PATTERN}
_MONEY_OUT = {
    "type": "object",
    "properties": {
        "amount": {"type": "string", "pattern": DECIMAL_PATTERN},
        "currency": {"type": "string", "pattern": r"^[A-Z]{3}$"},
    },
    "required": ["amount", "currency"],
    "additionalProperties": False,
    "description": "Money: the amount as text at the currency's minor units (exactly as held "
    "when it has more places) and the ISO 4217 code.",
}


def _extra_hint(cls: type, name: str) -> Any:
    """The type of ``name`` from ``dict_properties``: an attrs field the constructor does not
    take (a fitted model's counts, a prediction's figures), or a property or method."""
    if any(field.name == name for field in attrs.fields(cls)):
        return typing.get_type_hints(cls).get(name, Any)
    getter = getattr(cls, name)
    target = getter.fget if isinstance(getter, property) else getter
    return typing.get_type_hints(target).get("return", Any)


def _output_fields(cls: type) -> list[tuple[str, Any]]:
    """``(name, type)`` of each key of ``cls``'s plain form (what ``to_dict`` gives)."""
    found = []
    for name, hint in form_fields(cls):
        if hint is None:  # named in ``dict_properties``: a field's type, a property's return
            hint = _extra_hint(cls, name)
        found.append((name, hint))
    return found


class _Builder:
    def __init__(self, *, output: bool = False) -> None:
        self.defs: dict[str, Any] = {}
        self.output = output

    def of(self, kind: Any) -> dict[str, Any]:
        if kind is Any or kind is object:
            return {}
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer"}
        if kind is str:
            return {"type": "string"}
        if kind is Decimal:
            return dict(_DECIMAL_OUT if self.output else _DECIMAL)
        if kind is Currency:
            return {"type": "string", "pattern": CURRENCY_PATTERN}
        if kind is dt.datetime:
            return {"type": "string", "format": "date-time"}
        if kind is dt.date:
            return {"type": "string", "format": "date"}
        if kind is type(None):
            return {"type": "null"}
        if kind is Money:
            return self.ref(Money)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return {"enum": [member.value for member in kind]}
        if isinstance(kind, type) and attrs.has(kind):
            return self.ref(kind)
        origin = typing.get_origin(kind)
        args = typing.get_args(kind)
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.of(arg) for arg in args]}
        if origin is typing.Literal:  # a choice of words, such as a column map's terms_mode
            return {"enum": [self.of_literal(arg) for arg in args]}
        if is_keyed_pairs(kind):
            value = self.of(typing.get_args(args[0])[1])
            pair = {
                "type": "array",
                "prefixItems": [{"type": "string"}, value],
                "minItems": 2,
                "maxItems": 2,
            }
            return {
                "anyOf": [
                    {"type": "object", "additionalProperties": value},
                    {"type": "array", "items": pair},
                ]
            }
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0])}
        if origin is tuple:
            return {
                "type": "array",
                "prefixItems": [self.of(arg) for arg in args],
                "minItems": len(args),
                "maxItems": len(args),
            }
        if origin in (frozenset, set, list, collections.abc.Sequence, collections.abc.Iterable):
            return {"type": "array", "items": self.of(args[0]) if args else {}}
        if origin in (dict, collections.abc.Mapping):
            return {"type": "object", "additionalProperties": self.of(args[1])}
        raise InvalidTypeError(f"no JSON Schema for the type {shown(kind)}")

    @staticmethod
    def of_literal(value: object) -> str | int | bool | None:
        if value is None or isinstance(value, str | int | bool):
            return value
        raise InvalidTypeError(f"no JSON Schema for the literal {shown(value)}")

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placed first: a class may refer to itself
            self.defs[name] = self.body(cls)
        return {"$ref": f"#/$defs/{name}"}

    def body(self, cls: type) -> dict[str, Any]:
        if cls is Money and self.output:
            return dict(_MONEY_OUT)
        if self.output:
            fields = _output_fields(cls)
            body: dict[str, Any] = {
                "type": "object",
                "title": cls.__name__,
                "properties": {name: self.of(kind) for name, kind in fields},
                "required": [name for name, _ in fields],
                "additionalProperties": False,
            }
            doc = inspect.getdoc(cls)
            if doc:
                body["description"] = doc.split("\n\n", 1)[0].replace("\n", " ")
            return body
        if cls is Money:
            return {
                "anyOf": [
                    {
                        "type": "object",
                        "properties": {
                            "amount": dict(_DECIMAL),
                            "currency": {"type": "string", "pattern": CURRENCY_PATTERN},
                        },
                        "required": ["amount", "currency"],
                        "additionalProperties": False,
                    },
                    {"type": "string", "pattern": MONEY_TEXT_PATTERN},
                ],
                "description": "Money: an exact amount as text (or a whole number) and an "
                "ISO 4217 currency code; '100.10 USD' is read too.",
            }
        parameters = _parameters(cls)
        body = {
            "type": "object",
            "title": cls.__name__,
            "properties": {name: self.of(kind) for name, kind, _ in parameters},
            "required": [name for name, _, required in parameters if required],
            "additionalProperties": False,
        }
        doc = inspect.getdoc(cls)
        if doc:
            body["description"] = doc.split("\n\n", 1)[0].replace("\n", " ")
        return body


def generate(cls: type, *, output: bool = False) -> dict[str, Any]:
    """The JSON Schema of input type ``cls`` (what ``from_dict`` reads), or with ``output`` of
    what its ``to_dict`` gives (every key present; money and decimals as text only)."""
    builder = _Builder(output=output)
    builder.ref(cls)
    top = builder.defs.pop(cls.__name__)
    suffix = ".output" if output else ""
    schema: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"{ID_BASE}{cls.__name__}{suffix}.json",
        **top,
    }
    if builder.defs:
        schema["$defs"] = dict(sorted(builder.defs.items()))
    # A class that refers to itself points at the top of the document.
    found: dict[str, Any] = json.loads(
        json.dumps(schema).replace(f'"#/$defs/{cls.__name__}"', '"#"')
    )
    return found


@functools.cache
def _output_schema_text(cls: type) -> str:
    return json.dumps(generate(cls, output=True))


def _output_schema(cls: type) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(_output_schema_text(cls))
    return found


@functools.cache
def _shipped(name: str) -> str:
    return resources.files("receivables").joinpath("schemas", f"{name}.json").read_text("utf-8")


def shipped_schema(cls: type[Any], *, output: bool = False) -> dict[str, Any]:
    """The shipped schema of input type ``cls``; a type without one is an error naming it.
    With ``output``, the schema of ``to_dict()``'s form of any public class, generated."""
    if not isinstance(cls, type):
        raise InvalidTypeError(f"schema() takes a class, got {type(cls).__name__} {shown(cls)}")
    if output:
        if not hasattr(cls, "to_dict") or not attrs.has(cls):
            raise InvalidTypeError(f"{cls.__name__} has no plain form (no to_dict)")
        return _output_schema(cls)
    if cls in input_types():
        found: dict[str, Any] = json.loads(_shipped(cls.__name__))
        return found
    if attrs.has(cls) and not cls.__module__.startswith("receivables."):
        return generate(cls)  # the caller's own class, such as a request
    raise InvalidTypeError(
        f"{cls.__name__} is not an input type: schemas are shipped for the library's classes "
        "with from_dict (documents, values, policies, histories) and generated for your own "
        "attrs classes"
    )

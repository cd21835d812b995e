"""The per-load reader: the map's columns found among the first row's keys, the caches of
parsed cells, and the plan of the fast way to read rows of the first row's shape."""

from __future__ import annotations

import contextlib
import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from receivables._text import shown
from receivables.adapters._cells import CACHE_LIMIT, ISO_DATE, ZERO, RejectError, plain_number
from receivables.adapters._fast import FastRead, fast_reader
from receivables.adapters.columns import MAX_CELL_LENGTH, ColumnMap, RowKind
from receivables.errors import ReceivablesError, TermsParseError
from receivables.money import Currency, Money
from receivables.terms import PaymentTerms, parse_terms

_PLACED: Final = (
    "customer",
    "document",
    "document_date",
    "kind",
    "due_date",
    "currency",
    "debit",
    "credit",
    "amount",
    "open_amount",
    "terms",
    "against",
    "customer_name",
    "opening",
)
"""The single-column fields of a :class:`ColumnMap` that :class:`Plan` places."""


class Plan:
    """Where each mapped column is in what :attr:`Reader.getter` returns (``-1``: the blank
    at the end, for a column the map does not have or the rows lack)."""

    __slots__ = (*_PLACED, "references")

    def __init__(self, places: dict[str, int], references: tuple[int, ...]) -> None:
        for name in _PLACED:
            setattr(self, name, places[name])
        self.references = references

    customer: int
    document: int
    document_date: int
    kind: int
    due_date: int
    currency: int
    debit: int
    credit: int
    amount: int
    open_amount: int
    terms: int
    against: int
    customer_name: int
    opening: int
    references: tuple[int, ...]


@attrs.define
class Reader:
    """The per-load state: the map, its resolved columns and the caches of parsed cells."""

    mapping: ColumnMap
    columns: dict[str, str] = attrs.field(factory=dict)
    dates: dict[str, dt.date] = attrs.field(factory=dict)
    currencies: dict[str, Currency] = attrs.field(factory=dict)
    terms: dict[str, tuple[PaymentTerms | None, str | None]] = attrs.field(factory=dict)
    point: str = "."
    group: str = ","
    plain: dict[Currency, re.Pattern[str]] = attrs.field(factory=dict)
    header_currency: Currency | None = None
    fill: dict[str, str] = attrs.field(factory=dict)
    kinds: dict[str, RowKind] = attrs.field(factory=dict)
    raw_currencies: dict[str, Currency] = attrs.field(factory=dict)
    getter: Callable[[Mapping[str, object]], tuple[object, ...]] | None = None
    absent: frozenset[str] = frozenset()
    plan: Plan | None = None
    fast: FastRead | None = None

    def resolve(self, keys: Iterable[object]) -> None:
        """Find each mapped column among the first row's keys: exactly, or with a currency in
        brackets after it (ERPNext prints ``Debit (USD)``), which then is the default currency."""
        present = [k for k in keys if isinstance(k, str)]
        exact = set(present)
        for column in self.mapping.columns() + self.mapping.fill_down:
            self.columns[column] = column
            if column in exact:
                self.columns[column] = column
                continue
            for key in present:
                if (
                    key.startswith(column + " (")
                    and key.endswith(")")
                    and len(key) == len(column) + 6
                ):
                    self.columns[column] = key
                    code = key[len(column) + 2 : -1]
                    with contextlib.suppress(ReceivablesError):
                        self.header_currency = Currency(code)
                    break
        self._plan(exact)

    def _plan(self, keys: set[str]) -> None:
        """The fast way to read a row of the first row's shape: one ``itemgetter`` takes every
        mapped cell at once (:func:`_texts`), and ``at`` gives each column's place in what it
        returns (``-1``, a blank, for an optional column the rows do not have; ``absent`` lists
        those, so that a row that has one after all is read the careful way). Maps that fill
        cells down from above are always read the careful way."""
        mapping = self.mapping
        if mapping.fill_down:
            return
        optional = {mapping.terms, mapping.against, mapping.customer_name, mapping.opening}
        optional.update(mapping.references)
        if mapping.default_currency is not None:
            optional.add(mapping.currency)
        optional.difference_update(  # a column read both ways is required
            (mapping.customer, mapping.document, mapping.document_date, mapping.due_date)
            + (mapping.kind, mapping.amount, mapping.open_amount, mapping.debit, mapping.credit)
            + ((mapping.currency,) if mapping.default_currency is None else ())
        )
        wanted: list[str] = []
        absent: set[str] = set()
        at: dict[str | None, int] = {None: -1}
        for column in mapping.columns():
            key = self.columns.get(column, column)
            if key not in keys and column in optional:
                absent.add(key)
                at[column] = -1
            else:
                at[column] = len(wanted)
                wanted.append(key)
        if len(wanted) < 2:  # itemgetter of one key returns the value, not a tuple
            return
        self.getter = operator.itemgetter(*wanted)
        self.absent = frozenset(absent)
        self.plan = Plan(
            {field: at[getattr(mapping, field)] for field in _PLACED},
            tuple(at[column] for column in mapping.references),
        )
        self.fast = fast_reader(self, self.plan, self.getter)

    def cell(self, cells: Mapping[str, object], column: str, required: bool = True) -> str:
        """The stripped text of ``column`` in a row (blank for ``None``), refused past
        :data:`MAX_CELL_LENGTH`; filled down from above where the map says so."""
        try:
            value = cells[self.columns[column]]
        except KeyError:
            if column not in self.columns:  # resolve() has not run: rows of other shapes
                self.columns[column] = column
                return self.cell(cells, column, required)
            if not required:
                return ""
            raise RejectError(
                column, "adapters.missing_column", f"the row has no column {column!r}"
            ) from None
        if type(value) is str and len(value) <= MAX_CELL_LENGTH and not self.fill:
            return value.strip()
        if type(value) is not str:
            if value is None:
                return self._filled(column, "")
            if not isinstance(value, str):
                raise RejectError(
                    column, "adapters.not_a_row", f"the cell is not text: {shown(value)}"
                )
            value = str(value)  # a str subclass: read as its text
        if len(value) > MAX_CELL_LENGTH:
            raise RejectError(
                column,
                "adapters.long_cell",
                f"the cell is longer than {MAX_CELL_LENGTH} characters",
            )
        return self._filled(column, value.strip())

    def _filled(self, column: str, value: str) -> str:
        if self.fill and column in self.fill:
            if value:
                self.fill[column] = value
            else:
                value = self.fill[column]
        return value

    def date(self, text: str, column: str) -> dt.date:
        try:
            return self.dates[text]
        except KeyError:
            pass
        fmt = self.mapping.date_format
        try:
            if fmt == "%Y-%m-%d" and len(text) == 10 and ISO_DATE.fullmatch(text):
                day = dt.date.fromisoformat(text)
            else:
                day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            raise RejectError(
                column,
                "adapters.bad_date",
                f"cannot read {shown(text)} as a date in the format {fmt}",
            ) from None
        if len(self.dates) < CACHE_LIMIT:
            self.dates[text] = day
        return day

    def currency(self, text: str, column: str | None) -> Currency:
        try:
            return self.currencies[text]
        except KeyError:
            pass
        try:
            currency = Currency(text)
        except ReceivablesError as error:
            raise RejectError(column, "adapters.bad_currency", str(error)) from None
        if len(self.currencies) < CACHE_LIMIT:
            self.currencies[text] = currency
        return currency

    def amount(self, text: str, column: str, currency: Currency, *, blank_is_zero: bool) -> Decimal:
        if not text:
            if blank_is_zero:
                return ZERO
            raise RejectError(column, "adapters.blank_cell", "the amount is blank")
        plain = self.plain.get(currency)
        if plain is None:
            plain = self.plain[currency] = plain_number(self.point, self.group, currency)
        if plain.fullmatch(text):
            if self.group and self.group in text:
                text = text.replace(self.group, "")
            return Decimal(text if self.point == "." else text.replace(self.point, "."))
        try:
            return Money.parse(text, currency, locale=self.mapping.locale).amount
        except ReceivablesError as error:
            raise RejectError(column, "adapters.bad_amount", str(error)) from None

    def read_terms(self, text: str) -> tuple[PaymentTerms | None, str | None]:
        try:
            return self.terms[text]
        except KeyError:
            pass
        column = self.mapping.terms
        found: tuple[PaymentTerms | None, str | None]
        default = self.mapping.default_terms
        try:
            if self.mapping.terms_mode == "lenient" and default is not None:
                parsed = parse_terms(text, default=default)
                reason = parsed.reasons[0].message if parsed.reasons else None
                found = (parsed.terms, reason)
            else:
                found = (parse_terms(text), None)
        except TermsParseError as error:
            if self.mapping.terms_mode == "strict":
                raise RejectError(column, "adapters.bad_terms", str(error)) from None
            found = (None, f"{error}; no terms read (the row's due date stands)")
        if len(self.terms) < CACHE_LIMIT:
            self.terms[text] = found
        return found

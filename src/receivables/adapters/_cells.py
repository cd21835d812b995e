"""Reading cells the careful way (which says why a cell cannot be read): a row's currency, kind
and amounts, the figure of a rejected row, the locale's number signs, and the line a read row
becomes. The per-load state they read through is :class:`~receivables.adapters._reader.Reader`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import babel
import babel.numbers

from receivables._decimal import CONTEXT
from receivables._text import shown
from receivables.adapters.columns import AmountSign, RowKind
from receivables.errors import InvalidPolicyError
from receivables.money import Currency, Money
from receivables.terms import PaymentTerms

if TYPE_CHECKING:  # the reader calls into this module
    from receivables.adapters._reader import Reader


ZERO: Final = Decimal(0)
ONE: Final = Decimal(1)
CACHE_LIMIT: Final = 100_000
"""Most distinct texts remembered per column kind (dates, currencies, terms) in one load."""


class RejectError(Exception):
    """A row's rejection on its way out of the row reader (never leaves the adapters)."""

    def __init__(self, column: str | None, code: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.code = code
        self.reason = reason


class Line:
    """One accepted row, read: what the group builder needs."""

    __slots__ = (
        "against",
        "currency",
        "customer",
        "document",
        "due",
        "issue",
        "kind",
        "name",
        "open",
        "references",
        "row",
        "terms",
        "whole",
    )

    def __init__(
        self,
        row: int,
        customer: str,
        name: str | None,
        document: str,
        against: str | None,
        kind: RowKind,
        issue: dt.date,
        due: dt.date | None,
        currency: Currency,
        whole: Decimal,
        open_: Decimal,
        terms: PaymentTerms | None,
        references: tuple[str, ...],
    ) -> None:
        self.row = row
        self.customer = customer
        self.name = name
        self.document = document
        self.against = against
        self.kind = kind
        self.issue = issue
        self.due = due
        self.currency = currency
        self.whole = whole
        self.open = open_
        self.terms = terms
        self.references = references


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def number_symbols(locale: str) -> tuple[str, str]:
    """The decimal sign and the group separator of ``locale`` (for the numbers read without
    :meth:`Money.parse`)."""
    try:
        point = str(babel.numbers.get_decimal_symbol(locale))
        group = str(babel.numbers.get_group_symbol(locale))
        pattern = babel.Locale.parse(locale).decimal_formats[None]
    except (ValueError, TypeError, LookupError, babel.UnknownLocaleError) as error:
        raise InvalidPolicyError(f"unknown locale {shown(locale)}: {error}") from None
    # Locales that group otherwise than in threes (en_IN: 12,34,567) go to Money.parse.
    return point, group if tuple(pattern.grouping) == (3, 3) and group != point else ""


def plain_number(point: str, group: str, currency: Currency) -> re.Pattern[str]:
    """Numbers that need no more than the locale's two signs: an optional minus, digits (alone
    or in groups of three after the first one to three), and at most the currency's minor units
    after the decimal sign. Anything else (symbols, codes, accounting brackets, a trailing minus,
    more decimals than the currency has) goes to :meth:`Money.parse`, which reads it or says
    why not; on what both read they agree (tests/adapters checks it)."""
    digits = currency.minor_units
    fraction = rf"(?:{re.escape(point)}\d{{1,{digits}}})?" if digits else ""
    grouped = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}}){{1,5}}" if group else r"\d{1,18}"
    return re.compile(rf"-?(?:\d{{1,18}}|{grouped}){fraction}")


def figure(reader: Reader, cells: Mapping[str, object]) -> Money | None:
    """The signed open amount of a rejected row, when its currency and amount cells can still
    be read (whatever else is wrong with it), so that it counts in its currency's totals."""
    mapping = reader.mapping
    try:
        currency = row_currency(reader, cells)
    except RejectError:
        return None
    try:
        kind = row_kind(reader, cells)
    except RejectError:
        kind = RowKind.AUTO
    try:
        if mapping.open_amount is not None:
            value = reader.amount(
                reader.cell(cells, mapping.open_amount),
                mapping.open_amount,
                currency,
                blank_is_zero=False,
            )
            if mapping.sign is AmountSign.BY_KIND and kind in (
                RowKind.CREDIT_MEMO,
                RowKind.PAYMENT,
            ):
                value = -abs(value)
        else:
            value = row_amounts(reader, cells, currency, kind)[0]
    except RejectError:
        return None
    return Money(value, currency)


def row_currency(reader: Reader, cells: Mapping[str, object]) -> Currency:
    mapping = reader.mapping
    if mapping.currency is not None:
        text = reader.cell(cells, mapping.currency, mapping.default_currency is None)
        if text:
            return reader.currency(text.upper(), mapping.currency)
    if mapping.default_currency is not None:
        return reader.currency(mapping.default_currency.upper(), mapping.currency)
    if reader.header_currency is not None:
        return reader.header_currency
    raise RejectError(
        mapping.currency,
        "adapters.bad_currency",
        "the currency is blank and the map has no default_currency (a blank currency is the "
        "ledger's local one: name it with ColumnMap.using(default_currency=...))",
    )


def row_kind(reader: Reader, cells: Mapping[str, object]) -> RowKind:
    mapping = reader.mapping
    kind = RowKind.AUTO
    if mapping.kind is not None:
        text = reader.cell(cells, mapping.kind)
        try:
            kind = reader.kinds[text]
        except KeyError:
            found = mapping.kind_of(text)
            if found is None:
                raise RejectError(
                    mapping.kind,
                    "adapters.bad_kind",
                    f"{shown(text)} is not a document kind the map knows",
                ) from None
            kind = found
            if len(reader.kinds) < CACHE_LIMIT:
                reader.kinds[text] = kind
    if mapping.opening is not None and kind is not RowKind.SUMMARY:
        flag = reader.cell(cells, mapping.opening, False).casefold()
        if flag and flag in mapping.opening_values:
            kind = RowKind.OPENING
    return kind


def row_amounts(
    reader: Reader, cells: Mapping[str, object], currency: Currency, kind: RowKind
) -> tuple[Decimal, Decimal]:
    """The row's whole amount and open amount, signed receivable-positive."""
    mapping = reader.mapping
    if mapping.debit is not None and mapping.credit is not None:
        debit = reader.amount(
            reader.cell(cells, mapping.debit), mapping.debit, currency, blank_is_zero=True
        )
        credit = reader.amount(
            reader.cell(cells, mapping.credit), mapping.credit, currency, blank_is_zero=True
        )
        whole = CONTEXT.subtract(debit, credit)
    elif mapping.amount is not None:
        whole = reader.amount(
            reader.cell(cells, mapping.amount), mapping.amount, currency, blank_is_zero=False
        )
    else:
        whole = ZERO
    if mapping.open_amount is not None:
        open_ = reader.amount(
            reader.cell(cells, mapping.open_amount),
            mapping.open_amount,
            currency,
            blank_is_zero=False,
        )
    else:
        open_ = whole
    if mapping.amount is None and mapping.debit is None:
        whole = open_
    if mapping.sign is AmountSign.BY_KIND and kind in (RowKind.CREDIT_MEMO, RowKind.PAYMENT):
        whole, open_ = -abs(whole), -abs(open_)
    return whole, open_

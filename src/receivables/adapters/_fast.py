"""The fast reader: rows of the first row's shape read with one ``itemgetter`` call and no
per-cell calls (it leaves every other row to the careful reader)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from receivables._decimal import CONTEXT
from receivables.adapters._cells import CACHE_LIMIT, ZERO, Line, row_currency
from receivables.adapters.columns import MAX_CELL_LENGTH, AmountSign, RowKind
from receivables.money import Currency
from receivables.terms import PaymentTerms

if TYPE_CHECKING:  # the reader calls into this module
    from receivables.adapters._reader import Plan, Reader


FastRead = Callable[[Mapping[str, object], int], "tuple[Line, str | None] | None"]


def fast_reader(
    reader: Reader, plan: Plan, getter: Callable[[Mapping[str, object]], tuple[object, ...]]
) -> FastRead:
    """The fast reader of rows of the first row's shape, made once per load: every place,
    column name and cache it needs is bound here, so that reading a row is one ``itemgetter``
    call and no per-cell calls.

    It returns ``None`` for a row it leaves to the careful reader (``load._read_cells``): a
    column missing, a cell that is not text or is too long, a column the first row lacked, a
    blank customer, document or date, a kind not seen yet, a total row. For every other row it
    gives the line ``load._read_cells`` would give, or raises the rejection it would raise
    (``tests/adapters/test_fast_path.py`` checks both ways agree)."""
    mapping = reader.mapping
    absent = reader.absent
    limit = MAX_CELL_LENGTH
    strip = str.strip
    at_customer, at_document, at_date = plan.customer, plan.document, plan.document_date
    at_kind = plan.kind if mapping.kind is not None else None
    at_opening = plan.opening if mapping.opening is not None else None
    opening_values = mapping.opening_values
    at_due, at_currency, at_terms = plan.due_date, plan.currency, plan.terms
    at_against, at_name, at_references = plan.against, plan.customer_name, plan.references
    date_column, due_column = mapping.document_date, mapping.due_date or ""
    currency_column = mapping.currency
    kinds, dates, raw_currencies = reader.kinds, reader.dates, reader.raw_currencies
    read_date, read_currency, read_terms = reader.date, reader.currency, reader.read_terms
    careful_amount = reader.amount
    plains = reader.plain
    point, group = reader.point, reader.group
    debit_column, credit_column = mapping.debit, mapping.credit
    amount_column, open_column = mapping.amount, mapping.open_amount
    at_debit, at_credit, at_amount, at_open = plan.debit, plan.credit, plan.amount, plan.open_amount
    by_kind = mapping.sign is AmountSign.BY_KIND
    auto, opening, summary = RowKind.AUTO, RowKind.OPENING, RowKind.SUMMARY
    negative_kinds = (RowKind.CREDIT_MEMO, RowKind.PAYMENT)
    subtract = CONTEXT.subtract

    def number(text: str, column: str, currency: Currency, blank_is_zero: bool) -> Decimal:
        plain = plains.get(currency)  # made by the careful reader on a currency's first amount
        if plain is not None and text and plain.fullmatch(text):
            if group and group in text:
                text = text.replace(group, "")
            return Decimal(text if point == "." else text.replace(point, "."))
        return careful_amount(text, column, currency, blank_is_zero=blank_is_zero)

    def read(cells: Mapping[str, object], row: int) -> tuple[Line, str | None] | None:
        try:
            values = getter(cells)
        except (KeyError, TypeError):
            return None
        if absent and not absent.isdisjoint(cells.keys()):
            return None
        try:
            if max(map(len, values)) > limit:  # type: ignore[arg-type]
                return None
            texts: tuple[str, ...] = (*map(strip, values), "")  # type: ignore[arg-type]
        except TypeError:  # None, or not text
            return None
        customer = texts[at_customer]
        document = texts[at_document]
        date_text = texts[at_date]
        if not (customer and document and date_text):
            return None
        if at_kind is not None:
            found = kinds.get(texts[at_kind])
            if found is None or found is summary:
                return None
            kind = found
        else:
            kind = auto
        if at_opening is not None:
            flag = texts[at_opening].casefold()
            if flag and flag in opening_values:
                kind = opening
        issue = dates.get(date_text) or read_date(date_text, date_column)
        due_text = texts[at_due]
        due = (dates.get(due_text) or read_date(due_text, due_column)) if due_text else None
        currency_text = texts[at_currency]
        if currency_text:
            currency = raw_currencies.get(currency_text)
            if currency is None:
                currency = read_currency(currency_text.upper(), currency_column)
                if len(raw_currencies) < CACHE_LIMIT:
                    raw_currencies[currency_text] = currency
        else:
            currency = row_currency(reader, cells)
        if debit_column is not None and credit_column is not None:
            whole = subtract(
                number(texts[at_debit], debit_column, currency, True),
                number(texts[at_credit], credit_column, currency, True),
            )
        elif amount_column is not None:
            whole = number(texts[at_amount], amount_column, currency, False)
        else:
            whole = ZERO
        if open_column is not None:
            open_ = number(texts[at_open], open_column, currency, False)
        else:
            open_ = whole
        if amount_column is None and debit_column is None:
            whole = open_
        if by_kind and kind in negative_kinds:
            whole, open_ = -abs(whole), -abs(open_)
        terms: PaymentTerms | None = None
        note: str | None = None
        terms_text = texts[at_terms]
        if terms_text:
            terms, note = read_terms(terms_text)
        against_text = texts[at_against]
        references: tuple[str, ...] = ()
        if at_references:
            references = tuple(text for place in at_references if (text := texts[place]))
        line = Line(
            row,
            customer,
            texts[at_name] or None,
            document,
            against_text if against_text and against_text != document else None,
            kind,
            issue,
            due,
            currency,
            whole,
            open_,
            terms,
            references,
        )
        return line, note

    return read

"""Strategies for the adapters' inputs: column maps, and a map with ERP export rows for it, good
and bad mixed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from receivables.adapters.columns import AmountSign, ColumnMap, RowKind
from receivables.money import Currency, Money
from receivables.testing._strategies import payment_terms

_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%d %b %Y")
_LOCALES = ("en_US", "de_DE", "fr_FR", "en_IN")
_KINDS = (("Invoice", RowKind.INVOICE), ("Credit", RowKind.CREDIT_MEMO), ("Cash", RowKind.PAYMENT))
_CURRENCIES = ("USD", "EUR", "JPY", "BHD")


_ALL_FORMATS = (*_FORMATS, "%d/%m/%y", "%Y%m%d", "%B %d, %Y", "%Y-%j")
_COLUMN_WORDS = ("Customer", "Kunde", "Belegnr.", "Due Date", "Betrag in HW", "Open", "Währung")


def _column_names() -> st.SearchStrategy[str]:
    """Column names as exports print them, and any non-blank text up to the 200-character cap."""
    return st.one_of(
        st.sampled_from(_COLUMN_WORDS),
        st.text(min_size=1, max_size=30).filter(str.strip),
        st.just("C" * 200),
    )


def column_maps() -> st.SearchStrategy[ColumnMap]:
    """Column maps the constructor accepts: each way of giving the amounts (a whole amount, an
    open amount, or debit and credit), a kind column with its words (some repeated in another
    case) or none, both signs, strict and lenient terms with and without default terms, any
    ``strptime`` format that names the year, month and day, and every optional column.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(column_maps())
        ... def check(mapping):
        ...     assert mapping.customer in mapping.columns()
        >>> check()
    """

    @st.composite
    def build(draw: Any) -> ColumnMap:
        names = _column_names()
        optional = st.none() | names
        amounts = draw(st.sampled_from(["amount", "open", "both", "debit_credit"]))
        kind = draw(optional)
        words = st.one_of(st.sampled_from(["Invoice", "Credit", "Cash", "RE", "GS"]), names)
        kinds: list[tuple[str, RowKind]] = []
        taken: dict[str, RowKind] = {}

        def add(word: str, row_kind: RowKind) -> None:
            # A word (compared case-insensitively) means one kind: a repeat keeps the first.
            found = taken.setdefault(word.strip().casefold(), row_kind)
            kinds.append((word, found))

        if kind is not None:
            for word, row_kind in draw(
                st.lists(st.tuples(words, st.sampled_from(list(RowKind))), max_size=5)
            ):
                add(word, row_kind)
            if kinds and draw(st.booleans()):
                add(kinds[0][0].upper(), kinds[0][1])  # the same word in another case
        terms = draw(optional)
        return ColumnMap(
            name=draw(st.sampled_from(["generated", "erp"]) | names),
            title=draw(st.sampled_from(["", "An ERP's open items"]) | st.text(max_size=20)),
            customer=draw(names),
            document=draw(names),
            document_date=draw(names),
            date_format=draw(st.sampled_from(_ALL_FORMATS)),
            customer_name=draw(optional),
            kind=kind,
            kinds=tuple(kinds),
            unknown_kind=draw(st.none() | st.sampled_from(list(RowKind))),
            due_date=draw(optional),
            currency=draw(optional),
            default_currency=draw(st.none() | st.sampled_from([*_CURRENCIES, "KWD"])),
            amount=draw(names) if amounts in ("amount", "both") else None,
            open_amount=draw(names) if amounts in ("open", "both") else None,
            debit=draw(names) if amounts == "debit_credit" else None,
            credit=draw(names) if amounts == "debit_credit" else None,
            sign=draw(st.sampled_from(list(AmountSign)))
            if kind is not None
            else AmountSign.AS_PRINTED,
            locale=draw(st.sampled_from(_LOCALES)),
            terms=terms,
            terms_mode=draw(st.sampled_from(["strict", "lenient"])),
            default_terms=draw(st.none() | payment_terms()) if terms is not None else None,
            references=tuple(draw(st.lists(names, max_size=3))),
            against=draw(optional),
            opening=draw(optional),
            opening_values=tuple(draw(st.lists(st.text(max_size=8), max_size=4))),
            summary_markers=tuple(draw(st.lists(st.text(max_size=12), max_size=3))),
            fill_down=tuple(draw(st.lists(names, max_size=2))),
        )

    return build()


def _map(draw: Any, date_format: str, locale: str) -> ColumnMap:
    with_kind = draw(st.booleans())
    return ColumnMap(
        name="generated",
        customer="Customer",
        customer_name="Name",
        document="Document",
        document_date="Date",
        due_date="Due",
        date_format=date_format,
        currency="Currency",
        amount="Amount",
        open_amount="Open",
        kind="Kind" if with_kind else None,
        kinds=_KINDS if with_kind else (),
        terms="Terms",
        terms_mode=draw(st.sampled_from(["strict", "lenient"])),
        locale=locale,
        summary_markers=("Total",),
    )


@st.composite
def export_rows(draw: Any, max_rows: int = 25) -> tuple[ColumnMap, list[dict[str, str | None]]]:
    """A :class:`~receivables.adapters.ColumnMap` and rows for it as an export prints them:
    amounts in the map's locale (some in accounting negatives), dates in its format, invoices
    split over payment-schedule lines, credit notes and payments, total rows, and bad rows
    (unreadable dates, amounts, currencies and terms, blank customers, unknown kinds).

    Examples:
        >>> from hypothesis import given, settings
        >>> from receivables.adapters import load_rows
        >>> @settings(max_examples=5, deadline=None)
        ... @given(export_rows(max_rows=5))
        ... def check(case):
        ...     mapping, rows = case
        ...     assert load_rows(rows, mapping, errors="collect").reconciles
        >>> check()
    """
    date_format = draw(st.sampled_from(_FORMATS))
    locale = draw(st.sampled_from(_LOCALES))
    mapping = _map(draw, date_format, locale)
    rows: list[dict[str, str | None]] = []
    count = draw(st.integers(0, max_rows))
    day = st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31))
    for number in range(count):
        code = draw(st.sampled_from(_CURRENCIES))
        currency = Currency(code)
        issue = draw(day)
        lines = draw(st.integers(1, 3))
        kind_text, kind = draw(st.sampled_from(_KINDS))
        document = f"D-{number}"
        customer = draw(st.sampled_from(["C-1", "C-2", "C-3"]))
        for line in range(lines):
            units = draw(st.integers(0, 10**9))
            amount = Money.from_minor_units(units, currency)
            open_units = draw(st.integers(0, units))
            open_amount = Money.from_minor_units(open_units, currency)
            if kind is not RowKind.INVOICE:
                amount, open_amount = -amount, -open_amount
            due = issue + dt.timedelta(days=30 * (line + 1))
            row: dict[str, str | None] = {
                "Customer": customer,
                "Name": f"Customer {customer}",
                "Document": document,
                "Kind": kind_text,
                "Date": issue.strftime(date_format),
                "Due": due.strftime(date_format),
                "Currency": code,
                "Amount": amount.format(locale, format_type="accounting")
                if draw(st.booleans())
                else amount.format(locale),
                "Open": open_amount.format(locale),
                "Terms": draw(st.sampled_from(["Net 30", "", "2/10 Net 30", "Whenever"])),
            }
            if mapping.kind is None:
                del row["Kind"]
            spoil = draw(st.integers(0, 12))
            if spoil == 1:
                row["Date"] = "31/02/2026"
            elif spoil == 2:
                row["Amount"] = "12,34,5.6.7"
            elif spoil == 3:
                row["Currency"] = "XXQ"
            elif spoil == 4:
                row["Customer"] = ""
            elif spoil == 5 and mapping.kind is not None:
                row["Kind"] = "Mystery"
            elif spoil == 6:
                row["Due"] = None
            elif spoil == 7:
                row = {"Customer": "", "Document": "", "Date": "Total", "Amount": "1"}
            rows.append(row)
    return mapping, rows

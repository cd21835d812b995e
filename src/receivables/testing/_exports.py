"""Strategies for ERP export rows (the adapters' input): a map and rows, good and bad mixed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from receivables.adapters.columns import ColumnMap, RowKind
from receivables.money import Currency, Money

_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%d %b %Y")
_LOCALES = ("en_US", "de_DE", "fr_FR", "en_IN")
_KINDS = (("Invoice", RowKind.INVOICE), ("Credit", RowKind.CREDIT_MEMO), ("Cash", RowKind.PAYMENT))
_CURRENCIES = ("USD", "EUR", "JPY", "BHD")


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

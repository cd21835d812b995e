"""Arrow tables of open items, as :func:`receivables.frames.age_table` reads them (needs the
``arrow`` extra as well as ``hypothesis``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

from receivables.documents import OpenItem, open_items_by_instalment
from receivables.testing._strategies import portfolios


def open_items_table(items: Iterable[OpenItem], *, minor_units: bool = True) -> Any:
    """The Arrow table of ``items`` that :func:`receivables.frames.age_table` reads: one row per
    open item (an invoice on instalment terms: one per open instalment, sharing its
    ``document_id``), with ``customer_id``, ``currency``, ``due_date``, ``document_date`` and
    ``amount`` (the open balance, receivable-positive) as int64 minor units or, with
    ``minor_units=False``, as ``decimal128(38, 3)``.

    Examples:
        >>> import datetime as dt
        >>> from receivables import CreditMemo, Money
        >>> table = open_items_table([CreditMemo("CM-1", "C-1", dt.date(2026, 1, 2),
        ...                                      Money("12.50", "USD"))])
        >>> table.column("amount").to_pylist(), str(table.schema.field("due_date").type)
        ([-1250], 'date32[day]')
    """
    import pyarrow as pa  # the arrow extra: imported only when asked for

    rows = list(open_items_by_instalment(items))
    balances = [item.open_balance for item in rows]
    if minor_units:
        amounts = pa.array([money.minor_units for money in balances], type=pa.int64())
    else:
        amounts = pa.array([money.amount for money in balances], type=pa.decimal128(38, 3))
    return pa.table(
        {
            "document_id": pa.array([item.document_id for item in rows], type=pa.string()),
            "customer_id": pa.array([item.customer_id for item in rows], type=pa.string()),
            "currency": pa.array([money.currency.code for money in balances], type=pa.string()),
            "due_date": pa.array([item.due_date for item in rows], type=pa.date32()),
            "document_date": pa.array([item.document_date for item in rows], type=pa.date32()),
            "amount": amounts,
        }
    )


def open_item_tables(*, max_customers: int = 5, max_invoices: int = 15) -> st.SearchStrategy[Any]:
    """Arrow tables of the open items of :func:`portfolios` (see :func:`open_items_table`),
    amounts as int64 minor units or as decimals.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=5)
        ... @given(open_item_tables())
        ... def check(table):
        ...     assert table.column_names[-1] == "amount"
        >>> check()
    """
    return st.builds(
        lambda book, minor: open_items_table(book.open_items(), minor_units=minor),
        portfolios(max_customers=max_customers, max_invoices=max_invoices),
        st.booleans(),
    )

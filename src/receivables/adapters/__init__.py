"""ERP exports in: rows as an ERP prints them, documents out (the edge; pure, no files).

:func:`load_rows` reads the rows of an export (what :class:`csv.DictReader` gives) through a
:class:`ColumnMap` and returns a :class:`LoadResult`: documents, customers, rejected rows with
row, column and reason, and a per-currency reconciliation. Ready maps for ERPNext, Odoo,
NetSuite, SAP FBL5N, QuickBooks, Business Central and Xero are in :data:`MAPS`.

Examples:
    >>> import csv, datetime as dt
    >>> from receivables.aging import age
    >>> lines = ["Posting Date,Party,Voucher Type,Voucher No,Due Date,Invoiced Amount,"
    ...          "Outstanding Amount,Currency",
    ...          '2026-04-01,C-1,Sales Invoice,SINV-1,2026-05-01,"1,000.00",400.00,USD']
    >>> result = load_rows(csv.DictReader(lines), MAPS["erpnext"])
    >>> report = age(result.documents, as_of=dt.date(2026, 6, 30))
    >>> report.total("USD")
    Money('400.00', 'USD')
"""

from __future__ import annotations

from receivables.adapters.columns import MAX_CELL_LENGTH, AmountSign, ColumnMap, RowKind
from receivables.adapters.load import (
    LoadResult,
    Reconciliation,
    Rejection,
    RowNote,
    load_rows,
)
from receivables.adapters.maps import MAPS

__all__ = [
    "MAPS",
    "MAX_CELL_LENGTH",
    "AmountSign",
    "ColumnMap",
    "LoadResult",
    "Reconciliation",
    "Rejection",
    "RowKind",
    "RowNote",
    "load_rows",
]

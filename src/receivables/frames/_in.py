"""Documents from Arrow tables: :func:`documents_from_arrow`, through the ERP adapters."""

from __future__ import annotations

from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from receivables._text import shown
from receivables.adapters.columns import ColumnMap
from receivables.adapters.load import LoadResult, load_rows
from receivables.errors import AmountTypeError, InvalidTypeError, ValidationError


def documents_from_arrow(
    table: pa.Table, mapping: ColumnMap, *, errors: Literal["raise", "collect"] = "raise"
) -> LoadResult:
    """Read an Arrow table of an ERP export into documents through the ERP adapters'
    :class:`~receivables.adapters.ColumnMap` (the same maps, kinds, signs and checks as
    :func:`~receivables.adapters.load_rows`, which does the reading).

    Text columns are read as the export prints them. Typed columns are read by value: a
    ``date32`` (or timestamp) date is that date whatever the map's ``date_format``; a
    ``decimal128`` or integer amount is that number, in units of the currency (an integer
    ``1200`` is 1,200.00, not 12.00). A ``float`` amount column is refused
    (:class:`~receivables.errors.AmountTypeError`): a float cannot hold most cent amounts, so
    read the file with the amount columns as text or decimals (``pyarrow.csv.ConvertOptions(
    column_types=...)``). ``errors`` is ``"raise"`` or ``"collect"``, as for ``load_rows``.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> import pyarrow as pa
        >>> from receivables.adapters import MAPS
        >>> table = pa.table({
        ...     "Posting Date": pa.array([dt.date(2026, 4, 1)]), "Party": ["C-1"],
        ...     "Voucher Type": ["Sales Invoice"], "Voucher No": ["SINV-1"],
        ...     "Due Date": pa.array([dt.date(2026, 5, 1)]),
        ...     "Invoiced Amount": pa.array([Decimal("1000.00")]),
        ...     "Outstanding Amount": pa.array([Decimal("400.00")]), "Currency": ["USD"]})
        >>> result = documents_from_arrow(table, MAPS["erpnext"])
        >>> result.documents[0].open_amount, result.documents[0].due_date
        (Money('400.00', 'USD'), datetime.date(2026, 5, 1))
    """
    if not isinstance(table, pa.Table):
        raise InvalidTypeError(f"table must be a pyarrow Table, not {type(table).__name__}")
    if not isinstance(mapping, ColumnMap):
        raise InvalidTypeError(f"mapping must be a ColumnMap, not {type(mapping).__name__}")
    if errors not in ("raise", "collect"):
        raise ValidationError(f"errors must be 'raise' or 'collect', got {shown(errors)}")
    dates = {mapping.document_date, *([mapping.due_date] if mapping.due_date else [])}
    amounts = {
        name
        for name in (mapping.amount, mapping.open_amount, mapping.debit, mapping.credit)
        if name is not None
    }
    texts: dict[str, pa.Array] = {}
    use = mapping
    for name in table.column_names:
        column = table.column(name)
        kind = column.type
        if pa.types.is_floating(kind) and name in amounts:
            raise AmountTypeError(
                f"column {name} holds floats ({kind}), which cannot hold cent amounts exactly; "
                "read it as text or as a decimal"
            )
        if name in dates and (pa.types.is_date(kind) or pa.types.is_timestamp(kind)):
            texts[name] = pc.strftime(column.cast(pa.timestamp("s")), format="%Y-%m-%d")
        elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
            texts[name] = column
        else:
            texts[name] = column.cast(pa.string())
    typed_dates = [
        name
        for name in dates
        if name in table.column_names
        and (
            pa.types.is_date(table.column(name).type)
            or pa.types.is_timestamp(table.column(name).type)
        )
    ]
    if typed_dates:
        if len(typed_dates) != len([name for name in dates if name in table.column_names]):
            raise ValidationError(
                f"date columns {', '.join(sorted(dates))} must be all typed dates or all text"
            )
        use = use.using(date_format="%Y-%m-%d")
    if any(
        name in table.column_names and not _is_text(table.column(name).type) for name in amounts
    ):
        if not all(name in table.column_names and not _is_text(table.column(name).type)
                   for name in amounts):  # fmt: skip
            raise ValidationError(
                f"amount columns {', '.join(sorted(amounts))} must be all numbers or all text"
            )
        use = use.using(locale="en_US")  # numbers written as Arrow writes them: 1234.50
    rows = pa.table(texts).to_pylist()
    return load_rows(rows, use, errors="collect" if errors == "collect" else "raise")


def _is_text(kind: pa.DataType) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))

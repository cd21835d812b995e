"""Arrow tables out and in: results as typed columns for pandas and polars, and the Arrow fast
path for aging (the optional extra ``receivables[arrow]``, which installs ``pyarrow``).

:func:`to_arrow` turns a result into a :class:`pyarrow.Table`: money as ``decimal128`` columns
beside a ``currency`` column (never ``float64``), dates as ``date32``, enums as their values and
reasons as a list column. ``table.to_pandas()`` and ``polars.from_arrow(table)`` read it as it is.
:func:`documents_from_arrow` reads an Arrow table (an ERP export read with ``pyarrow.csv`` or
from Parquet) through the ERP adapters' :class:`~receivables.adapters.ColumnMap`, and
:func:`age_table` ages a columnar table of open items with ``pyarrow.compute`` and returns the
same :class:`~receivables.aging.AgingReport` as :func:`~receivables.aging.age`.

**Money columns.** A money column is ``decimal128(38, scale)`` where ``scale`` is the largest
minor units among the table's currencies (2 for USD and EUR, 0 for JPY, 3 for BHD and KWD), or
more where a value has more decimals (an exact intermediate): no value is ever rounded, and a
value that does not fit 38 digits goes to ``decimal256(76, scale)``. A table whose rows are in
several currencies keeps one scale per column (a JPY amount in a USD and JPY table reads
``1000.00``, the same number) and the ``currency`` column says which currency each row is in;
no figure of one currency is ever added to another's. The field metadata of each money column
names its currency column (``b"currency": b"currency"``).

Examples:
    >>> import datetime as dt
    >>> from receivables import Invoice, Money
    >>> from receivables.aging import age
    >>> inv = Invoice("I-1", "C-1", dt.date(2026, 1, 2), Money("500.10", "USD"),
    ...               due_date=dt.date(2026, 2, 1))
    >>> table = to_arrow(age([inv], dt.date(2026, 3, 20)))
    >>> table.column("31-60").type, table.column("31-60")[0].as_py()
    (Decimal128Type(decimal128(38, 2)), Decimal('500.10'))
"""

from __future__ import annotations

from receivables.errors import MissingDependencyError

try:
    import pyarrow  # noqa: F401 - the extra, checked before the modules that use it load
except ImportError:  # pragma: no cover - exercised in a subprocess without pyarrow
    raise MissingDependencyError(
        "receivables.frames needs pyarrow, which is not installed: pip install 'receivables[arrow]'"
    ) from None

from receivables.frames._aging import age_table, age_table_to_arrow
from receivables.frames._in import documents_from_arrow
from receivables.frames._out import Result, to_arrow

__all__ = ["Result", "age_table", "age_table_to_arrow", "documents_from_arrow", "to_arrow"]

# The code lives in private modules (_out: tables out; _in: documents in; _aging: the Arrow
# aging; _columns: the decimal columns they share); the public names belong here, where users
# import them: the public-surface test checks their examples as receivables.frames.<name>, the
# doctests run in this namespace, and the fuzz suite and the API docs name them so.
for _public in (age_table, age_table_to_arrow, documents_from_arrow, to_arrow):
    _public.__module__ = __name__
del _public

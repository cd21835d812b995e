"""The Arrow fast path for aging: :func:`age_table` and :func:`age_table_to_arrow`."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from operator import methodcaller
from typing import Any, Final

import pyarrow as pa
import pyarrow.compute as pc

from receivables._decimal import in_context
from receivables._text import shown
from receivables._validate import require_date
from receivables.aging.buckets import AgingBasis, Buckets
from receivables.aging.report import AgingReport, AgingRow, CreditHandling
from receivables.errors import AmountTypeError, InvalidTypeError, ReceivablesError, ValidationError
from receivables.frames._columns import (
    PRECISION,
    WIDE_PRECISION,
    check_labels,
    decimal_type,
    exact_total,
    money_field,
    scale_of,
)
from receivables.frames._out import to_arrow
from receivables.money import Currency

_EPOCH: Final = dt.date(1970, 1, 1)
# Scaling a whole number of minor units is exact at any size an Arrow decimal holds.
_EXACT: Final = decimal.Context(prec=WIDE_PRECISION + 4)


def _required(table: pa.Table, name: str) -> pa.ChunkedArray:
    if name not in table.column_names:
        raise ValidationError(
            f"the table has no column {shown(name)}; age_table reads customer_id, currency, "
            f"due_date or document_date, and amount (it has {', '.join(table.column_names)})"
        )
    return table.column(name)


def _no_nulls(column: pa.ChunkedArray, name: str) -> None:
    if column.null_count:
        first = pc.index(pc.is_null(column), True).as_py()
        raise ValidationError(f"column {name} is empty at row {first} (rows count from 0)")


def _dates(table: pa.Table, name: str) -> pa.ChunkedArray:
    column = _required(table, name)
    if pa.types.is_date64(column.type) or pa.types.is_timestamp(column.type):
        column = column.cast(pa.date32())
    if not pa.types.is_date32(column.type):
        raise InvalidTypeError(f"column {name} must hold dates (date32), not {column.type}")
    _no_nulls(column, name)
    return column


def _amounts(table: pa.Table) -> tuple[pa.ChunkedArray | pa.Array, int | None]:
    """The amount column as whole numbers, and how many places each stands shifted: ``None``
    for minor units (each row's currency says), or a decimal column's scale. The numbers are
    int64 (fast to add and to read) unless a sum could leave int64: then decimal128(38, 0)."""
    column = _required(table, "amount")
    kind = column.type
    if pa.types.is_floating(kind):
        raise AmountTypeError(
            f"column amount holds floats ({kind}), which cannot hold cent amounts exactly; "
            "give int64 minor units or decimal128"
        )
    _no_nulls(column, "amount")
    shift: int | None = None
    if pa.types.is_decimal(kind):
        # The unscaled integers of the decimals: the same bits read at scale 0 (exact).
        shift = kind.scale
        wide = isinstance(kind, pa.Decimal256Type)
        whole = column.combine_chunks().view(
            pa.decimal256(WIDE_PRECISION, 0) if wide else pa.decimal128(PRECISION, 0)
        )
        try:
            column = whole.cast(pa.int64())
        except pa.ArrowInvalid:
            return whole, shift  # past int64 already: added as decimals
    elif pa.types.is_integer(kind):
        column = column.cast(pa.int64())
    else:
        raise InvalidTypeError(f"column amount must be int64 minor units or a decimal, not {kind}")
    if len(column):
        try:
            largest = pc.max(pc.abs_checked(column)).as_py()
        except pa.ArrowInvalid:
            largest = 2**63
        if largest * len(column) >= 2**63:  # a sum could leave int64: add as decimals
            return column.cast(pa.decimal128(PRECISION, 0)), shift
    return column, shift


def _document_ids(table: pa.Table) -> pa.ChunkedArray | None:
    if "document_id" not in table.column_names:
        return None
    column = table.column("document_id")
    if pa.types.is_dictionary(column.type):
        column = column.cast(pa.string())
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        raise InvalidTypeError(f"column document_id must be text, not {column.type}")
    _no_nulls(column, "document_id")
    return column


def _checked_currencies(column: pa.ChunkedArray) -> dict[str, Currency]:
    found: dict[str, Currency] = {}
    for code in pc.unique(column).to_pylist():
        try:
            found[code] = Currency(code)
        except ReceivablesError as error:
            raise ValidationError(f"column currency: {error}") from None
    return found


@in_context
def age_table(
    table: pa.Table,
    as_of: dt.date,
    *,
    buckets: Buckets | None = None,
    basis: AgingBasis = AgingBasis.DUE_DATE,
    credits: CreditHandling = CreditHandling.SEPARATE,
) -> AgingReport:
    """Age a table of open items with ``pyarrow.compute``: the same
    :class:`~receivables.aging.AgingReport` as :func:`~receivables.aging.age` on the same items,
    exactly, without a Python object per item.

    One row per open item, with the columns ``customer_id`` (text; null for unidentified
    cash), ``currency`` (ISO 4217 codes), ``due_date`` (for ``AgingBasis.DUE_DATE``) or
    ``document_date`` (for ``AgingBasis.INVOICE_DATE``) as ``date32``, and ``amount``: the
    item's open balance, receivable-positive (a credit memo or unapplied cash is negative), as
    ``int64`` minor units of the row's currency (cents; yen) or as ``decimal128``. A ``float``
    amount column is refused. Rows of zero are skipped, as ``age()`` skips settled items.

    What ``age()`` does beyond the table is not here: items are not expanded into instalments
    (give one row per instalment; each counts as an item), and there are no disputes or
    segments (the report's ``disputed`` column is zero). With a ``document_id`` column, a row's
    ``item_count`` counts distinct documents, so an invoice given as one row per instalment
    counts once, as in ``age()``; without it, every row is an item. Sums are exact: int64 sums
    are checked against overflow (past it they are added as decimals), decimal sums are exact
    in Arrow.

    Examples:
        >>> import datetime as dt
        >>> import pyarrow as pa
        >>> table = pa.table({
        ...     "customer_id": ["C-1", "C-1", "C-2"], "currency": ["USD", "USD", "JPY"],
        ...     "due_date": pa.array([dt.date(2026, 2, 1), dt.date(2026, 3, 31),
        ...                           dt.date(2026, 1, 1)]),
        ...     "amount": pa.array([50010, -5000, 1200], pa.int64())})
        >>> report = age_table(table, dt.date(2026, 3, 20))
        >>> report.rows_for("C-1")[0].amount("31-60"), report.credits("USD")
        (Money('500.10', 'USD'), Money('-50.00', 'USD'))
        >>> report.total("JPY")
        Money('1200', 'JPY')
    """
    grouped, known, shift = _aged_groups(table, as_of, buckets, basis, credits)
    buckets = Buckets.standard() if buckets is None else buckets
    source = _GroupedRows(grouped, buckets.labels, known, shift)
    return AgingReport(as_of, buckets, basis, credits, None, None, _source=source)


class _GroupedRows:
    """The rows of a report from :func:`age_table`, kept as the grouped Arrow table until they
    are first read (the report's totals need them; ``to_arrow`` of the report does not)."""

    __slots__ = ("grouped", "known", "labels", "shift")

    def __init__(
        self,
        grouped: pa.Table,
        labels: tuple[str, ...],
        known: dict[str, Currency],
        shift: int | None,
    ) -> None:
        self.grouped = grouped
        self.labels = labels
        self.known = known
        self.shift = shift

    def build_rows(self) -> tuple[AgingRow, ...]:
        return tuple(
            _rows_from(self.grouped, len(self.labels), self.labels, self.known, self.shift)
        )


@in_context
def age_table_to_arrow(
    table: pa.Table,
    as_of: dt.date,
    *,
    buckets: Buckets | None = None,
    basis: AgingBasis = AgingBasis.DUE_DATE,
    credits: CreditHandling = CreditHandling.SEPARATE,
) -> pa.Table:
    """Age a table of open items straight into the aging report's Arrow table: the same table
    as ``to_arrow(age_table(table, ...))``, built without the report's Python objects (one
    :class:`~receivables.aging.AgingRow` and its Decimals per customer and currency).

    For a notebook that wants a DataFrame of the buckets and no report methods: every step is
    columnar, so it costs a fraction of the pandas pipeline on floats (see docs/frames.md), and
    it is exact. The columns, types and metadata are :func:`to_arrow`'s for an aging report.

    Examples:
        >>> import datetime as dt
        >>> import pyarrow as pa
        >>> table = pa.table({
        ...     "customer_id": ["C-1", "C-1", "C-2"], "currency": ["USD", "USD", "JPY"],
        ...     "due_date": pa.array([dt.date(2026, 2, 1), dt.date(2026, 3, 31),
        ...                           dt.date(2026, 1, 1)]),
        ...     "amount": pa.array([50010, -5000, 1200], pa.int64())})
        >>> aged = age_table_to_arrow(table, dt.date(2026, 3, 20))
        >>> aged.column("total").to_pylist()
        [Decimal('1200.00'), Decimal('450.10')]
        >>> aged.equals(to_arrow(age_table(table, dt.date(2026, 3, 20))), check_metadata=True)
        True
    """
    grouped, known, shift = _aged_groups(table, as_of, buckets, basis, credits)
    buckets = Buckets.standard() if buckets is None else buckets
    labels = buckets.labels
    width = len(labels)
    metadata = {
        "as_of": as_of.isoformat(),
        "basis": basis.value,
        "credit_handling": credits.value,
        "labels": json.dumps(labels),
    }
    check_labels(labels)
    codes = grouped.column("currency")
    present = [known[code] for code in pc.unique(codes).to_pylist()]
    scale = scale_of(present)
    runs = _run_lengths(codes)
    shifts = [known[code].minor_units if shift is None else shift for code, _ in runs]
    count = grouped.num_rows
    fields = [
        pa.field("customer_id", pa.string()),
        pa.field("segment", pa.string()),
        pa.field("currency", pa.string()),
        pa.field("item_count", pa.int64()),
    ]
    arrays = [
        grouped.column("customer").cast(pa.string()).combine_chunks(),
        pa.nulls(count, pa.string()),
        codes.cast(pa.string()).combine_chunks(),
        grouped.column("n").cast(pa.int64()).combine_chunks(),
    ]
    money: list[pa.Array] = []
    for index, name in enumerate((*labels, "credits")):
        column = _shifted(grouped.column(f"s{index}").combine_chunks(), runs, shifts)
        array = _narrowest(column, scale)
        money.append(array)
        fields.append(money_field(name, array))
        arrays.append(array)
    disputed = pa.repeat(pa.scalar(Decimal(0), decimal_type(scale)), count)
    fields.append(money_field("disputed", disputed))
    arrays.append(disputed)
    if any(isinstance(array.type, pa.Decimal256Type) for array in money):
        report = AgingReport(
            as_of, buckets, basis, credits, tuple(_rows_from(grouped, width, labels, known, shift)),
            None
        )  # fmt: skip
        return to_arrow(report)  # past 38 digits: the report's own conversion (rare)
    total = exact_total(money, count, scale)
    fields.append(money_field("total", total))
    arrays.append(total)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata=metadata))


def _run_lengths(codes: pa.ChunkedArray) -> list[tuple[str, int]]:
    """(value, length) of each run of equal values, from Arrow's run-end encoding."""
    if len(codes) == 0:
        return []
    encoded = pc.run_end_encode(codes.combine_chunks())
    ends = encoded.run_ends.to_pylist()
    values = encoded.values.to_pylist()
    starts = [0, *ends[:-1]]
    return [(value, end - start) for value, start, end in zip(values, starts, ends, strict=True)]


def _shifted(column: pa.Array, runs: Sequence[tuple[str, int]], shifts: Sequence[int]) -> pa.Array:
    """Whole-number sums (int64, or decimals at scale 0) as decimals, each run's shifted its
    places: the same integers read at that scale (a view, exact), then brought to one scale."""
    wide = isinstance(column.type, pa.Decimal256Type)
    precision = WIDE_PRECISION if wide else PRECISION
    whole = column if pa.types.is_decimal(column.type) else column.cast(pa.decimal128(38, 0))
    parts = []
    start = 0
    for (_, length), places in zip(runs, shifts, strict=True):
        parts.append(whole.slice(start, length).view(decimal_type(places, wide)))
        start += length
    if not parts:
        return pa.array([], decimal_type(0, wide))
    scale = max(part.type.scale for part in parts)
    target = pa.decimal256(precision, scale) if wide else pa.decimal128(precision, scale)
    return pa.concat_arrays([part.cast(target) for part in parts])


def _narrowest(column: pa.Array, scale: int) -> pa.Array:
    """A decimal column at ``scale``, or at the least scale above it that holds every value
    exactly (what :func:`to_arrow` chooses for the same figures); decimal256 past 38 digits."""
    top = max(scale, column.type.scale)
    for candidate in range(scale, top + 1):
        for wide in (False, True):
            try:
                return column.cast(decimal_type(candidate, wide))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
    raise ValidationError("an aged sum does not fit an Arrow decimal")  # pragma: no cover


def _aged_groups(
    table: pa.Table,
    as_of: dt.date,
    buckets: Buckets | None,
    basis: AgingBasis,
    credits: CreditHandling,
) -> tuple[pa.Table, dict[str, Currency], int | None]:
    """The columnar part of aging a table: per (currency, customer), sorted as ``age()`` sorts
    its rows, the sum of each slot (``s0`` .. one per bucket, then credits, as whole numbers)
    and the item count; with the currencies found and the places the sums stand shifted
    (``None``: each currency's minor units)."""
    if not isinstance(table, pa.Table):
        raise InvalidTypeError(f"table must be a pyarrow Table, not {type(table).__name__}")
    require_date(as_of, "as_of")
    buckets = Buckets.standard() if buckets is None else buckets
    if not isinstance(buckets, Buckets):
        raise InvalidTypeError(f"buckets must be Buckets, not {type(buckets).__name__}")
    if not isinstance(basis, AgingBasis):
        raise InvalidTypeError(f"basis must be an AgingBasis, not {shown(basis)}")
    if not isinstance(credits, CreditHandling):
        raise InvalidTypeError(f"credits must be a CreditHandling, not {shown(credits)}")
    customers = _required(table, "customer_id")
    if not (pa.types.is_string(customers.type) or pa.types.is_large_string(customers.type)):
        if pa.types.is_dictionary(customers.type):
            customers = customers.cast(pa.string())
        else:
            raise InvalidTypeError(f"column customer_id must be text, not {customers.type}")
    currency_column = _required(table, "currency")
    if pa.types.is_dictionary(currency_column.type):
        currency_column = currency_column.cast(pa.string())
    if not (
        pa.types.is_string(currency_column.type) or pa.types.is_large_string(currency_column.type)
    ):
        raise InvalidTypeError(f"column currency must be text, not {currency_column.type}")
    _no_nulls(currency_column, "currency")
    dates = _dates(table, "due_date" if basis is AgingBasis.DUE_DATE else "document_date")
    amounts, shift = _amounts(table)
    known = _checked_currencies(currency_column)
    documents = _document_ids(table)

    labels = buckets.labels
    width = len(labels)
    live = pc.not_equal(amounts, pa.scalar(0, amounts.type))
    if live.null_count == 0 and not pc.all(live).as_py():
        customers, currency_column, dates, amounts, documents = (
            None if column is None else pc.filter(column, live)
            for column in (customers, currency_column, dates, amounts, documents)
        )
    # Days past the date, clipped into the buckets' lookup table (one more entry: the oldest).
    lookup = pa.array([*buckets.index_table, width - 1], type=pa.int32())
    days = pc.subtract(
        pa.scalar((as_of - _EPOCH).days, pa.int64()), dates.cast(pa.int32()).cast(pa.int64())
    )
    clipped = pc.min_element_wise(pc.max_element_wise(days, 0), len(lookup) - 1)
    slot = pc.take(lookup, clipped)
    if credits is CreditHandling.SEPARATE:
        negative = pc.less(amounts, pa.scalar(0, amounts.type))
        slot = pc.if_else(negative, pa.scalar(width, pa.int32()), slot)
    columns = {"currency": currency_column, "customer": customers}
    for index in range(width + 1):
        columns[f"s{index}"] = pc.if_else(
            pc.equal(slot, index), amounts, pa.scalar(0, amounts.type)
        )
    counted: Any = amounts
    counting = ("n", "count")
    if documents is not None:
        # Rows that share a document (an invoice's instalments) count once, as in age(); the
        # distinct count is needed only when some document id repeats.
        encoded = pc.dictionary_encode(documents).combine_chunks()
        if len(encoded.dictionary) < len(encoded):
            counted, counting = encoded.indices, ("n", "count_distinct")
    grouped = (
        pa.table({**columns, "n": counted})
        .group_by(["currency", "customer"], use_threads=False)
        .aggregate([*((f"s{index}", "sum") for index in range(width + 1)), counting])
    )
    grouped = grouped.rename_columns([name.split("_")[0] for name in grouped.column_names])
    # The order of age(): currency, then customer with unidentified cash last. Arrow compares
    # text by its UTF-8 bytes, which orders as Python compares str (by code point).
    grouped = grouped.sort_by(
        [("currency", "ascending"), ("customer", "ascending")]
    )  # nulls (unidentified cash) sort last by default
    return grouped, known, shift


def _rows_from(
    grouped: pa.Table,
    width: int,
    labels: tuple[str, ...],
    known: Mapping[str, Currency],
    shift: int | None,
) -> list[AgingRow]:
    """The report's rows from the grouped table (sorted by currency, then customer). Every
    per-value step is a C-level ``map`` (Decimal, its ``scaleb``, the row constructor): no
    Python frame per value, which is most of what building 100,000 rows costs."""
    codes = grouped.column("currency").to_pylist()
    customers = grouped.column("customer").to_pylist()
    counts = grouped.column("n").to_pylist()
    runs = [(code, len(list(run))) for code, run in itertools.groupby(codes)]
    sums = []
    for index in range(width + 1):
        whole, scale = _unscaled(grouped.column(f"s{index}"))
        shifts = [scale + (known[code].minor_units if shift is None else shift) for code, _ in runs]
        sums.append(_scaled(whole, runs, shifts))
    return list(
        map(
            AgingRow,
            customers,
            map(known.__getitem__, codes),
            itertools.repeat(labels),
            zip(*sums, itertools.repeat(Decimal(0)), strict=False),
            itertools.repeat(None),
            counts,
        )
    )


def _unscaled(column: pa.ChunkedArray) -> tuple[list[Any], int]:
    """A column of sums as whole numbers and the decimals they stand for: an int64 column as it
    is; a decimal column's unscaled integers (its 128 or 256 bits read at scale 0), as ints
    where they fit int64 (fast to read) and as integral Decimals where they do not."""
    kind = column.type
    if not pa.types.is_decimal(kind):
        return column.to_pylist(), 0
    whole = column.combine_chunks().view(
        pa.decimal256(WIDE_PRECISION, 0)
        if isinstance(kind, pa.Decimal256Type)
        else pa.decimal128(PRECISION, 0)
    )
    try:
        return whole.cast(pa.int64()).to_pylist(), kind.scale
    except pa.ArrowInvalid:
        return whole.to_pylist(), kind.scale


def _scaled(column: list[Any], runs: list[tuple[str, int]], shifts: list[int]) -> list[Decimal]:
    """Whole numbers (ints, or integral Decimals) as amounts: each run's values moved
    ``shift`` places right, exactly (the context holds 80 digits). Rows come sorted by
    currency, one run each."""
    scaled: list[Decimal] = []
    start = 0
    for (_, length), shift in zip(runs, shifts, strict=True):
        move = methodcaller("scaleb", -shift, _EXACT)
        scaled.extend(map(move, map(Decimal, column[start : start + length])))
        start += length
    return scaled

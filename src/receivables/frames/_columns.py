"""Decimal columns shared by the Arrow tables out and the Arrow aging: the types, the exact
conversion of Decimals, and the row totals added in Arrow."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal
from operator import is_
from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

from receivables._decimal import ZERO
from receivables._text import shown
from receivables.errors import ValidationError
from receivables.money import Currency

PRECISION: Final = 38
"""Digits of a ``decimal128`` money column."""
WIDE_PRECISION: Final = 76
"""Digits of a ``decimal256`` column, for values past 38 digits."""
_FIXED_AGING_COLUMNS: Final = (
    "customer_id",
    "segment",
    "currency",
    "item_count",
    "credits",
    "disputed",
    "total",
)


def decimal_type(scale: int, wide: bool = False) -> pa.DataType:
    """``decimal128(38, scale)``, or ``decimal256(76, scale)`` when ``wide``."""
    return pa.decimal256(WIDE_PRECISION, scale) if wide else pa.decimal128(PRECISION, scale)


def _needed_scale(values: Sequence[Decimal | None]) -> tuple[int, bool]:
    """The smallest scale that holds every value exactly (its own decimals, not its notation's:
    ``1.500`` needs one, as ``1.5`` does), and whether the values then need decimal256."""
    scale = 0
    integral = 0
    for value in values:
        if value is None or not value:
            continue
        _, places, exponent = value.as_tuple()
        if not isinstance(exponent, int):
            raise ValidationError(f"{shown(value)} is not a finite amount")
        zeros = 0
        while zeros < len(places) - 1 and places[-1 - zeros] == 0:
            zeros += 1
        scale = max(scale, -(exponent + zeros))
        integral = max(integral, value.adjusted() + 1)
    return scale, integral + scale > PRECISION


def decimal_array(
    values: Sequence[Decimal | None], scale: int, name: str, *, nullable: bool = True
) -> pa.Array:
    """Decimals as ``decimal128(38, scale)``, exactly: a value with more decimals (or digits)
    than that type holds widens the column's scale (or makes it decimal256); nothing rounds.
    A column of zeros only (an aging report's credits and disputed, mostly) is built without
    a conversion per value; ``nullable=False`` says no value is missing."""
    if not any(values) and (not nullable or None not in values):
        return pa.repeat(pa.scalar(Decimal(0), decimal_type(scale)), len(values))
    try:
        return pa.array(values, type=decimal_type(scale))
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        pass
    needed, wide = _needed_scale(values)
    scale = max(scale, needed)
    if wide:
        integral = _needed_integral(values)
        if integral + scale > WIDE_PRECISION:
            raise ValidationError(
                f"column {name} holds an amount of {integral + scale} digits; Arrow decimals "
                f"hold at most {WIDE_PRECISION}"
            )
    try:
        return pa.array(values, type=decimal_type(scale, wide))
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as error:
        raise ValidationError(f"column {name} cannot be an Arrow decimal: {error}") from None


def decimal_columns(cells: Sequence[Decimal], width: int, scale: int) -> list[pa.Array] | None:
    """Rows of ``width`` Decimals, given one after the other in ``cells``, as ``width``
    ``decimal128(38, scale)`` columns, or ``None`` when a value needs a wider type (then each
    column goes through :func:`decimal_array`).

    The bulk path of a million-row aging report: the cells still at the shared
    :data:`~receivables._decimal.ZERO` (most cells of a large report) are told by identity, in
    C, and masked, so Arrow converts only the sums a row touched; the nulls are filled with
    zero and the columns cut from the one array by Arrow. Exact: a value the type cannot hold
    makes Arrow refuse, never round."""
    kind = decimal_type(scale)
    untouched = pa.array(map(is_, cells, itertools.repeat(ZERO)), pa.bool_(), size=len(cells))
    try:
        whole = pa.array(cells, type=kind, mask=untouched)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None
    lists = pa.FixedSizeListArray.from_arrays(whole.fill_null(pa.scalar(ZERO, kind)), width)
    return [pc.list_element(lists, index) for index in range(width)]


def _needed_integral(values: Sequence[Decimal | None]) -> int:
    most = 0
    for value in values:
        if value:
            most = max(most, value.adjusted() + 1)
    return most


def scale_of(currencies: Sequence[Currency]) -> int:
    """The scale of a money column: the largest minor units among the currencies (2 if none)."""
    return max((currency.minor_units for currency in set(currencies)), default=2)


def money_field(name: str, array: pa.Array) -> pa.Field:
    """A money column's field, its metadata naming the ``currency`` column."""
    return pa.field(name, array.type, metadata={b"currency": b"currency"})


def exact_total(columns: Sequence[pa.Array], count: int, scale: int) -> pa.Array:
    """The row totals (buckets plus credits), added in Arrow as decimal256 (room for 60
    digits, so no sum of 38-digit values can overflow), then narrowed back to decimal128 with
    a checked cast: exact either way."""
    target_scale = max([scale, *(column.type.scale for column in columns)])
    if any(isinstance(column.type, pa.Decimal256Type) for column in columns):
        raise TooWideError
    if columns and all(column.type.scale == target_scale for column in columns):
        # The common case: every column at one scale and every value within int64 as a whole
        # number of its units (18 digits). Then the unscaled integers are added as int64 with
        # overflow checks, and read back at the scale: exact, and far cheaper than decimal256.
        try:
            whole = [
                column.view(pa.decimal128(PRECISION, 0)).cast(pa.int64()) for column in columns
            ]
            units = whole[0]
            for column in whole[1:]:
                units = pc.add_checked(units, column)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            return units.cast(pa.decimal128(PRECISION, 0)).view(decimal_type(target_scale))
    # 38 digits and at most 100 columns: the sum needs at most 41 of decimal256's 76.
    work = pa.decimal256(PRECISION + 3, target_scale)
    total = pa.repeat(pa.scalar(Decimal(0), work), count)
    for column in columns:
        total = pc.add(total, column.cast(work))
    total = total.cast(pa.decimal256(WIDE_PRECISION, target_scale))
    try:
        return total.cast(decimal_type(target_scale))
    except pa.ArrowInvalid:
        return total.cast(decimal_type(target_scale, wide=True))


class TooWideError(Exception):
    """A bucket column is decimal256: its totals are added in Python instead."""


def check_labels(labels: tuple[str, ...]) -> None:
    """Refuse a bucket label that is also a fixed column of the aging table."""
    for label in labels:
        if label in _FIXED_AGING_COLUMNS:
            raise ValidationError(
                f"bucket label {shown(label)} is also a column of the table; rename the bucket"
            )
